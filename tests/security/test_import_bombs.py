"""Every import refuses a hostile Word/Excel file before parsing it: a zip that inflates past
50 MB or a thousand-fold, a thousand entries, a DOCTYPE (billion laughs), a sheet or table past
2.000 rows or 50 columns. The refusal is a Vietnamese message naming the file on the import
page (never a 500) and nothing is saved. The files are built here from a valid one, small on
disk."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from criteria.models import Framework
from criteria.services import round_create
from criteria.xlsx import framework_to_xlsx
from dvcq.documents.models import ReportTemplate
from dvcq.org.models import Position
from models_dvk.models import DvkModel
from tests.criteria.test_annex_import import seed_annex_docx
from tests.dvk.campaign_fixtures import phu_luc_1
from tests.dvk.test_import import ROWS as PHU_LUC_ROWS
from tests.factories import UserFactory

from . import office_bombs as bombs

pytestmark = pytest.mark.django_db


@dataclass
class Import:
    """One import view: a valid file for it, how to post a file, what it saved."""

    valid: bytes
    extension: str
    part: str  # the XML part the import parses: where a bomb goes
    post: Callable  # (content, name) -> response
    saved: Callable  # () -> anything that changes when the import saves
    refusal_status: int = 200
    part_limit_mb: int = 5  # the most an XML part may unzip to


def _upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def annex_round(ba_thanh, framework_2025, ba_thanh_positions):
    return round_create(unit=ba_thanh, framework=framework_2025)


def _annex(client, compiler, annex_round, valid: bytes, extension: str, part: str) -> Import:
    client.force_login(compiler)
    url = f"/ky-danh-gia/{annex_round.pk}/nhap-phu-luc/"
    return Import(
        valid=valid,
        extension=extension,
        part=part,
        post=lambda content, name: client.post(url, {"file": _upload(content, name)}),
        saved=lambda: (
            list(annex_round.assignments.values_list("pk", "action", "deadline", "version")),
            Position.objects.count(),
            sorted(client.session.get("dvcq_previews", {})),  # no preview kept
        ),
    )


@pytest.fixture
def annex_docx(client, compiler, annex_round):
    return _annex(client, compiler, annex_round, seed_annex_docx(), "docx", bombs.DOCUMENT)


@pytest.fixture
def annex_xlsx(client, compiler, annex_round):
    client.force_login(compiler)
    exported = client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx").content
    return _annex(client, compiler, annex_round, exported, "xlsx", bombs.FIRST_SHEET)


@pytest.fixture
def framework_xlsx(client, reviewer, framework_2025):
    book = load_workbook(io.BytesIO(framework_to_xlsx(framework_2025)))
    book["Thông tin"]["B2"] = 2027  # a new year, so that the valid file imports
    out = io.BytesIO()
    book.save(out)
    client.force_login(reviewer)
    return Import(
        valid=out.getvalue(),
        extension="xlsx",
        part=bombs.FIRST_SHEET,
        post=lambda content, name: client.post(
            "/khung-tieu-chi/nhap/", {"file": _upload(content, name)}
        ),
        saved=lambda: list(Framework.objects.values_list("pk", "year", "name")),
    )


@pytest.fixture
def selfscore_xlsx(client, compiler, annex_round):
    from scoring.services import scorecard_for_round

    scorecard = scorecard_for_round(annex_round)
    client.force_login(compiler)
    url = f"/cham-diem/{scorecard.pk}/nhap-excel/"
    valid = client.get(f"/cham-diem/{scorecard.pk}/tu-cham.xlsx").content
    return Import(
        valid=valid,
        extension="xlsx",
        part=bombs.FIRST_SHEET,
        post=lambda content, name: client.post(url, {"file": _upload(content, name)}),
        saved=lambda: (
            list(scorecard.items.values_list("pk", "self_points", "explanation", "version")),
            sorted(client.session.keys()),
        ),
        refusal_status=400,  # the self-score import answers its sheet errors with 400
    )


@pytest.fixture
def phu_luc_1_xlsx(client, party, campaign):  # noqa: F811
    client.force_login(party)
    return Import(
        valid=phu_luc_1(PHU_LUC_ROWS).getvalue(),
        extension="xlsx",
        part=bombs.FIRST_SHEET,
        post=lambda content, name: client.post(
            f"/dan-van-kheo/{campaign.pk}/nhap-excel/", {"file": _upload(content, name)}
        ),
        saved=lambda: (DvkModel.objects.count(), sorted(client.session.keys())),
    )


def _template_docx() -> bytes:
    document = Document()
    for line in ("{{ co_quan }}", "{{ so_ky_hieu }}", "{{p noi_dung }}", "{{ nguoi_ky }}"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def custom_template(client, db):
    client.force_login(UserFactory(unit=None, is_superuser=True, is_staff=True))
    return Import(
        valid=_template_docx(),
        extension="docx",
        part=bombs.DOCUMENT,
        post=lambda content, name: client.post(
            "/van-ban/mau/annex/tai-len/", {"file": _upload(content, name)}, follow=True
        ),
        saved=lambda: list(ReportTemplate.objects.values_list("kind", "original_name")),
        part_limit_mb=2,
    )


SHEETS = ["annex_xlsx", "framework_xlsx", "selfscore_xlsx", "phu_luc_1_xlsx"]
WORD = ["annex_docx", "custom_template"]
EVERY_IMPORT = SHEETS + WORD
ARCHIVE_BOMBS = {
    # name: (builder, the message after “Tệp “<file>” …)
    "inflates-past-50-mb": (
        lambda imp: bombs.inflated(imp.valid, imp.part, 60),
        "quá lớn khi giải nén (",
    ),
    "inflates-a-thousand-fold": (
        # just under the part's size limit, so that the ratio is what refuses it
        lambda imp: bombs.inflated(imp.valid, imp.part, imp.part_limit_mb - 1, level=9),
        "bị nén bất thường: phần “{part}” giải nén ra gấp",
    ),
    "a-thousand-entries": (
        lambda imp: bombs.with_entries(imp.valid),
        "chứa quá nhiều thành phần (1.0",
    ),
    "billion-laughs": (
        lambda imp: bombs.with_doctype(imp.valid, imp.part),
        "có khai báo DOCTYPE/ENTITY trong phần “{part}”",
    ),
}


def _assert_refused(imp: Import, content: bytes, name: str, message: str) -> None:
    before = imp.saved()
    response = imp.post(content, name)
    assert response.status_code == imp.refusal_status
    assert message in response.content.decode()
    assert imp.saved() == before


@pytest.mark.parametrize("kind", EVERY_IMPORT)
def test_the_valid_file_of_each_import_is_accepted(request, kind):
    # The bombs below are built from these files: each is refused for its bomb alone.
    imp = request.getfixturevalue(kind)
    before = imp.saved()
    response = imp.post(imp.valid, f"hop-le.{imp.extension}")
    assert response.status_code in (200, 302)
    if kind in ("framework_xlsx", "custom_template"):
        assert imp.saved() != before  # saved at once
    else:
        assert response.context["token"]  # a preview waits for confirmation


@pytest.mark.parametrize("bomb", ARCHIVE_BOMBS)
@pytest.mark.parametrize("kind", EVERY_IMPORT)
def test_every_import_refuses_an_archive_bomb_naming_the_file(request, kind, bomb):
    imp = request.getfixturevalue(kind)
    build, message = ARCHIVE_BOMBS[bomb]
    name = f"bom-{bomb}.{imp.extension}"
    content = build(imp)
    assert len(content) < len(imp.valid) + 300 * 1024  # small on disk
    _assert_refused(imp, content, name, f"Tệp “{name}” " + message.format(part=imp.part))


def test_the_size_message_gives_the_unzipped_size_and_the_limit(annex_xlsx):
    content = bombs.inflated(annex_xlsx.valid, annex_xlsx.part, 60)
    _assert_refused(
        annex_xlsx,
        content,
        "lon.xlsx",
        "Tệp “lon.xlsx” quá lớn khi giải nén (61 MB; tối đa 50 MB).",
    )


@pytest.mark.parametrize("kind", EVERY_IMPORT)
def test_a_file_past_2000_rows_is_refused_before_parsing(request, kind):
    imp = request.getfixturevalue(kind)
    if imp.extension == "xlsx":
        content = bombs.with_rows(imp.valid, rows=6000)
    else:
        content = bombs.with_table_rows(imp.valid, rows=6000)
    name = f"dai.{imp.extension}"
    limit = "1.000" if kind.startswith("annex") else "2.000"  # an annex is some 50 rows
    _assert_refused(imp, content, name, f"Tệp “{name}” có hơn {limit} dòng (phần “{imp.part}”)")


@pytest.mark.parametrize("kind", SHEETS)
def test_a_sheet_reaching_row_a_million_is_refused_while_reading(request, kind):
    # One row element only, numbered 1.000.000: openpyxl would yield the empty rows before it.
    imp = request.getfixturevalue(kind)
    content = bombs.with_rows(imp.valid, rows=1, start=1_000_000)
    limit = "1.000" if kind.startswith("annex") else "2.000"
    _assert_refused(imp, content, "xa.xlsx", f"của tệp “xa.xlsx” có hơn {limit} dòng")


@pytest.mark.parametrize("kind", EVERY_IMPORT)
def test_a_row_of_too_many_cells_is_refused_before_parsing(request, kind):
    imp = request.getfixturevalue(kind)
    content = bombs.with_wide_row(imp.valid, imp.part, cells=600)
    name = f"rong.{imp.extension}"
    _assert_refused(imp, content, name, f"Tệp “{name}” có dòng thứ 1 chứa hơn 500 ô")


def test_a_word_cell_spanning_a_hundred_million_columns_is_refused(annex_docx):
    content = bombs.with_grid_span(annex_docx.valid)
    _assert_refused(
        annex_docx, content, "rong.docx", "Bảng trong tệp “rong.docx” có dòng 1 rộng hơn 50 cột"
    )


def test_a_value_past_column_50_is_not_read(annex_xlsx):
    # Columns past the 50th are never read (nor padded to the width the sheet claims).
    from dvcq.documents.archive_guard import sheet_rows

    content = bombs.with_far_column(annex_xlsx.valid)
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(sheet_rows(book.worksheets[0], name="rong.xlsx"))
    assert {len(row) for row in rows} == {50}
    assert rows[-1] == (None,) * 50  # the row of the value in column BA, without it


def test_a_damaged_sheet_is_a_message_not_a_server_error(phu_luc_1_xlsx):
    def cut(target, entry, data):
        target.writestr(entry.filename, data[: len(data) // 2])  # XML ends mid-element

    content = bombs._rewrite(phu_luc_1_xlsx.valid, bombs.FIRST_SHEET, cut)
    _assert_refused(phu_luc_1_xlsx, content, "hong.xlsx", "Không đọc được tệp “hong.xlsx”")


def test_self_points_stay_decimal_after_reading_the_sheet_read_only(selfscore_xlsx):
    # The self-score import now reads its workbook read-only; values still arrive as before.
    book = load_workbook(io.BytesIO(selfscore_xlsx.valid))
    sheet = book["Tự chấm"]
    for row in sheet.iter_rows():
        if row[0].value == "1.1":
            row[3].value = 2.5
            row[4].value = "Đã làm một phần."
    out = io.BytesIO()
    book.save(out)
    response = selfscore_xlsx.post(out.getvalue(), "tu-cham.xlsx")
    assert response.status_code == 200
    (change,) = response.context["changes"]
    assert change.new_points == Decimal("2.50") and change.new_explanation == "Đã làm một phần."


def test_word_rows_read_as_python_docx_reads_them_and_stop_at_the_limit():
    from django.core.exceptions import ValidationError

    from dvcq.documents.archive_guard import docx_table_rows

    document = Document()
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}.{c}"
    table.cell(0, 0).merge(table.cell(0, 3))  # across
    table.cell(1, 1).merge(table.cell(3, 1))  # down
    expected = [[cell.text for cell in row.cells] for row in table.rows]
    assert list(docx_table_rows(document, name="a.docx")) == expected
    with pytest.raises(ValidationError, match="“a.docx” có hơn 3 dòng"):
        list(docx_table_rows(document, name="a.docx", max_rows=3))


def test_openpyxl_reads_with_defusedxml():
    # Pinned in pyproject.toml: openpyxl then parses with defusedxml, which refuses entities
    # even where the guard would not look.
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
