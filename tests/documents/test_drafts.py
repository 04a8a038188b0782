"""“DỰ THẢO” exactly when a document's source is not final, in all three formats; the export
page says why and links each warning of the grid to its row; no deadline from another year."""

import subprocess
import tempfile
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from criteria.deadlines import Kind, mentions, replace_deadline
from criteria.models import AssessmentRound
from dvcq.documents import registry
from dvcq.documents.services import document_settings_for, export_options_defaults
from dvcq.org.models import Position, Unit
from models_dvk.models import Appraisal, DvkModel, Step
from scoring.models import Scorecard, Status

MARK = "DỰ THẢO"


def export(kind: str, unit: Unit, year: int, fmt: str, **query) -> bytes:
    """The file as the export page and `render_report` make it, with the unit's defaults."""
    report_kind = registry.get(kind)
    source = report_kind.source(unit, year, query)
    options = export_options_defaults(
        document_settings_for(report_kind.issuing_unit(unit, source)),
        report_kind.default_style,
        report_kind.default_symbol,
    )
    return report_kind.render(source, options, fmt)[2]


def pdf_pages(content: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


def docx_headers(content: bytes) -> list[str]:
    """The header text of every page kind of every section (a linked header reads as the
    previous section's, as Word shows it)."""
    texts = []
    for section in Document(BytesIO(content)).sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        texts += [" ".join(p.text for p in h.paragraphs) for h in headers]
    return texts


def xlsx_first_rows(content: bytes) -> list[str]:
    return [str(sheet["A1"].value) for sheet in load_workbook(BytesIO(content)).worksheets]


def marks(content: bytes, fmt: str) -> bool:
    """Whether the document is marked; every page (header, sheet) alike, never only some."""
    if fmt == "pdf":
        found = [MARK in page for page in pdf_pages(content)]
    elif fmt == "docx":
        found = [MARK in text for text in docx_headers(content)]
    else:
        found = [text.startswith(f"{MARK}: ") for text in xlsx_first_rows(content)]
    assert len(set(found)) == 1, found
    return found[0]


def body_text(content: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return " ".join(pdf_pages(content))
    document = Document(BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for table in document.tables for row in table.rows for c in row.cells]
    return " ".join(texts)


def deadline_years(text: str) -> set[int]:
    """Years of the dates a reader takes for deadlines ("trước ngày 24/10/2025", "Ngày
    26/11/2021 cung cấp…"), not of cited documents."""
    return {m.value.year for m in mentions(text) if m.kind is Kind.DEADLINE and m.value}


def clean_grid(assessment_round: AssessmentRound) -> None:
    """Fix every warning of the round's grid as a compiler would in the grid."""
    year = assessment_round.year
    office = Position.objects.filter(unit=assessment_round.unit).order_by("pk").first()
    for assignment in assessment_round.assignments.all():
        new = date(year, 10, 24)
        if assignment.deadline:
            assignment.action = replace_deadline(assignment.action, assignment.deadline, new)
        assignment.deadline = new
        assignment.save()
        if not assignment.lead_positions.exists() and not assignment.assignee_note:
            assignment.lead_positions.add(office)
    assert not [a for a in assessment_round.assignments.all() if a.warnings(year)]


def ba_thanh_round(demo, year: int) -> AssessmentRound:
    return AssessmentRound.objects.get(unit=demo.ba_thanh, framework__year=year)


FORMATS = ["pdf", "docx", "xlsx"]


# --- the scoring documents ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_published_scorecards_self_score_is_final(demo, fmt):
    cam_thanh = Unit.objects.get(code="cam-thanh")
    assert Scorecard.objects.get(round__unit=cam_thanh, round__framework__year=2025).status == (
        Status.PUBLISHED
    )
    assert not marks(export("selfscore", cam_thanh, 2025, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_self_score_still_being_scored_is_a_draft(demo, fmt):
    content = export("selfscore", demo.ba_thanh, 2025, fmt)
    assert marks(content, fmt)
    if fmt == "xlsx":
        assert xlsx_first_rows(content)[0] == (
            "DỰ THẢO: Kết quả tự chấm điểm năm 2025 chưa được nộp (đơn vị đang chấm)."
        )


def test_the_self_score_is_final_once_submitted(demo):
    card = Scorecard.objects.get(round__unit=demo.ba_thanh, round__framework__year=2025)
    Scorecard.objects.filter(pk=card.pk).update(status=Status.SUBMITTED)
    assert not marks(export("selfscore", demo.ba_thanh, 2025, "docx"), "docx")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_review_is_a_draft_until_published(demo, fmt):
    assert not marks(export("review", demo.ba_thanh, 2024, fmt), fmt)
    son_tinh = Unit.objects.get(code="son-tinh")
    assert marks(export("review", son_tinh, 2025, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_results_annex_with_units_not_reviewed_is_a_draft(demo, fmt):
    from dvcq.org.models import Unit

    assert marks(export("results", demo.province, 2025, fmt), fmt)
    # 2024 was reviewed by the district (Huyện Ba Tơ), every unit's result published.
    assert not marks(export("results", Unit.objects.get(code="ba-to"), 2024, fmt), fmt)


# --- the grid's warnings: annex and plan ----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_annex_with_open_warnings_is_a_draft_and_a_clean_one_is_final(demo, fmt):
    assert marks(export("annex", demo.ba_thanh, 2025, fmt), fmt)
    clean_grid(ba_thanh_round(demo, 2025))
    content = export("annex", demo.ba_thanh, 2025, fmt)
    assert not marks(content, fmt)
    if fmt != "xlsx":
        assert deadline_years(body_text(content, fmt)) == {2025}


def test_a_drafts_watermark_is_drawn_once_under_every_page(demo):
    """One form XObject in the file, the first thing each page draws (under the text)."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    content = export("annex", demo.ba_thanh, 2025, "pdf")
    assert content.count(b"/Form") == 1
    for page in pypdfium2.PdfDocument(content):
        drawn = [o.type for o in page.get_objects(max_depth=0)]
        assert drawn[0] == pdfium.FPDF_PAGEOBJ_FORM and drawn.count(pdfium.FPDF_PAGEOBJ_FORM) == 1
    clean_grid(ba_thanh_round(demo, 2025))
    assert b"/Form" not in export("annex", demo.ba_thanh, 2025, "pdf")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_plan_prints_no_deadline_from_another_year(demo, fmt):
    """Seed 000's 26/11/2021 stays in the 2025 grid (a warning there); the plan leaves the
    day blank and is a draft until the grid is fixed, then prints 2025 deadlines only."""
    content = export("plan", demo.ba_thanh, 2025, fmt)
    text = body_text(content, fmt)
    assert marks(content, fmt)
    assert "26/11/2021" not in text and "30/10/2021" not in text
    assert "cung cấp tài liệu minh chứng trước ngày / /2025." in " ".join(
        text.replace("\xa0", " ").split()
    )
    assert deadline_years(text) == {2025}

    clean_grid(ba_thanh_round(demo, 2025))
    content = export("plan", demo.ba_thanh, 2025, fmt)
    assert not marks(content, fmt)
    assert deadline_years(body_text(content, fmt)) == {2025}


def test_a_deadline_of_another_year_in_the_action_text_is_a_warning(demo):
    assessment_round = ba_thanh_round(demo, 2025)
    clean_grid(assessment_round)
    assignment = assessment_round.assignments.get(item__criterion__number=3, item__number=1)
    assignment.action += " Báo cáo bổ sung trước ngày 15/11/2021."
    assignment.save()
    assert [w.value for w in assignment.warnings(2025)] == ["text_date"]
    assert marks(export("annex", demo.ba_thanh, 2025, "docx"), "docx")


# --- the Dân vận khéo documents ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_scoresheet_is_a_draft_until_the_appraisal_is_concluded(demo, fmt):
    model = DvkModel.objects.get(campaign__year=2026, step=Step.RECOGNISED)
    assert not marks(export("dvk-scoresheet", demo.ba_thanh, 2026, fmt, model=model.pk), fmt)
    Appraisal.objects.filter(model=model).update(passed=None)
    assert marks(export("dvk-scoresheet", demo.ba_thanh, 2026, fmt, model=model.pk), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_results_annex_and_annual_report_are_drafts_while_a_model_is_appraised(demo, fmt):
    for kind in ("dvk-results", "dvk-report", "dvk-registrations"):
        assert not marks(export(kind, demo.ba_thanh, 2026, fmt), fmt), kind
    DvkModel.objects.filter(campaign__year=2026, step=Step.SELF_ASSESSED).update(
        step=Step.APPRAISING
    )
    assert marks(export("dvk-results", demo.ba_thanh, 2026, fmt), fmt)
    assert marks(export("dvk-report", demo.ba_thanh, 2026, fmt), fmt)
    # what stood at the end of June, and the registrations, do not wait for an appraisal
    six_month = export("dvk-report", demo.ba_thanh, 2026, fmt, period="six_month")
    assert not marks(six_month, fmt)
    assert not marks(export("dvk-registrations", demo.ba_thanh, 2026, fmt), fmt)


def test_the_dvk_guidance_is_never_marked(demo):
    assert not marks(export("dvk-plan", demo.ba_thanh, 2026, "docx"), "docx")


# --- the export page ------------------------------------------------------------------------


def test_the_export_page_lists_the_grids_warnings_with_links_to_their_rows(client, demo):
    assessment_round = ba_thanh_round(demo, 2025)
    client.force_login(demo.compiler)
    page = client.get("/van-ban/annex/ba-thanh/2025/")
    html = page.content.decode()
    assert "Văn bản tải về sẽ mang dấu “DỰ THẢO” vì:" in html
    assert "Bảng phân công năm 2025 còn 8 nội dung cần xem lại" in html
    warnings = page.context["finality"].warnings
    grid = f"/ky-danh-gia/{assessment_round.pk}/"
    assert [(w.where, w.problem, w.url) for w in warnings[:2]] == [
        ("Nội dung 1.1", "Hạn nộp nằm ngoài năm đánh giá (26/11/2021)", f"{grid}#nd-1-1"),
        ("Nội dung 1.2", "Hạn nộp nằm ngoài năm đánh giá (30/10/2021)", f"{grid}#nd-1-2"),
    ]
    assert {w.where for w in warnings} == {
        "Nội dung 1.1",
        "Nội dung 1.2",
        "Nội dung 2.2",
        "Nội dung 6.1",
        "Nội dung 6.2",
        "Nội dung 6.4",
        "Nội dung 10.2",
        "Nội dung 10.3",
    }
    assert f'<a href="{grid}#nd-6-1" data-testid="source-warning">Nội dung 6.1</a>: ' in html
    # each link lands on its row of the grid
    grid_page = client.get(grid).content.decode()
    assert all(f'id="{w.url.split("#")[1]}"' in grid_page for w in warnings)

    clean_grid(assessment_round)
    page = client.get("/van-ban/annex/ba-thanh/2025/")
    assert page.context["finality"].final
    assert "DỰ THẢO” vì" not in page.content.decode()
    assert "văn bản tải về là bản chính thức" in page.content.decode()


def test_the_plans_export_page_names_next_years_grid(client, demo):
    client.force_login(demo.compiler)
    page = client.get("/van-ban/plan/ba-thanh/2025/")
    assert page.context["finality"].reasons == [
        "Bảng phân công năm 2025 còn 8 nội dung cần xem lại: hạn nộp nằm ngoài năm đánh giá; "
        "chưa có hạn nộp minh chứng; chưa giao cho ai."
    ]
    assert len(page.context["finality"].warnings) == 8


def test_the_export_page_says_why_a_self_score_is_a_draft(client, demo):
    client.force_login(demo.compiler)
    html = client.get("/van-ban/selfscore/ba-thanh/2025/").content.decode()
    assert "Kết quả tự chấm điểm năm 2025 chưa được nộp (đơn vị đang chấm)." in html
    assert 'data-testid="source-warnings"' not in html
    html = client.get("/van-ban/selfscore/ba-thanh/2024/").content.decode()
    assert "DỰ THẢO” vì" not in html


def test_a_custom_word_template_carries_the_mark_too(
    client, admin_user, compiler, ba_thanh_round, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.test_export_views import _template_docx

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    client.post(
        "/van-ban/mau/annex/tai-len/",
        {"file": SimpleUploadedFile("mau-tinh.docx", _template_docx())},
    )
    client.force_login(compiler)
    content = client.get("/van-ban/annex/ba-thanh/2025/?format=docx").content
    assert "SỞ NỘI VỤ TỈNH MẪU — MẪU RIÊNG" in body_text(content, "docx")
    assert marks(content, "docx")  # seed 000's grid still has its warnings
