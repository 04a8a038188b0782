"""The pieces every app shares: the preview kept between upload and confirmation, the
spreadsheet cell reader, file downloads, and the document engine's language and parameters."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from docx import Document
from openpyxl import load_workbook

from criteria.models import Assignment
from criteria.services import round_create
from criteria.xlsx import framework_from_xlsx, framework_to_xlsx
from dvcq import previews
from dvcq.http import DOCX, file_response
from dvcq.org.models import Role
from dvcq.sheets import CellReader, SheetProblems
from tests.criteria.test_annex_import import seed_annex_docx
from tests.factories import UserFactory, score_all

# --- previews -------------------------------------------------------------------------------


def _request(user, session):
    request = RequestFactory().post("/")
    request.user, request.session = user, session
    return request


def test_a_preview_is_found_only_by_its_owner_for_its_kind_and_object(compiler, other_compiler):
    session = SessionStore()
    token = previews.preview_store(
        _request(compiler, session), kind="annex", object_id=7, data={"rows": [1, 2]}
    )
    mine = _request(compiler, session)
    assert previews.preview_get(mine, token, kind="annex", object_id=7) == {"rows": [1, 2]}
    assert previews.preview_get(mine, token, kind="annex", object_id=8) is None
    assert previews.preview_get(mine, token, kind="selfscore", object_id=7) is None
    assert previews.preview_get(mine, "not-a-token", kind="annex", object_id=7) is None
    someone_else = _request(other_compiler, session)
    assert previews.preview_take(someone_else, token, kind="annex", object_id=7) is None
    # B's attempt did not use it up: A still confirms, once.
    assert previews.preview_take(mine, token, kind="annex", object_id=7) == {"rows": [1, 2]}
    assert previews.preview_take(mine, token, kind="annex", object_id=7) is None


def test_a_session_keeps_only_the_newest_previews(compiler):
    request = _request(compiler, SessionStore())
    tokens = [
        previews.preview_store(request, kind="annex", object_id=1, data=n)
        for n in range(previews.MAX_PENDING + 1)
    ]
    assert previews.preview_get(request, tokens[0], kind="annex", object_id=1) is None
    assert previews.preview_get(request, tokens[-1], kind="annex", object_id=1) == len(tokens) - 1


def test_confirming_an_annex_twice_applies_it_once(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(compiler)
    preview = client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/",
        {"file": _upload(seed_annex_docx(), "phu-luc.docx")},
    )
    url = f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/"
    token = preview.context["token"]
    first = client.post(url, {"token": token}, follow=True)
    assert "Đã nhập" in first.text
    versions = list(Assignment.objects.values_list("pk", "version").order_by("pk"))
    second = client.post(url, {"token": token}, follow=True)
    assert "Không còn dữ liệu xem trước" in second.text
    assert list(Assignment.objects.values_list("pk", "version").order_by("pk")) == versions


def test_another_user_cannot_confirm_a_preview_with_its_token(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(compiler)
    token = client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/",
        {"file": _upload(seed_annex_docx(), "phu-luc.docx")},
    ).context["token"]
    colleague = UserFactory(username="bathanh.vanphong2", unit=ba_thanh, roles=[Role.COMPILER])
    # Same browser, another account logged in (a shared commune computer).
    client.force_login(colleague)
    response = client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/", {"token": token}, follow=True
    )
    assert "Không còn dữ liệu xem trước" in response.text
    assert not assessment_round.assignments.filter(version__gt=1).exists()


# --- the cell reader ------------------------------------------------------------------------


def test_problems_name_sheet_row_and_column():
    reader = CellReader()
    assert reader.day("31/02/2025", "Tiêu chí", 4, "J (Hạn nộp)") is None
    assert reader.number("ba", "Tiêu chí", 5, "D (Điểm tối đa)") is None
    assert reader.required_text("  ", "Tiêu chí", 6, "C") == ""
    assert reader.points("2,5", "Tiêu chí", 7, "D") == Decimal("2.50")
    assert reader.day(date(2025, 3, 1), "Tiêu chí", 7, "J") == date(2025, 3, 1)
    with pytest.raises(SheetProblems) as raised:
        reader.raise_problems()
    assert raised.value.messages == [
        "Trang “Tiêu chí”, dòng 4, cột J (Hạn nộp): Ngày không hợp lệ: “31/02/2025” "
        "(viết dd/mm/yyyy).",
        "Trang “Tiêu chí”, dòng 5, cột D (Điểm tối đa): “ba” không phải là số.",
        "Trang “Tiêu chí”, dòng 6, cột C: chưa điền.",
    ]
    assert [(p.sheet, p.row, p.column) for p in raised.value.problems] == [
        ("Tiêu chí", 4, "J (Hạn nộp)"),
        ("Tiêu chí", 5, "D (Điểm tối đa)"),
        ("Tiêu chí", 6, "C"),
    ]


def test_numbers_people_do_not_write_are_refused_not_crashed_on():
    reader = CellReader(show_sheet=False)
    for value in ("NaN", "Infinity", "1e3", "1.000,5"):
        assert reader.number(value, "Tự chấm", 9, "D") is None
    assert len(reader.problems) == 4
    assert str(reader.problems[0]) == "Dòng 9, cột D: “NaN” không phải là số."


def test_the_framework_import_names_a_bad_deadline_by_sheet_row_and_column(framework_2025):
    book = load_workbook(BytesIO(framework_to_xlsx(framework_2025)))
    book["Tiêu chí"]["J3"] = "31/02/2025"
    book["Tiêu chí"]["D3"] = "NaN"
    out = BytesIO()
    book.save(out)
    data, problems = framework_from_xlsx(BytesIO(out.getvalue()))
    assert data is None
    messages = [str(p) for p in problems]
    assert (
        "Trang “Tiêu chí”, dòng 3, cột J (Hạn nộp minh chứng): Ngày không hợp lệ: “31/02/2025” "
        "(viết dd/mm/yyyy)." in messages
    )
    assert "Trang “Tiêu chí”, dòng 3, cột D (Điểm tối đa): “NaN” không phải là số." in messages


# --- downloads ------------------------------------------------------------------------------


def test_a_download_keeps_its_vietnamese_name_and_is_not_cached():
    response = file_response("Báo cáo tự chấm.docx", DOCX, b"PK")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%B1%20ch%E1%BA%A5m.docx" in disposition
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    assert file_response("a.pdf", "application/pdf", b"", inline=True)[
        "Content-Disposition"
    ].startswith("inline;")


# --- the document engine --------------------------------------------------------------------


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _paragraphs(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def test_the_self_score_report_is_vietnamese_with_the_english_menu(client, compiler, scorecard):
    score_all(scorecard, compiler)
    client.force_login(compiler)
    client.cookies["django_language"] = "en"
    page = client.get("/van-ban/selfscore/ba-thanh/2025/")
    assert page["Content-Language"] == "en"  # the menus are English…
    response = client.get("/van-ban/selfscore/ba-thanh/2025/?format=docx")
    text = _paragraphs(response.content)
    # …the document is not: the proposed class reads as in the official sample.
    assert "2. Đề xuất xếp loại: Hoàn thành xuất sắc nhiệm vụ." in text
    assert "Excellent" not in text


def test_a_report_parameter_that_is_not_valid_answers_404(client, party, campaign):  # noqa: F811
    client.force_login(party)
    base = "/van-ban/{kind}/ba-thanh/2026/"
    assert client.get(base.format(kind="dvk-report") + "?period=annual").status_code == 200
    assert client.get(base.format(kind="dvk-report")).status_code == 200  # annual by default
    assert client.get(base.format(kind="dvk-report") + "?period=weekly").status_code == 404
    assert client.get(base.format(kind="dvk-scoresheet") + "?model=-3").status_code == 404
    assert client.get(base.format(kind="dvk-scoresheet") + "?model=1%20OR%201").status_code == 404


def test_the_export_page_keeps_the_parameter_as_a_hidden_field(client, party, campaign):  # noqa: F811
    client.force_login(party)
    page = client.get("/van-ban/dvk-report/ba-thanh/2026/?period=six_month").text
    assert 'type="hidden" name="period" value="six_month"' in page


def test_render_report_names_the_parameter_that_is_wrong(ba_thanh):
    with pytest.raises(CommandError, match="--param model"):
        call_command(
            "render_report", "dvk-scoresheet", unit="ba-thanh", year=2026, param=["model=abc"]
        )
