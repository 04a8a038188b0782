"""The self-score report, the review notice and the results annex, as a user reads them."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from criteria.models import Assignment
from dvcq.documents import registry
from dvcq.documents.services import ExportOptions, render_report
from dvcq.org.models import Unit
from evidence.services import record_create, record_delete
from scoring.models import Scorecard
from scoring.services import ineligible_save, transition
from tests.documents.reading import docx_paragraphs, docx_table_rows, pdf_text


def build(kind: str, unit: Unit, year: int, **options):
    report_kind = registry.get(kind)
    source = report_kind.resolve(unit, year)
    return report_kind.build(source, ExportOptions(symbol=report_kind.default_symbol, **options))


def test_it_lists_every_item_with_criterion_subtotals_and_the_total_of_94(
    client, demo, django_assert_num_queries
):
    source = registry.get("selfscore").resolve(demo.ba_thanh, 2024)
    with django_assert_num_queries(6):
        report = registry.get("selfscore").build(source, ExportOptions(symbol="BC-UBND"))
    rows = docx_table_rows(render_report(report, "docx")[2], index=1)
    assert rows[0][:4] == ["TT", "Tiêu chí, nội dung", "Điểm tối đa", "Điểm tự chấm"]
    assert rows[1][:4] == [
        "1",
        "Tiêu chí 1: Công tác triển khai, quán triệt các văn bản lãnh đạo, chỉ đạo, "
        "hướng dẫn về công tác dân vận của chính quyền",
        "9,00",
        "9,00",
    ]
    by_code = {row[0]: row for row in rows}
    assert by_code["3.4"][2:4] == ["3,00", "1,50"]
    assert by_code["1.1"][5].startswith("Minh chứng lưu tại hồ sơ giấy")
    assert by_code["3.1"][4] == (
        "- 45/BC-UBND ngày 20/06/2024: Báo cáo kết quả công tác cải cách hành chính 6 tháng "
        "đầu năm 2024"
    )
    assert by_code["10"][2:4] == ["11,00", "9,00"]  # the bonus item is not in its criterion
    assert rows[-4][1:4] == ["Cộng điểm các tiêu chí", "100,00", "94,00"]
    assert rows[-3][1:4] == ["Điểm thưởng", "5,00", "0,00"]
    assert rows[-2][0] == "10.2" and rows[-2][2] == "5,00"
    assert rows[-1][1:4] == ["Tổng cộng (gồm điểm thưởng)", "105,00", "94,00"]
    assert sum(1 for row in rows if row[0].count(".") == 1) == 32


def test_the_body_gives_the_total_and_proposed_class_and_the_report_number(
    client, demo, django_assert_num_queries
):
    content = render_report(build("selfscore", demo.ba_thanh, 2024), "docx")[2]
    text = docx_paragraphs(content)
    assert "BÁO CÁO" in text
    assert "Kết quả tự chấm điểm công tác dân vận chính quyền năm 2024" in text
    assert any(t.startswith("1. Tổng điểm tự chấm: 94,00 điểm") for t in text)
    assert "2. Đề xuất xếp loại: Hoàn thành xuất sắc nhiệm vụ." in text
    header = docx_table_rows(content, index=0)
    assert header[1][0] == "Số: 269/BC-UBND"
    assert header[1][1] == "Ba Thành, ngày 23 tháng 10 năm 2024"


def test_evidence_cites_the_accepted_records_only_not_deleted_or_unchecked_ones(
    client, demo, django_assert_num_queries
):
    from django.core.files.base import ContentFile

    from dvcq.demo.seed import DEMO_PLAN_PDF
    from evidence.services import file_add, review_set

    def filed(code, number, issued_on, summary):
        criterion, item = code.split(".")
        assignment = Assignment.objects.select_related("round").get(
            round=demo.card_2024.round, item__criterion__number=criterion, item__number=item
        )
        record = record_create(
            assignment=assignment,
            user=demo.compiler,
            number=number,
            issued_on=issued_on,
            issuer="UBND xã Ba Thành",
            summary=summary,
        )
        upload = ContentFile(DEMO_PLAN_PDF.read_bytes(), name=f"{number[:2]}.pdf")
        file_add(record=record, upload=upload, user=demo.compiler)
        return assignment, record

    accepted, _ = filed("1.1", "12/KH-UBND", date(2024, 3, 2), "Kế hoạch quán triệt Kết luận 114")
    _, deleted = filed("1.1", "99/BC-UBND", date(2024, 5, 1), "Đã xóa")
    record_delete(record=deleted, user=demo.compiler)
    review_set(assignment=accepted, user=demo.compiler, status="accepted", comment="")
    filed("1.2", "13/KH-UBND", date(2024, 3, 9), "Chưa được Văn phòng xem xét")
    rows = docx_table_rows(
        render_report(build("selfscore", demo.ba_thanh, 2024), "docx")[2], index=1
    )
    by_code = {r[0]: r for r in rows}
    assert by_code["1.1"][4] == "- 12/KH-UBND ngày 02/03/2024: Kế hoạch quán triệt Kết luận 114"
    assert by_code["1.2"][4] == ""  # filed, not accepted
    assert by_code["6.1"][4] == by_code["6.2"][4]  # one record backing two items
    assert "15/QĐ-UBND ngày 05/03/2024" in by_code["6.1"][4]


def test_pdf_and_xlsx_carry_the_same_figures(client, demo, django_assert_num_queries):
    report = build("selfscore", demo.ba_thanh, 2024)
    text = pdf_text(render_report(report, "pdf")[2])
    assert "Kết quả tự chấm điểm công tác dân vận chính quyền năm 2024" in text
    assert "Tổng cộng (gồm điểm thưởng) 105,00 94,00" in text
    assert "45/BC-UBND ngày 20/06/2024: Báo cáo kết quả công tác cải cách hành chính" in text
    sheet = load_workbook(BytesIO(render_report(report, "xlsx")[2])).active
    totals = [
        row
        for row in sheet.iter_rows(values_only=True)
        if str(row[1] or "").startswith("Tổng cộng")
    ]
    assert Decimal(str(totals[0][3])) == Decimal("94")


def test_it_gives_each_deduction_with_its_reason_and_the_class(
    client, demo, django_assert_num_queries
):
    from dvcq.demo.scoring_data import BA_THANH_2024_DEDUCTIONS

    source = registry.get("review").resolve(demo.ba_thanh, 2024)
    with django_assert_num_queries(4):
        report = registry.get("review").build(source, ExportOptions(symbol="TB-UBND"))
    content = render_report(report, "docx")[2]
    text = docx_paragraphs(content)
    for code, points, reason, *_ in BA_THANH_2024_DEDUCTIONS:
        points_text = f"{points:.2f}".replace(".", ",")
        assert f"Bị trừ {points_text} điểm; Lý do: {reason}" in text, code
    assert any(t.startswith("- Nội dung 6.4:") for t in text)
    assert any(t.startswith("Nhận xét: Trong năm có cán bộ") for t in text)
    assert (
        "Tổng điểm tự chấm: 94,00 điểm; tổng điểm thẩm định: 85,00 điểm "
        "(chênh lệch -9,00 điểm)." in text
    )
    assert "Xếp loại: Hoàn thành xuất sắc nhiệm vụ." in text
    rows = docx_table_rows(content, index=1)
    assert rows[1][2:] == ["9,00", "9,00", "6,00", "-3,00"]
    assert rows[-3][1:] == ["Cộng điểm các tiêu chí", "100,00", "94,00", "85,00", "-9,00"]
    assert rows[-2][1:] == ["Điểm thưởng", "5,00", "0,00", "0,00", "0,00"]
    assert rows[-1][1:] == ["Tổng cộng (gồm điểm thưởng)", "105,00", "94,00", "85,00", "-9,00"]


def test_it_is_issued_by_the_body_that_reviewed_the_round_that_year(
    client, demo, django_assert_num_queries
):
    # 2024: the district, as seed 001 has it ("huyện chấm"), though the commune's parent is
    # the province today; 2025: the province.
    content = render_report(build("review", demo.ba_thanh, 2024), "docx")[2]
    header = docx_table_rows(content, index=0)
    assert header[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN BA TƠ"]
    assert header[1][0].endswith("/TB-UBND")
    assert header[1][1].startswith("Ba Tơ, ngày")
    text = docx_paragraphs(content)
    assert "THÔNG BÁO" in text
    assert any(t.startswith("Ủy ban nhân dân huyện Ba Tơ thông báo") for t in text)
    cam_thanh = Unit.objects.get(code="cam-thanh")
    header = docx_table_rows(render_report(build("review", cam_thanh, 2025), "docx")[2], 0)
    assert header[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]


def test_an_ineligible_unit_shows_the_reason_instead_of_a_class(
    client, demo, django_assert_num_queries
):
    card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
    ineligible_save(
        scorecard=card, user=demo.reviewer, ineligible=True, reason="Nộp báo cáo quá hạn."
    )
    transition(scorecard=card, user=demo.reviewer, action="finish_review")
    text = docx_paragraphs(render_report(build("review", card.round.unit, 2025), "docx")[2])
    assert "Xếp loại: Không đủ điều kiện xếp loại (lý do: Nộp báo cáo quá hạn)." in text


def test_one_row_per_unit_below_the_province(client, demo, django_assert_num_queries):
    source = registry.get("results").resolve(demo.province, 2025)
    with django_assert_num_queries(1):
        report = registry.get("results").build(source, ExportOptions(label="Phụ lục"))
    content = render_report(report, "docx")[2]
    assert docx_paragraphs(content)[1] == (
        "DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, PHÂN LOẠI CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2025"
    )
    rows = {row[1]: row for row in docx_table_rows(content)}
    assert rows["Phường Cẩm Thành"][2:5] == ["99,00", "97,00", "Hoàn thành xuất sắc nhiệm vụ"]
    assert rows["Xã An Phú"][2:5] == ["98,50", "", ""]
    assert rows["Xã An Phú"][5] == "Chưa thẩm định xong (đã nộp)"
    assert set(rows) == {
        "Đơn vị",
        "Phường Cẩm Thành",
        "Xã An Phú",
        "Xã Ba Thành",
        "Xã Sơn Tịnh",
        "Đặc khu Lý Sơn",
    }


def test_an_ineligible_unit_is_listed_as_such(client, demo, django_assert_num_queries):
    card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
    ineligible_save(
        scorecard=card, user=demo.reviewer, ineligible=True, reason="Nộp báo cáo quá hạn."
    )
    transition(scorecard=card, user=demo.reviewer, action="finish_review")
    report = build("results", demo.province, 2025)
    rows = {row[1]: row for row in docx_table_rows(render_report(report, "docx")[2])}
    assert rows["Xã Sơn Tịnh"][4:] == ["Không đủ điều kiện xếp loại", "Nộp báo cáo quá hạn."]
    sheet = load_workbook(BytesIO(render_report(report, "xlsx")[2])).active
    assert any("Không đủ điều kiện xếp loại" in row for row in sheet.iter_rows(values_only=True))
