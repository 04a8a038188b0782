"""No text a user typed becomes a live formula in any workbook the app writes (issue 12, point 2).

The demo data is seeded once for the module, every user-typed text field is prefixed with a
hostile payload, and each XLSX-producing URL and command is opened with openpyxl: no cell is a
formula, each payload comes back verbatim as a string (with the quote-prefix style, so Excel and
LibreOffice keep it as text when edited), and points are still numbers.
"""

import io
import zipfile
from datetime import date
from decimal import Decimal
from itertools import cycle

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from openpyxl import Workbook, load_workbook

from criteria.annex_io import read_annex_upload
from criteria.models import AssessmentRound, Assignment, Criterion, Framework, Item
from criteria.xlsx import framework_from_xlsx, framework_to_xlsx
from dvcq.documents.models import UnitDocumentSettings
from dvcq.documents.xlsx_safe import Formula, append_row, safe_cell, write_cell
from dvcq.org.models import Position, Unit, User
from evidence.models import EvidenceRecord, ItemReview
from models_dvk import importer
from models_dvk.models import (
    Appraisal,
    Campaign,
    DvkModel,
    Exemplar,
    MemberScore,
    Milestone,
    ModelEvent,
    Participant,
    Rubric,
    RubricCriterion,
    Step,
    Target,
)
from scoring.models import (
    CriterionResult,
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
)
from scoring.selectors import scorecard_groups
from scoring.xlsx import read_selfscore, selfscore_workbook

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LABEL = '=HYPERLINK("http://evil","nhãn")'

# Every free-text field a user types that can reach a workbook (codes used in URLs excepted).
TYPED_FIELDS = {
    Unit: ["name", "official_name", "place_name"],
    Position: ["name"],
    User: ["full_name"],
    UnitDocumentSettings: [
        "admin_issuing_body",
        "admin_signer_authority",
        "admin_signer_title",
        "admin_signer_name",
        "party_superior_body",
        "party_issuing_body",
        "party_signer_authority",
        "party_signer_title",
        "party_signer_name",
    ],
    Framework: ["name", "decision_number", "decision_issuer"],
    Criterion: ["title"],
    Item: ["text", "guidance", "default_assignees", "default_action"],
    AssessmentRound: ["plan_number"],
    Assignment: ["assignee_note", "action"],
    EvidenceRecord: ["number", "issuer", "summary"],
    ItemReview: ["comment"],
    Scorecard: [
        "ineligible_reason",
        "self_report_number",
        "result_decision_number",
        "result_decision_issuer",
    ],
    ItemScore: ["explanation"],
    Deduction: ["reason"],
    CriterionResult: ["review_note"],
    RemediationPlan: ["legal_bases", "goals", "targets", "implementation"],
    RemediationItem: ["responsibility", "remedy"],
    Campaign: ["organiser", "superior_body", "title", "guide_number", "guide_summary"],
    Target: ["label"],
    Milestone: ["label"],
    Participant: ["name"],
    DvkModel: [
        "name",
        "location",
        "host",
        "scale",
        "subject_name",
        "higher_targets",
        "leader",
        "results",
        "drop_reason",
    ],
    ModelEvent: ["note"],
    Rubric: ["name"],
    RubricCriterion: ["text"],
    Appraisal: ["plan_number", "notice_number", "decision_number"],
    MemberScore: ["note"],
    Exemplar: ["name", "recognised_number"],
}


def _poison() -> None:
    """Put a payload in front of every non-empty typed text (the rest keeps values unique)."""
    payloads = cycle(PAYLOADS)
    for model, fields in TYPED_FIELDS.items():
        objects = list(model.objects.order_by("pk"))
        for obj in objects:
            for name in fields:
                value = getattr(obj, name)
                if not value:
                    continue
                limit = model._meta.get_field(name).max_length
                poisoned = f"{next(payloads)} {value}"
                setattr(obj, name, poisoned[:limit] if limit else poisoned)
        if objects:
            model.objects.bulk_update(objects, fields)


@pytest.fixture(scope="module")
def hostile(demo_world, django_db_blocker):
    """The demo world, poisoned once for the module (in a savepoint rolled back after it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _poison()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _demo_media(settings, demo_world):
    settings.MEDIA_ROOT = demo_world


def _typed(model, field) -> set[str]:
    return {v for v in model.objects.values_list(field, flat=True) if v}


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_safe(content: bytes, expected: set[str]) -> list:
    """No formula; a typed text starting with a payload is there verbatim, as quoted text."""
    cells = _cells(content)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c for c in cells if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    dangerous = [c for c in texts if c.value.startswith(FORMULA_STARTS)]
    assert dangerous, "no cell starts with a payload: the test would prove nothing"
    assert all(c.quotePrefix for c in dangerous), [c.value for c in dangerous if not c.quotePrefix]
    assert any(v.startswith(tuple(PAYLOADS)) for v in expected)
    assert any(value in c.value for value in expected for c in texts), sorted(expected)[:3]
    return cells


def _numbers(cells) -> list:
    return [c.value for c in cells if c.data_type == "n" and isinstance(c.value, int | float)]


def _admin(client):
    client.force_login(User.objects.get(username="admin"))
    return client


REPORTS = [
    # kind, unit, year, extra query, (model, field) whose typed text must show up
    ("annex", "ba-thanh", 2025, "", (Assignment, "action")),
    ("selfscore", "ba-thanh", 2024, "", (ItemScore, "explanation")),
    ("review", "ba-thanh", 2024, "", (Criterion, "title")),
    ("results", "quang-ngai", 2025, "", (Unit, "name")),
    ("dvk-registrations", "ba-thanh", 2026, "", (DvkModel, "name")),
    ("dvk-results", "ba-thanh", 2026, "", (DvkModel, "name")),
    ("dvk-scoresheet", "ba-thanh", 2026, "model", (RubricCriterion, "text")),
    ("dvk-report", "ba-thanh", 2026, "period=six_month", (Target, "label")),
]


@pytest.mark.parametrize(
    ("kind", "unit", "year", "query", "typed"), REPORTS, ids=[r[0] for r in REPORTS]
)
def test_every_report_xlsx_writes_typed_text_as_text(
    hostile, db, client, kind, unit, year, query, typed
):
    if query == "model":
        query = (
            f"model={DvkModel.objects.filter(step=Step.RECOGNISED, campaign__year=2026).first().pk}"
        )
    response = _admin(client).get(
        f"/van-ban/{kind}/{unit}/{year}/",
        {"format": "xlsx", "label": LABEL, **dict([query.split("=")] if query else [])},
    )
    assert response.status_code == 200, response.content[:300]
    cells = _assert_safe(response.content, _typed(*typed))
    # The annex is text only (who does what, by when); the report's targets are worded figures.
    if kind not in ("annex", "dvk-report"):
        assert _numbers(cells), "points and counts must stay numbers"


def test_the_export_label_typed_in_the_form_stays_text(hostile, db, client):
    response = _admin(client).get(
        "/van-ban/annex/ba-thanh/2025/", {"format": "xlsx", "label": LABEL}
    )
    cells = _cells(response.content)
    label = next(c for c in cells if c.value == LABEL)
    assert label.data_type == "s" and label.quotePrefix


def test_render_report_command_writes_text_as_text(hostile, db, tmp_path):
    output = tmp_path / "annex.xlsx"
    call_command(
        "render_report", "annex", unit="ba-thanh", year=2025, format="xlsx", output=str(output)
    )
    _assert_safe(output.read_bytes(), _typed(Assignment, "action"))


def test_framework_export_writes_text_as_text_and_imports_it_back(hostile, db, client):
    framework = Framework.objects.get(owner__code="quang-ngai", year=2025)
    response = _admin(client).get(f"/khung-tieu-chi/{framework.pk}/xlsx/")
    assert response.status_code == 200
    cells = _assert_safe(response.content, _typed(Item, "text") | _typed(Framework, "name"))
    assert Decimal(str(_numbers(cells)[0])) > 0  # total points still a number

    data, errors = framework_from_xlsx(io.BytesIO(framework_to_xlsx(framework)))
    assert errors == []
    assert data["name"] == framework.name.strip()
    item = Item.objects.filter(criterion__framework=framework, text__startswith="=").first()
    imported = next(
        i
        for c in data["criteria"]
        if c["number"] == item.criterion.number
        for i in c["items"]
        if i["number"] == item.number
    )
    assert imported["text"] == item.text


def test_self_score_sheet_writes_text_as_text_and_reads_back_unchanged(hostile, db, client):
    scorecard = Scorecard.objects.get(round__unit__code="ba-thanh", round__framework__year=2025)
    response = _admin(client).get(f"/cham-diem/{scorecard.pk}/tu-cham.xlsx")
    assert response.status_code == 200
    cells = _assert_safe(response.content, _typed(Item, "text"))
    assert _numbers(cells)
    # Text starting with = + - @ comes back as the same text: the upload changes nothing. (The
    # import strips surrounding spaces, tabs and line breaks, as it always did.)
    scores = list(scorecard.items.exclude(explanation=""))
    for score in scores:
        score.explanation = score.explanation.strip()
    scores[0].explanation = "=1+1"
    ItemScore.objects.bulk_update(scores, ["explanation"])
    assert any(s.explanation.startswith(("+", "-", "@")) for s in scores)
    content = selfscore_workbook(scorecard, scorecard_groups(scorecard))
    explanation = next(c for c in _cells(content) if c.value == "=1+1")
    assert explanation.data_type == "s"
    upload = io.BytesIO(content)
    upload.name = "tu-cham.xlsx"
    groups = scorecard_groups(scorecard)
    assert read_selfscore(upload, scorecard, groups, accepted=set()) == []


def test_dashboard_export_writes_unit_names_as_text(hostile, db, client):
    client.force_login(User.objects.get(username="tinh.danhgia"))
    response = client.get("/tong-hop/2025/bang-diem.xlsx")
    assert response.status_code == 200
    cells = _assert_safe(response.content, _typed(Unit, "name"))
    assert _numbers(cells)


def test_binder_index_writes_record_text_as_text(hostile, db, client):
    assessment_round = AssessmentRound.objects.get(unit__code="ba-thanh", framework__year=2026)
    response = _admin(client).get(f"/minh-chung/ky/{assessment_round.pk}/ho-so.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    content = archive.read("Muc-luc.xlsx")
    expected = _typed(EvidenceRecord, "summary") | _typed(EvidenceRecord, "issuer")
    cells = _assert_safe(content, expected)
    for record in EvidenceRecord.objects.filter(round=assessment_round):
        for value in (record.number, record.issuer, record.summary):
            assert any(c.value == value and c.data_type == "s" for c in cells), value
    assert _numbers(cells)  # criterion numbers and file sizes


def test_phu_luc_1_template_has_no_formula_and_hostile_rows_read_back(hostile, db, client):
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    response = _admin(client).get(f"/dan-van-kheo/{campaign.pk}/mau-phu-luc-1.xlsx")
    assert response.status_code == 200
    assert [c for c in _cells(response.content) if c.data_type == "f"] == []

    rows = [
        ["II", "Mô hình đăng ký mới năm 2026"] + [None] * 7,
        ["1", "=Chi bộ thôn Vàng"] + [None] * 7,
        ["-", '=HYPERLINK("http://evil","x")', 1, "@Thôn Vàng", "+Chi bộ", "-Văn hóa", "x", "x"],
    ]
    content = importer.template_workbook(2026, rows)
    cells = _cells(content)
    assert [c for c in cells if c.data_type == "f"] == []
    upload = io.BytesIO(content)
    upload.name = "phu-luc-1.xlsx"
    plan = importer.read_sheet(upload, campaign)
    names = [row.data["name"] for row in plan.rows]
    assert '=HYPERLINK("http://evil","x")' in names


# --- the helper itself ----------------------------------------------------------------------


@pytest.mark.parametrize("write_only", [False, True])
def test_the_helper_keeps_text_as_text_and_numbers_as_numbers(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Thử")
    values = [*PAYLOADS, "Bình thường", Decimal("2.50"), 7, date(2026, 3, 2), None]
    append_row(sheet, values)
    append_row(sheet, [safe_cell(sheet, "=1+1"), Formula("=1+2")])
    if not write_only:
        write_cell(sheet, 3, 1, "=A1")
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()))["Thử"]
    first = list(read.iter_rows(min_row=1, max_row=1))[0]
    assert [c.value for c in first[:6]] == PAYLOADS
    assert all(c.data_type == "s" and c.quotePrefix for c in first[:6])
    assert first[6].value == "Bình thường" and not first[6].quotePrefix
    assert first[7].value == 2.5 and first[7].data_type == "n"
    assert first[8].value == 7 and first[8].data_type == "n"
    assert first[9].value.date() == date(2026, 3, 2)
    second = list(read.iter_rows(min_row=2, max_row=2))[0]
    assert (second[0].value, second[0].data_type) == ("=1+1", "s")
    # A formula the app means to write says so, and stays one.
    assert (second[1].value, second[1].data_type) == ("=1+2", "f")
    if not write_only:
        assert (read["A3"].value, read["A3"].data_type) == ("=A1", "s")


def test_a_plain_openpyxl_write_would_have_been_a_formula():
    """Why the helper exists: openpyxl on its own turns such text into a formula."""
    sheet = Workbook().active
    sheet.append(["=1+1"])
    assert sheet["A1"].data_type == "f"


def test_formula_marker_refuses_text_that_is_not_a_formula():
    with pytest.raises(ValueError):
        Formula("1+1")


def test_annex_xlsx_imports_back_with_the_same_text(hostile, db, client):
    assessment_round = AssessmentRound.objects.get(unit__code="ba-thanh", framework__year=2025)
    assignment = assessment_round.assignments.select_related("item__criterion").first()
    Assignment.objects.filter(pk=assignment.pk).update(action="=1+1 Tham mưu UBND xã.")
    response = _admin(client).get("/van-ban/annex/ba-thanh/2025/", {"format": "xlsx"})
    upload = SimpleUploadedFile("phu-luc.xlsx", response.content)
    parsed = read_annex_upload(upload)
    row = next(
        r
        for r in parsed.rows
        if (r.criterion, r.number) == (assignment.item.criterion.number, assignment.item.number)
    )
    assert row.action == "=1+1 Tham mưu UBND xã."


def test_control_characters_pasted_into_text_do_not_break_the_workbook():
    # openpyxl refuses the whole file on such a character; the reader loses nothing visible.
    sheet = Workbook().active
    append_row(sheet, ["Kế hoạch\x01 số 45\x0b/KH-UBND", "=1+1\x02"])
    out = io.BytesIO()
    sheet.parent.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    assert read["A1"].value == "Kế hoạch số 45/KH-UBND"
    assert (read["B1"].value, read["B1"].data_type) == ("=1+1", "s")
