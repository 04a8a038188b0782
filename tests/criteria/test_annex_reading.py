"""Another commune's annex, read as a person reads it: deadlines in words, impossible dates,
hyphenated names, generic phrases, other column layouts (Word and Excel files built here)."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from criteria.deadlines import read_deadline, replace_deadline
from criteria.models import Assignment
from criteria.services import round_create
from dvcq.org.models import Position
from tests.criteria.annexes import SEED_HEADER, docx_annex, xlsx_annex

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_000_phan_cong_2025.txt"
NO_DEADLINE = "Chưa có hạn nộp minh chứng"
NO_ASSIGNEE = "Chưa giao cho ai"


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Hạn nộp: 15/10/2026", date(2026, 10, 15)),
        ("Thời hạn: trước ngày 15/10/2026", date(2026, 10, 15)),
        ("Báo cáo kết quả, chậm nhất ngày 15 tháng 10 năm 2026", date(2026, 10, 15)),
        ("Cung cấp minh chứng trước 15/10/2026", date(2026, 10, 15)),
        ("Tham mưu ban hành kế hoạch thực hiện năm 2026. 15/10/2026", date(2026, 10, 15)),
        ("Trước ngày 24/10/2025 cung cấp tài liệu minh chứng.", date(2025, 10, 24)),
        ("Thời hạn hoàn thành: 15.10.2026", date(2026, 10, 15)),
        # A legal basis's date is never the deadline; the deadline word wins over a later date.
        ("Quán triệt Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư", None),
        ("Triển khai Nghị định 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư", None),
        (
            "Quán triệt Kết luận 114-KL/TW ngày 14/7/2015; hạn nộp 15/10/2026; báo cáo quý "
            "gửi ngày 20/12/2026",
            date(2026, 10, 15),
        ),
        (
            "Triển khai Quyết định số 396 -QĐ/TU, ngày 19 tháng 10 năm 2021. Ngày 30/10/2025 "
            "cung cấp minh chứng",
            date(2025, 10, 30),
        ),
        ("Cuối năm cung cấp đầy đủ các văn bản", None),
    ],
)
def test_the_deadline_is_the_date_a_person_would_read(text, deadline):
    assert read_deadline(text).deadline == deadline


@pytest.mark.parametrize("written", ["31/11/2026", "29/02/2026", "00/10/2026", "15/13/2026"])
def test_an_impossible_date_is_named_not_dropped(written):
    reading = read_deadline(f"Hạn nộp: {written}")
    assert reading.deadline is None
    assert reading.impossible == [written]


def test_a_year_copy_moves_the_deadline_and_never_a_legal_basis():
    text = (
        "Quán triệt Kết luận số 114-KL/TW ngày 24/10/2025. Trước ngày 24/10/2025 cung cấp; "
        "chậm nhất ngày 24 tháng 10 năm 2025 báo cáo."
    )
    assert replace_deadline(text, date(2025, 10, 24), date(2026, 10, 23)) == (
        "Quán triệt Kết luận số 114-KL/TW ngày 24/10/2025. Trước ngày 23/10/2026 cung cấp; "
        "chậm nhất ngày 23 tháng 10 năm 2026 báo cáo."
    )


# Another commune's Word annex in the seed's four columns, written the way people write.
OTHER_COMMUNE = [
    ["Tiêu chí 1: Công tác triển khai, quán triệt các văn bản"],
    [
        "Nội dung 1",
        "Tổ chức quán triệt Kết luận số 114-KL/TW ngày 14/7/2015",
        "Khối vận Đảng ủy\nCông chức Văn phòng - Thống kê",
        "Tổ chức quán triệt Kết luận số 114-KL/TW ngày 14/7/2015. Hạn nộp: 15/10/2025",
    ],
    [
        "Nội dung 2",
        "Triển khai Quyết định số 396-QĐ/TU",
        "Công chức Địa chính - Xây dựng",
        "Tham mưu triển khai Quyết định số 396-QĐ/TU, ngày 19 tháng 10 năm 2021. "
        "Thời hạn: trước ngày 16/10/2025",
    ],
    [
        "Nội dung 3",
        "Xây dựng kế hoạch công tác dân vận hằng năm",
        "Văn phòng - Thống kê, các ban, ngành có liên quan",
        "Xây dựng kế hoạch, chậm nhất ngày 17 tháng 10 năm 2025 gửi minh chứng",
    ],
    ["Tiêu chí 2: Thực hiện nhiệm vụ chính trị"],
    [
        "Nội dung 1",
        "Ban hành văn bản thực hiện nhiệm vụ chính trị",
        "Tư pháp – Hộ tịch; Công chức Tài chính - Kế toán",
        "Ban hành kế hoạch, trước 18/10/2025 cung cấp minh chứng",
    ],
    [
        "Nội dung 2",
        "Phòng, chống tham nhũng, lãng phí",
        "Chủ trì: Công chức VP-TK; Phối hợp: Khối vận, Công đoàn",
        "Báo cáo kết quả phòng, chống tham nhũng năm 2025. 20/10/2025",
    ],
    ["Nội dung 3", "Sửa đổi quy trình", "Công chức VP-TK", "Hạn nộp: 31/11/2025"],
    ["Tiêu chí 3: Thực hiện quy chế dân chủ"],
    ["Nội dung 1", "Công khai", "Công chức VP-TK", "Trước ngày 29/02/2025 cung cấp minh chứng"],
    ["Nội dung 2", "Tiếp dân", "", "Thời hạn: 00/10/2025"],
]
# code: (lead, cooperating, other assignees, deadline, warnings)
EXPECTED = {
    "1.1": (
        ["Khối vận Đảng ủy", "Công chức Văn phòng - Thống kê"],
        [],
        [],
        date(2025, 10, 15),
        [],
    ),
    "1.2": ([], [], ["Công chức Địa chính - Xây dựng"], date(2025, 10, 16), []),
    "1.3": (
        ["Công chức Văn phòng - Thống kê"],
        [],
        ["các ban, ngành có liên quan"],
        date(2025, 10, 17),
        [],
    ),
    "2.1": (
        ["Công chức Tư pháp - Hộ tịch", "Công chức Tài chính - Kế toán"],
        [],
        [],
        date(2025, 10, 18),
        [],
    ),
    "2.2": (
        ["Công chức Văn phòng - Thống kê"],
        ["Khối vận Đảng ủy", "Công đoàn cơ sở"],
        [],
        date(2025, 10, 20),
        [],
    ),
    "2.3": (
        ["Công chức Văn phòng - Thống kê"],
        [],
        [],
        None,
        ["“31/11/2025” không phải là ngày có thật", NO_DEADLINE],
    ),
    "3.1": (
        ["Công chức Văn phòng - Thống kê"],
        [],
        [],
        None,
        ["“29/02/2025” không phải là ngày có thật", NO_DEADLINE],
    ),
    "3.2": (
        [],
        [],
        [],
        None,
        ["“00/10/2025” không phải là ngày có thật", NO_ASSIGNEE, NO_DEADLINE],
    ),
}


@pytest.fixture
def round_2025(ba_thanh, framework_2025, ba_thanh_positions):
    return round_create(unit=ba_thanh, framework=framework_2025)


def _preview(client, assessment_round, content, name):
    response = client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/",
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    return response


def _rows(preview) -> dict:
    return {
        row.code: (row.lead_names, row.cooperating_names, row.others, row.deadline, row.warnings)
        for row in preview.rows
    }


@pytest.mark.django_db
def test_another_communes_word_annex_previews_exactly_what_a_person_reads(
    client, compiler, round_2025
):
    client.force_login(compiler)
    content = docx_annex(OTHER_COMMUNE, break_before={8})
    response = _preview(client, round_2025, content, "phu-luc-tinh-khe.docx")
    preview = response.context["preview"]
    assert _rows(preview) == EXPECTED
    # Only a real name is offered as a new position: never a fragment, never a generic phrase.
    assert preview.missing_positions == ["Công chức Địa chính - Xây dựng"]
    body = response.content.decode()
    assert "8 nội dung; 3 cần xem lại" in body
    assert "- Xây dựng" not in body.replace("Địa chính - Xây dựng", "")
    # The preview saved nothing.
    assert not Assignment.objects.filter(round=round_2025, action__contains="Hạn nộp").exists()


@pytest.mark.django_db
def test_confirming_saves_what_the_preview_showed(client, compiler, round_2025):
    client.force_login(compiler)
    response = _preview(client, round_2025, docx_annex(OTHER_COMMUNE), "phu-luc.docx")
    client.post(
        f"/ky-danh-gia/{round_2025.pk}/nhap-phu-luc/xac-nhan/",
        {"token": response.context["token"], "create_position": ["Công chức Địa chính - Xây dựng"]},
    )
    grid = {
        a.item.code: a
        for a in Assignment.objects.filter(round=round_2025)
        .select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
    }
    for code, (lead, cooperating, others, deadline, _warnings) in EXPECTED.items():
        if code == "1.2":  # the new position was created and is now the lead
            lead, others = ["Công chức Địa chính - Xây dựng"], []
        assert sorted(p.name for p in grid[code].lead_positions.all()) == sorted(lead), code
        assert sorted(p.name for p in grid[code].cooperating_positions.all()) == sorted(cooperating)
        assert grid[code].assignee_note == ", ".join(others), code
        assert grid[code].deadline == deadline, code
    assert Position.objects.filter(unit=round_2025.unit, name="Công chức Địa chính - Xây dựng")
    assert not Position.objects.filter(unit=round_2025.unit, name__startswith="-")


# The same commune's sheet in Excel, in its own layout: STT, task before assignees, lead and
# cooperating in two columns under one merged header, a deadline column (a real date cell, a
# date in words, words Excel cannot read), a notes column, items numbered "1.1".
EXCEL_HEADER = [
    "STT",
    "Nội dung tiêu chí",
    "Nhiệm vụ cần thực hiện",
    "Cơ quan thực hiện",
    "",
    "Thời hạn",
    "Ghi chú",
]
EXCEL_SECOND_HEADER = ["", "", "", "Chủ trì", "Phối hợp", "", ""]
EXCEL_ROWS = [
    ["TIÊU CHÍ 1. Công tác triển khai, quán triệt"],
    [
        "1.1",
        "Quán triệt",
        "Tổ chức quán triệt",
        "Công chức VP-TK",
        "Khối vận",
        datetime(2025, 10, 15),
        "",
    ],
    [
        "1.2",
        "Triển khai",
        "Triển khai Quyết định",
        "Văn phòng - Thống kê",
        "",
        "Trước 16/10/2025",
        "",
    ],
    [
        "1.3",
        "Kế hoạch",
        "Xây dựng kế hoạch",
        "Công chức Địa chính - Xây dựng",
        "các ban, ngành, đoàn thể có liên quan",
        "Quý IV/2025",
        "Làm sớm",
    ],
    ["II", "Tiêu chí 2: Thực hiện nhiệm vụ chính trị", "", "", "", "", "10 điểm"],
    ["2.1", "Văn bản", "Ban hành kế hoạch", "Tư pháp – Hộ tịch", "", "31/11/2025", ""],
]
EXCEL_EXPECTED = {
    "1.1": (["Công chức Văn phòng - Thống kê"], ["Khối vận Đảng ủy"], [], date(2025, 10, 15), []),
    "1.2": (["Công chức Văn phòng - Thống kê"], [], [], date(2025, 10, 16), []),
    "1.3": (
        [],
        [],
        ["Công chức Địa chính - Xây dựng", "các ban, ngành, đoàn thể có liên quan"],
        None,
        ["Hạn nộp “Quý IV/2025” không đọc được thành ngày (viết dd/mm/yyyy)", NO_DEADLINE],
    ),
    "2.1": (
        ["Công chức Tư pháp - Hộ tịch"],
        [],
        [],
        None,
        ["“31/11/2025” không phải là ngày có thật", NO_DEADLINE],
    ),
}


@pytest.mark.django_db
def test_an_excel_annex_in_its_own_layout_is_read_by_its_headers(client, compiler, round_2025):
    client.force_login(compiler)
    content = xlsx_annex(
        EXCEL_ROWS,
        header=EXCEL_HEADER,
        second_header=EXCEL_SECOND_HEADER,
        repeat_header_at={4},
    )
    preview = _preview(client, round_2025, content, "phan-cong.xlsx").context["preview"]
    assert _rows(preview) == EXCEL_EXPECTED
    assert preview.missing_positions == ["Công chức Địa chính - Xây dựng"]


def _seed_rows() -> list[list[str]]:
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0] != "TT":
            rows.append([c.removeprefix("<b>").removesuffix("</b>") for c in cells])
    return rows


@pytest.mark.django_db
def test_an_excel_annex_in_the_seeds_four_columns_imports_as_the_word_one(
    client, compiler, round_2025
):
    client.force_login(compiler)
    rows = _seed_rows()
    from_word = _preview(client, round_2025, docx_annex(rows), "a.docx").context["preview"]
    from_excel = _preview(
        client,
        round_2025,
        xlsx_annex(rows, header=SEED_HEADER, repeat_header_at={12, 24}),
        "a.xlsx",
    ).context["preview"]
    assert len(from_excel.rows) == 32
    assert _rows(from_excel) == _rows(from_word)
    assert from_excel.problems == from_word.problems
    assert _rows(from_excel)["1.1"][3] == date(2021, 11, 26)  # the seed's own error, warned
    assert "Hạn nộp 26/11/2021 nằm ngoài năm 2025" in _rows(from_excel)["1.1"][4]


@pytest.mark.django_db
def test_a_row_the_framework_does_not_have_is_named_by_its_item(client, compiler, round_2025):
    rows = [
        ["Tiêu chí 9: Thực hiện công tác dân vận"],
        ["Nội dung 1", "Dân vận khéo", "Công chức VP-TK", "Hạn nộp: 15/10/2025"],
        ["Nội dung 7", "Không có trong khung", "Công chức VP-TK", "Hạn nộp: 15/10/2025"],
        ["Nội dung 1", "Lặp lại", "Công chức VP-TK", "Hạn nộp: 15/10/2025"],
    ]
    client.force_login(compiler)
    preview = _preview(client, round_2025, docx_annex(rows), "a.docx").context["preview"]
    assert _rows(preview)["9.7"][4][0] == (
        "Khung tiêu chí năm 2025 không có Nội dung 9.7; dòng này không được nhập"
    )
    assert "Dòng 5 (Nội dung 9.1): Nội dung 9.1 bị lặp; dòng này không được nhập." in (
        preview.problems
    )
    assert preview.applied == 1
