"""Phụ lục 1, Phụ lục 4 and the scoring sheet as seed 002 prints them: the unit's name above,
the "Ghi chú" under the tables, the order of the models, column (7) of Phụ lục 4, the sheet's
group rows and "Ghi chú" column, and the 2026 wording after the reform (no "cấp huyện")."""

from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from models_dvk.models import DvkModel, Field, Origin, Step
from tests.documents.reading import pdf_text

pytestmark = pytest.mark.django_db


def _get(client, user, kind, year=2026, query=""):
    client.force_login(user)
    response = client.get(f"/van-ban/{kind}/ba-thanh/{year}/{query}")
    assert response.status_code == 200
    return response


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs if p.text.strip()]


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _new(campaign, participant, name, field, **extra) -> DvkModel:
    return DvkModel.objects.create(
        campaign=campaign,
        participant=participant,
        name=name,
        location="Thôn Vàng",
        host=participant.name,
        field=field,
        subject="collective",
        origin=Origin.NEW,
        **extra,
    )


@pytest.mark.parametrize(
    ("kind", "label", "last_note"),
    [
        ("dvk-registrations", "Phụ lục 1", "(8): Chủ thể thực hiện"),
        ("dvk-results", "Phụ lục 4", "(9): Chủ thể thực hiện"),
    ],
)
def test_an_annex_names_its_unit_above_and_carries_the_seeds_notes_below(
    client, campaign_2026, demo, kind, label, last_note
):
    paragraphs = _paragraphs(_get(client, demo.party, kind, query="?format=docx").content)
    # "TÊN ĐƠN VỊ……" filled in, then the label and the title.
    assert paragraphs[:2] == ["ĐẢNG ỦY XÃ BA THÀNH", label]
    notes = paragraphs[paragraphs.index("Ghi chú:") + 1 :]
    assert notes[0].startswith("(2): Chi bộ, phòng, ban, đơn vị, đoàn thể / Tên mô hình")
    assert notes[-1].startswith(last_note)
    assert any(n.startswith("(6): Lĩnh vực (Kinh tế; Văn hóa - xã hội;") for n in notes)
    # 2026: districts are gone, the places of column (4) no longer name one.
    place = next(n for n in notes if n.startswith("(4)"))
    assert "huyện" not in place and "xã, phường" in place
    pdf = pdf_text(_get(client, demo.party, kind, query="?format=pdf").content)
    assert pdf.index("ĐẢNG ỦY XÃ BA THÀNH") < pdf.index(label) < pdf.index("Ghi chú:")


def test_a_2025_annex_still_names_the_district(client, campaign_2026, demo):
    paragraphs = _paragraphs(
        _get(client, demo.party, "dvk-registrations", 2025, "?format=docx").content
    )
    assert "(4): Địa điểm triển khai (phòng, ban, cơ quan, đơn vị, thôn, bản, tổ dân phố, xã, " \
        "phường, huyện)." in paragraphs  # fmt: skip


def test_annex_1_keeps_the_seeds_two_parts_and_lists_field_by_field_within_one(
    client, campaign_2026, demo
):
    farmers = campaign_2026.participants.get(name="Hội Nông dân xã")
    _new(campaign_2026, farmers, "Tổ hợp tác trồng keo", Field.ECONOMY)
    rows = _rows(_get(client, demo.party, "dvk-registrations", query="?format=xlsx").content)
    names = [r[1] for r in rows]
    continued = names.index("Mô hình tiếp tục duy trì từ năm 2025")
    new = names.index("Mô hình đăng ký mới năm 2026")
    assert continued < new  # as seed 002 prints it: I. carried forward, II. registered new
    start = names.index("Hội Nông dân xã", new)
    # Kinh tế before Đô thị văn minh (KT; VHXH; QPAN; XDĐ&HTCT; then the others).
    assert names[start + 1 : start + 3] == [
        "Tổ hợp tác trồng keo",
        "Ông Đinh Văn Rơi vận động đồng bào trồng rừng gỗ lớn",
    ]


def test_annex_4_lists_new_models_before_continued_ones_within_each_field(
    client, campaign_2026, demo
):
    vang = campaign_2026.participants.get(name="Chi bộ thôn Vàng")
    continued = vang.models.get()  # rural (Xây dựng nông thôn mới), carried from 2025
    continued.results = "Hoàn thành 1,8 km đường, 70 hộ hiến đất."
    continued.scale = "1,2 km đường, 46 hộ hiến đất"
    continued.save()
    _new(campaign_2026, vang, "Thắp sáng đường quê", Field.RURAL, scale="3 km đèn")
    _new(campaign_2026, vang, "Chợ phiên nông sản sạch", Field.ECONOMY, results="12 phiên chợ.")
    _new(campaign_2026, vang, "Câu lạc bộ dân ca", Field.OTHER)
    rows = _rows(_get(client, demo.party, "dvk-results", query="?format=xlsx").content)
    start = next(i for i, r in enumerate(rows) if r[1] == "Chi bộ thôn Vàng")
    assert rows[start][2] == 4
    block = rows[start + 1 : start + 5]
    assert [r[1] for r in block] == [
        "Chợ phiên nông sản sạch",  # Kinh tế first
        "Thắp sáng đường quê",  # nông thôn mới: new …
        continued.name,  # … above continued
        "Câu lạc bộ dân ca",  # a later field, though new
    ]
    assert [r[7:9] for r in block] == [["X", None], ["X", None], [None, "X"], ["X", None]]
    # Column (7): what was achieved, never the scale registered in Phụ lục 1.
    assert [r[6] for r in block] == [
        "12 phiên chợ.",
        None,
        "Hoàn thành 1,8 km đường, 70 hộ hiến đất.",
        None,
    ]
    pdf = pdf_text(_get(client, demo.party, "dvk-results", query="?format=pdf").content)
    assert "3 km đèn" not in pdf and "46 hộ hiến đất" not in pdf
    assert "(8): Xây dựng mới/duy trì: đánh dấu X vào cột (danh sách sắp xếp loạt mô hình" in pdf


# --- the scoring sheet --------------------------------------------------------------------


def _sheet(client, demo, model, fmt):
    return _get(
        client, demo.party, "dvk-scoresheet", model.campaign.year, f"?model={model.pk}&format={fmt}"
    )


def test_the_scoring_sheet_has_the_seeds_group_rows_and_ghi_chu_column(client, campaign_2026, demo):
    model = campaign_2026.models.get(step=Step.RECOGNISED)
    rows = _rows(_sheet(client, demo, model, "xlsx").content)
    header = next(r for r in rows if r[0] == "STT")
    assert header[1:3] == ["Tiêu chí", "Điểm tối đa"] and header[-1] == "Ghi chú"
    assert header[3] == "Điểm đánh giá"  # over each member's column and the mean
    groups = [(r[0], r[1], r[2]) for r in rows if r[0] in ("I", "II", "II.1", "II.2")]
    assert groups == [
        ("I", "Các tiêu chí chung về mô hình “Dân vận khéo”", 75),
        (
            "II",
            "Tiêu chí đánh giá chủ thể thực hiện (Chọn chủ thể phù hợp để tiến hành đánh giá)",
            25,
        ),
        ("II.1", "Đối với mô hình do tập thể thực hiện", None),
    ]
    total = next(r for r in rows if r[1] == "Tổng cộng I + II")
    assert total[2] == 100 and total[-2] == 100
    key_rows = {r[0]: r[-1] for r in rows if r[0] in {"1", "2", "7", "9", "11", "15"}}
    assert key_rows == {
        "1": None,
        "2": "Phải đạt điểm tối đa",
        "7": "Phải đạt điểm tối đa",
        "9": "Phải đạt điểm tối đa",
        "11": "Phải đạt điểm tối đa",
        "15": "Phải đạt điểm tối đa",
    }
    pdf = pdf_text(_sheet(client, demo, model, "pdf").content)
    assert (
        "Mô hình “Dân vận khéo” phải đạt tổng từ 75 điểm (I+II) trở lên; trong đó các tiêu chí "
        "2, 7, 9, 11 và 15 phải đạt điểm tối đa."
    ) in pdf


def test_the_2026_scoring_sheet_is_worded_after_the_reform(client, campaign_2026, demo):
    model_2026 = campaign_2026.models.get(step=Step.RECOGNISED)
    assert model_2026.appraisal.rubric.year == 2026
    for fmt in ("pdf", "docx"):
        content = _sheet(client, demo, model_2026, fmt).content
        text = pdf_text(content) if fmt == "pdf" else "\n".join(
            cell.text for t in Document(BytesIO(content)).tables for r in t.rows for cell in r.cells
        )  # fmt: skip
        assert "cơ quan tham mưu" in text
        assert "huyện" not in text, fmt
    # A 2025 sheet, scored before the reform, keeps the wording of its time.
    model_2025 = DvkModel.objects.filter(campaign__year=2025, step=Step.RECOGNISED).first()
    assert "cấp huyện" in pdf_text(_sheet(client, demo, model_2025, "pdf").content)
