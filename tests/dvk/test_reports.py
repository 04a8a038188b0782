"""The DVK documents on the demo data: Phụ lục 1 and 4, the scoring sheet, the guidance and the
report, through the engine's export URL and the command."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from dvcq.documents.blocks import Column, Row, Table
from dvcq.documents.services import ExportOptions
from dvcq.org.models import User
from models_dvk.models import DvkModel, Origin, Step
from models_dvk.reports.common import resolve_campaign
from models_dvk.reports.plan import build_plan
from models_dvk.reports.progress import build_report, resolve_report
from models_dvk.reports.registrations import build_registrations
from models_dvk.reports.results import build_results
from models_dvk.reports.scoresheet import build_scoresheet, resolve_scoresheet
from models_dvk.services.appraisal import appraisal_open, member_scores_save
from models_dvk.services.lifecycle import model_step
from models_dvk.services.rubrics import criteria_for

pytestmark = pytest.mark.django_db
BASE = "/van-ban/{kind}/ba-thanh/2026/"


def _get(client, user, kind, query=""):
    client.force_login(user)
    return client.get(BASE.format(kind=kind) + query)


def _sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _recognised_2026(campaign_2026) -> DvkModel:
    return campaign_2026.models.get(step=Step.RECOGNISED)


# --- Phụ lục 1 ----------------------------------------------------------------------------


def test_annex_1_lists_continued_and_new_models_by_organisation(client, campaign_2026, demo):
    response = _get(client, demo.party, "dvk-registrations", "?format=xlsx")
    assert response.status_code == 200
    rows = _sheet_rows(response.content)
    texts = [[c for c in row if c not in (None, "")] for row in rows]
    assert texts[0] == ["Phụ lục 1"]
    assert texts[1] == ["BIỂU TỔNG HỢP ĐĂNG KÝ XÂY DỰNG MỚI MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2026"]
    # Two header rows, "Chủ thể" over "Tập thể" / "Cá nhân", then the numbers (8) over both.
    header = rows[3]
    assert header[:8] == [
        "STT",
        "Xã, phường, thị trấn, cơ quan đơn vị/ Tên mô hình",
        "Số lượng",
        "Địa điểm xây dựng, triển khai",
        "Chủ trì",
        "Lĩnh vực",
        "Quy mô thực hiện",
        "Chủ thể",
    ]
    assert rows[4][7:] == ["Tập thể", "Cá nhân"]
    assert texts[5] == [f"({n})" for n in range(1, 9)]
    live = campaign_2026.models.exclude(step=Step.DROPPED)
    assert rows[6][:3] == [None, "Tổng số", live.count()] == [None, "Tổng số", 8]
    assert rows[6][7:] == [7, 1]

    names = [row[1] for row in rows]
    first, second = (
        names.index("Mô hình tiếp tục duy trì từ năm 2025"),
        names.index("Mô hình đăng ký mới năm 2026"),
    )
    section_1 = rows[first + 1 : second]
    assert [r[1] for r in section_1 if r[0] != "-"] == [
        "Chi bộ thôn Vàng",
        "Công an xã",
        "Hội Liên hiệp Phụ nữ xã",
    ]
    assert [r[0] for r in section_1] == ["1", "-", "2", "-", "3", "-"]
    assert {r[1] for r in section_1 if r[0] == "-"} == set(
        live.filter(origin=Origin.CONTINUED).values_list("name", flat=True)
    )
    footer = names.index("Tổng số mô hình theo lĩnh vực:")
    section_2 = rows[second + 1 : footer]
    assert {r[1] for r in section_2 if r[0] == "-"} == set(
        live.exclude(origin=Origin.CONTINUED).values_list("name", flat=True)
    )
    dropped = campaign_2026.models.get(step=Step.DROPPED).name
    assert dropped not in names
    # The individual's model: X under "Cá nhân".
    forest = next(r for r in section_2 if r[1].startswith("Ông Đinh Văn Rơi"))
    assert forest[7:] == [None, "X"]
    assert "- Lĩnh vực Kinh tế: 2 mô hình" in names
    assert "- Lĩnh vực Văn hóa - xã hội: 2 mô hình" in names
    assert "- Lĩnh vực Quốc phòng - an ninh, dân tộc - tôn giáo: 1 mô hình" in names
    assert "- Lĩnh vực Xây dựng hệ thống chính trị: 1 mô hình" in names
    assert "- Tập thể: 7 mô hình" in names and "- Cá nhân: 1 mô hình" in names


def test_annex_1_docx_is_landscape_with_a_two_row_header(client, campaign_2026, demo):
    response = _get(client, demo.party, "dvk-registrations", "?format=docx")
    document = Document(BytesIO(response.content))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[0]
    assert table.cell(0, 7).text == "Chủ thể" == table.cell(0, 8).text  # merged across
    assert (table.cell(1, 7).text, table.cell(1, 8).text) == ("Tập thể", "Cá nhân")
    assert table.cell(0, 0).text == "STT" == table.cell(1, 0).text  # merged down
    assert [table.cell(2, i).text for i in range(9)][-2:] == ["(8)", "(8)"]
    assert "Phụ lục 1" in _docx_text(response.content)


def test_annex_builders_run_a_fixed_number_of_queries(campaign_2026, django_assert_max_num_queries):
    campaign_2026 = resolve_campaign(campaign_2026.unit, 2026)  # as the export page loads it
    with django_assert_max_num_queries(5):
        report = build_registrations(campaign_2026, ExportOptions(style="party"))
    assert report.meta.landscape
    with django_assert_max_num_queries(5):
        build_results(campaign_2026, ExportOptions(style="party"))
    with django_assert_max_num_queries(7):
        build_plan(campaign_2026, ExportOptions(style="party"))
    source = resolve_report(campaign_2026.unit, 2026)
    with django_assert_max_num_queries(5):
        build_report(source, ExportOptions(style="party"))
    appraisal = resolve_scoresheet(
        campaign_2026.unit, 2026, model=str(_recognised_2026(campaign_2026).pk)
    )
    with django_assert_max_num_queries(4):
        build_scoresheet(appraisal, ExportOptions(style="party"))


def test_the_command_writes_annex_1_as_xlsx(campaign_2026, tmp_path):
    target = tmp_path / "p1.xlsx"
    call_command(
        "render_report",
        "dvk-registrations",
        "--unit",
        "ba-thanh",
        "--year",
        "2026",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert ["", "Tổng số", 8] == [c or "" for c in _sheet_rows(target.read_bytes())[6][:3]]


# --- Phụ lục 4 ----------------------------------------------------------------------------


def test_annex_4_puts_new_models_before_continued_ones_within_an_organisation(
    client, campaign_2026, demo
):
    # A new model in an organisation that also carries one forward from 2025.
    vang = campaign_2026.participants.get(name="Chi bộ thôn Vàng")
    continued = vang.models.get()
    continued.results = "Hoàn thành 1,8 km đường, 70 hộ hiến đất."
    continued.save()
    DvkModel.objects.create(
        campaign=campaign_2026,
        participant=vang,
        name="Thắp sáng đường quê",
        location="Thôn Vàng",
        host="Chi bộ thôn Vàng",
        field="rural",
        subject="collective",
        origin=Origin.NEW,
        scale="3 km đèn",
    )
    response = _get(client, demo.party, "dvk-results", "?format=xlsx")
    rows = _sheet_rows(response.content)
    assert rows[1][0].startswith("BIỂU TỔNG HỢP BÁO CÁO KẾT QUẢ XÂY DỰNG, DUY TRÌ")
    assert rows[3][7] == "Trong đó" and rows[3][9] == "Chủ thể"
    assert rows[4][7:] == ["XD mới", "Duy trì", "Tập thể", "Cá nhân"]
    assert [c for c in rows[5] if c] == [f"({n})" for n in range(1, 10)]
    assert rows[6][:3] == [None, "Tổng số", 9]
    assert rows[6][7:] == [6, 3, 8, 1]
    start = next(i for i, r in enumerate(rows) if r[1] == "Chi bộ thôn Vàng")
    assert rows[start][2] == 2
    assert [r[1] for r in rows[start + 1 : start + 3]] == [
        "Thắp sáng đường quê",
        continued.name,
    ]
    assert rows[start + 1][7:9] == ["X", None]
    assert rows[start + 2][7:9] == [None, "X"]
    assert rows[start + 2][6] == "Hoàn thành 1,8 km đường, 70 hộ hiến đất."  # results, not scale
    assert rows[start + 1][6] is None  # no results reported yet: never the registered scale


# --- the scoring sheet --------------------------------------------------------------------


def test_scoresheet_of_the_recognised_model_shows_each_member_and_the_verdict(
    client, campaign_2026, demo
):
    model = _recognised_2026(campaign_2026)
    response = _get(client, demo.party, "dvk-scoresheet", f"?model={model.pk}&format=docx")
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    table = document.tables[0]
    members = model.appraisal.members.order_by("full_name", "username")
    header = [table.cell(1, i).text for i in range(len(table.columns))]
    for member in members:
        assert (member.full_name or member.username) in header
    assert table.cell(0, 3).text == "Điểm đánh giá"
    text = _docx_text(response.content)
    assert "Tổng cộng" in text and "100,00" in text
    assert "Kết quả: Đạt với tổng điểm bình quân 100,00 điểm." in text
    assert "Lý do" not in text
    # The export page keeps the model in the download form.
    page = _get(client, demo.party, "dvk-scoresheet", f"?model={model.pk}")
    assert f'name="model" value="{model.pk}"' in page.text


def test_scoresheet_of_a_failing_appraisal_gives_the_reasons(client, campaign_2026, demo):
    tourism = campaign_2026.models.get(step=Step.SELF_ASSESSED)
    model_step(model=tourism, step=Step.APPRAISING, on=date(2026, 10, 1), user=demo.party)
    leader = User.objects.get(username="bathanh.lanhdao")
    appraisal = appraisal_open(model=tourism, user=demo.party, members=[demo.party, leader])
    for member in (demo.party, leader):
        scores = {
            c.pk: (Decimal("9") if c.number == 7 else c.max_points, None)
            for c in criteria_for(appraisal.rubric, tourism)
        }
        member_scores_save(appraisal=appraisal, user=demo.party, member=member, scores=scores)
    response = _get(client, demo.party, "dvk-scoresheet", f"?model={tourism.pk}&format=xlsx")
    rows = _sheet_rows(response.content)
    criterion_7 = next(r for r in rows if r[0] == "7")
    assert criterion_7[2:] == [10, 9, 9, 9, "Phải đạt điểm tối đa"]
    total = next(r for r in rows if r[1] == "Tổng cộng I + II")
    assert total[2:] == [100, 99, 99, 99, None]
    docx = _get(client, demo.party, "dvk-scoresheet", f"?model={tourism.pk}&format=docx")
    text = _docx_text(docx.content)
    assert "Kết quả: Không đạt." in text
    assert "Tiêu chí 7 đạt 9,00/10,00 điểm, phải đạt điểm tối đa." in text


def test_scoresheet_needs_a_model_with_an_appraisal_of_that_campaign(client, campaign_2026, demo):
    assert _get(client, demo.party, "dvk-scoresheet").status_code == 404
    assert _get(client, demo.party, "dvk-scoresheet", "?model=abc").status_code == 404
    not_appraised = campaign_2026.models.get(step=Step.PLANNED)
    assert (
        _get(client, demo.party, "dvk-scoresheet", f"?model={not_appraised.pk}").status_code == 404
    )
    model_2025 = DvkModel.objects.filter(campaign__year=2025).first()
    assert _get(client, demo.party, "dvk-scoresheet", f"?model={model_2025.pk}").status_code == 404


# --- the guidance and the report ----------------------------------------------------------


def test_plan_is_a_party_guidance_headed_by_the_organiser(client, campaign_2026, demo):
    response = _get(client, demo.party, "dvk-plan", "?format=docx")
    assert response.status_code == 200
    text = _docx_text(response.content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        "ĐẢNG ỦY XÃ BA THÀNH",
        "Số 12-HD/ĐU",
        "ngày 15 tháng 01 năm 2026",
        "HƯỚNG DẪN",
        "thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Có ít nhất 07 tập thể, cá nhân được công nhận điển hình.",
        "Báo cáo năm trước ngày 30/11/2026",
        "IV. TIÊU CHÍ",
        "V. TỔ CHỨC THỰC HIỆN",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert expected in text, expected
    assert _get(client, demo.party, "dvk-plan", "?format=xlsx").status_code == 404


def test_report_measures_the_targets(client, campaign_2026, demo):
    response = _get(client, demo.party, "dvk-report", "?format=xlsx")
    workbook = load_workbook(BytesIO(response.content))
    targets = [
        [c for c in row] for row in workbook["Chỉ tiêu"].iter_rows(min_row=4, values_only=True)
    ]
    assert [row[2:] for row in targets] == [
        [5, 8, "Đạt"],
        [1, 5, "Đạt"],
        [1, 1, "Đạt"],  # 100%, stored as a number shown as a percentage
        [7, 0, "Chưa đạt"],
    ]
    recognised = [
        row for row in workbook["Mô hình được công nhận"].iter_rows(min_row=4, values_only=True)
    ]
    model = _recognised_2026(campaign_2026)
    assert recognised == [
        (
            "1",
            model.name,
            model.participant.name,
            f"{model.appraisal.decision_number} ngày 10/10/2026",
        )
    ]
    docx = _docx_text(_get(client, demo.party, "dvk-report", "?format=docx").content)
    assert "BÁO CÁO" in docx and "năm 2026" in docx
    six = _docx_text(
        _get(client, demo.party, "dvk-report", "?period=six_month&format=docx").content
    )
    assert "6 tháng đầu năm 2026" in six


def test_report_names_party_organisations_without_a_model(client, campaign_2026, demo):
    campaign_2026.participants.create(name="Chi bộ thôn Mới", kind="party_cell", is_party_org=True)
    docx = _docx_text(_get(client, demo.party, "dvk-report", "?format=docx").content)
    assert "Tổ chức đảng trực thuộc chưa có mô hình: Chi bộ thôn Mới." in docx
    rows = _sheet_rows(_get(client, demo.party, "dvk-report", "?format=xlsx").content)
    assert rows[5][2:] == [1, 0.8, "Chưa đạt"]  # 100%, 80%: numbers shown as percentages


# --- access -------------------------------------------------------------------------------


KINDS = ["dvk-registrations", "dvk-results", "dvk-plan", "dvk-report", "dvk-scoresheet"]


@pytest.mark.parametrize("fmt", ["", "&format=docx"])
def test_another_communes_user_gets_404_on_every_kind(client, campaign_2026, fmt):
    model = _recognised_2026(campaign_2026)
    outsider = User.objects.get(username="anphu.vanphong")
    for kind in KINDS:
        response = _get(client, outsider, kind, f"?model={model.pk}{fmt}")
        assert response.status_code == 404, kind


def test_the_member_account_and_the_provincial_reviewer_may_read(client, campaign_2026):
    model = _recognised_2026(campaign_2026)
    for username in ("bathanh.canbo", "tinh.danhgia"):
        user = User.objects.get(username=username)
        for kind in KINDS:
            response = _get(client, user, kind, f"?model={model.pk}&format=pdf")
            assert response.status_code == 200, (username, kind)
            assert response.content.startswith(b"%PDF")


# --- the engine's grouped header ----------------------------------------------------------


def test_grouped_columns_share_a_header_cell_and_a_number():
    table = Table(
        [
            Column("STT", 10),
            Column("Tập thể", 10, group="Chủ thể"),
            Column("Cá nhân", 10, group="Chủ thể"),
        ],
        [Row(["1", "X", ""])],
        numbered=True,
    )
    cells = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in table.header()]
    assert cells == [
        ("STT", 0, 0, 2, 1),
        ("Chủ thể", 0, 1, 1, 2),
        ("Tập thể", 1, 1, 1, 1),
        ("Cá nhân", 1, 2, 1, 1),
        ("(1)", 2, 0, 1, 1),
        ("(2)", 2, 1, 1, 2),
    ]
    assert table.header_height() == 3
    plain = Table([Column("A", 10), Column("B", 10)], [])
    assert [(c.text, c.row, c.rowspan) for c in plain.header()] == [("A", 0, 1), ("B", 0, 1)]


def test_the_six_month_report_counts_what_stood_on_30_june(client, campaign_2026, demo):
    # In the campaign_2026 the 2026 decisions date from October, and one model was registered in June.
    six = _docx_text(
        _get(client, demo.party, "dvk-report", "?period=six_month&format=docx").content
    )
    annual = _docx_text(_get(client, demo.party, "dvk-report", "?format=docx").content)
    model = _recognised_2026(campaign_2026)
    assert model.appraisal.decision_number in annual
    assert model.appraisal.decision_number not in six
    assert "Chưa có mô hình được công nhận." in six
    assert "(số liệu đến ngày 30/06/2026)" in six
    rows = _sheet_rows(
        _get(client, demo.party, "dvk-report", "?period=six_month&format=xlsx").content
    )
    registered_by_june = (
        campaign_2026.models.filter(events__step="registered", events__on__lte=date(2026, 6, 30))
        .exclude(events__step="dropped", events__on__lte=date(2026, 6, 30))
        .distinct()
        .count()
    )
    assert rows[3][2:] == [5, registered_by_june, "Đạt"]  # figures stored as numbers


def test_the_six_month_report_runs_a_fixed_number_of_queries(
    campaign_2026, django_assert_max_num_queries
):
    source = resolve_report(campaign_2026.unit, 2026, "six_month")
    with django_assert_max_num_queries(6):
        build_report(source, ExportOptions(style="party"))
