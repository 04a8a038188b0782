"""Paper a reviewer accepts (issue 14, points 3, 4, 5, 12, 13): every report kind on the demo
data, looked at the way a reviewer would, through pdftotext, the DOCX's own widths and the
workbook's print settings."""

import html
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from dvcq.documents import registry
from dvcq.documents.blocks import DRAFT_MARK, Column, Heading, Row, Table, format_cell
from dvcq.documents.layout import (
    curly_quotes,
    fit_columns,
    heads_next,
    nowrap_pieces,
    text_mm,
    words_fit,
)
from dvcq.documents.pdf_renderer import typeset
from dvcq.documents.services import document_settings_for, export_options_defaults
from dvcq.org.models import Unit

MM = 72 / 25.4  # PDF points per millimetre
TOLERANCE = 1.0  # points: glyph bounding boxes are a little generous

# kind, unit, year, parameters (MODEL: the recognised 2026 model)
KINDS = [
    ("annex", "ba-thanh", 2025, {}),
    ("plan", "ba-thanh", 2025, {}),
    ("selfscore", "ba-thanh", 2024, {}),
    ("review", "ba-thanh", 2024, {}),
    ("results", "quang-ngai", 2025, {}),
    ("dvk-plan", "ba-thanh", 2026, {}),
    ("dvk-registrations", "ba-thanh", 2026, {}),
    ("dvk-results", "ba-thanh", 2026, {}),
    ("dvk-scoresheet", "ba-thanh", 2026, {"model": "MODEL"}),
    ("dvk-report", "ba-thanh", 2026, {"period": "six_month"}),
    ("dvk-report", "ba-thanh", 2026, {"period": "annual"}),
]
IDS = [f"{k}-{p.get('period', year)}" for k, _u, year, p in KINDS]
TABULAR = [k for k in KINDS if registry.get(k[0]).tabular]
TABULAR_IDS = [i for i, k in zip(IDS, KINDS, strict=True) if registry.get(k[0]).tabular]


def _build(kind_name, code, year, params):
    """(report blocks, margins of the issuing unit, the kind, its source, its options)."""
    from django.utils import translation

    from models_dvk.models import Campaign, Step

    kind = registry.get(kind_name)
    unit = Unit.objects.get(code=code)
    if params.get("model") == "MODEL":
        campaign = Campaign.objects.get(unit__code=code, year=year)
        params = {"model": str(campaign.models.get(step=Step.RECOGNISED).pk)}
    source = kind.source(unit, year, params)
    settings = document_settings_for(kind.issuing_unit(unit, source))
    options = export_options_defaults(settings, kind.default_style, kind.default_symbol)
    options.label = kind.default_label
    with translation.override("vi"):
        report = kind.build(source, options)
    return kind, source, options, report


def _render(kind_name, code, year, params, fmt):
    kind, source, options, report = _build(kind_name, code, year, params)
    return report, kind.render(source, options, fmt)[2]


def _pdf_pages(content: bytes) -> list[tuple[float, float, list[tuple]]]:
    """Per page: width, height and its words (x0, y0, x1, y1, text), from pdftotext -bbox."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-bbox", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [
            (float(a), float(b), float(c), float(d), html.unescape(text))
            for a, b, c, d, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                page[3],
            )
        ]
        pages.append((float(page[1]), float(page[2]), words))
    return pages


def _pdf_lines(content: bytes) -> list[list[str]]:
    """Per page, its lines as pdftotext -raw reads them (one visual line each)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-raw", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [
        [line.strip() for line in page.splitlines() if line.strip()] for page in out.split("\f")
    ]


def _norm(text: str) -> str:
    return " ".join(str(text).split()).replace("\u00a0", " ")


# --- PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_pdf_every_word_lies_inside_the_units_margins(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "pdf")
    top, bottom, left, right = (m * MM for m in report.meta.margins_mm)
    outside = []
    for number, (width, height, words) in enumerate(_pdf_pages(content), start=1):
        for x0, y0, x1, y1, text in words:
            if y1 < top and text.isdigit() and number > 1:
                continue  # the page number, centred in the top margin
            if y1 < top and report.meta.is_draft and text in DRAFT_MARK.split():
                # the "DỰ THẢO" mark of a draft, in the top margin like the page number
                if left - TOLERANCE <= x0 and x1 <= width - right + TOLERANCE:
                    continue
            if (
                x0 < left - TOLERANCE
                or x1 > width - right + TOLERANCE
                or y0 < top - TOLERANCE
                or y1 > height - bottom + TOLERANCE
            ):
                outside.append((number, text, round((width - x1) / MM, 1)))
    assert not outside, outside[:10]


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_pdf_signature_shares_its_page_with_body_text(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "pdf")
    if not report.meta.show_signature:
        pytest.skip("an attached table is not signed")
    page = _signature_page(_pdf_lines(content), report)
    assert _body_before_closing(page, report), f"the signature of {kind} is alone: {page}"


def _signature_page(pages, report) -> list[str]:
    authority = _norm(report.meta.signer_authority)
    return next(p for p in pages if any(authority in _norm(line) for line in p))


def _body_before_closing(page: list[str], report) -> list[str]:
    """The lines of the page above "Nơi nhận" and the signer (not the page number)."""
    closing = {"Nơi nhận:", _norm(report.meta.signer_authority), _norm(report.meta.signer_title)}
    first = next(i for i, line in enumerate(page) if any(c and c in line for c in closing))
    return [line for line in page[:first] if not line.isdigit()]


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_pdf_no_page_ends_with_a_heading_or_only_a_repeated_table_header(
    demo, kind, code, year, params
):
    report, content = _render(kind, code, year, params, "pdf")
    headings = [_norm(b.text) for b in report.blocks if isinstance(b, Heading)]
    header_words: set[str] = set()
    for table in report.tables:
        for row, heads in zip(table.rows, heads_next(table.rows), strict=True):
            if heads:  # "Tiêu chí 1: …" as a group row or a criterion's subtotal row
                headings += [_norm(format_cell(c, "text")) for c in row.cells if c]
        header_words |= {w for column in table.columns for w in column.title.split()}
        header_words |= {f"({n})" for n in range(1, len(table.columns) + 1)}
    pages = _pdf_lines(content)
    pages = [p for p in pages if p]
    for number, lines in enumerate(pages[:-1], start=1):
        # The last line with words: not the points of a row, nor the page number.
        texts = [
            " ".join(w for w in line.split() if not re.fullmatch(r"[\d.,]+", w)) for line in lines
        ]
        last = next((t for t in reversed(texts) if t), "")
        if len(last) < 6:
            continue
        ending = [h for h in headings if h.endswith(last) or h == last]
        assert not ending, f"page {number} of {kind} ends with the heading {ending[0]!r}"
    last_words = [w for line in pages[-1] for w in line.split() if not w.isdigit()]
    assert set(last_words) - header_words, f"the last page of {kind} is only a table header"


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_pdf_never_splits_a_number_a_code_or_the_place_name(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "pdf")
    words = {w[4] for _w, _h, page in _pdf_pages(content) for w in page}
    for table in report.tables:
        for index in table.doc_columns():
            column = table.columns[index]
            for row in table.rows:
                if row.kind == "group" or index >= len(row.cells):
                    continue
                value = format_cell(row.cells[index], column.kind)
                if column.kind == "points" and value:
                    assert value in words, f"{value} split across lines in {kind}"
    raw = "\n".join("\n".join(page) for page in _pdf_lines(content))
    place = report.meta.place
    if place and " " in place:
        first, rest = place.split(" ", 1)
        assert f"{first}\n{rest}" not in raw, f"“{place}” split across lines in {kind}"
    broken = re.findall(r"\S*\w-\n\w\S*", raw)
    assert not broken, f"a code split at its hyphen in {kind}: {broken}"


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_documents_use_one_kind_of_quotation_marks(demo, kind, code, year, params):
    _report, pdf = _render(kind, code, year, params, "pdf")
    text = " ".join(" ".join(page) for page in _pdf_lines(pdf))
    assert '"' not in text
    _report, docx = _render(kind, code, year, params, "docx")
    document = Document(BytesIO(docx))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert not [t for t in texts if '"' in t]


# --- DOCX ---------------------------------------------------------------------------------


def _text_width_twips(section_properties) -> int:
    size = section_properties.find(qn("w:pgSz"))
    margins = section_properties.find(qn("w:pgMar"))
    return (
        int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    )


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_docx_tables_are_no_wider_than_the_text(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "docx")
    body = Document(BytesIO(content)).element.body
    pending, checked = [], 0
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            pending.append(child)
            continue
        sections = child.findall(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if child.tag == qn("w:sectPr"):
            sections = [child]
        for section in sections:
            text_width = _text_width_twips(section)
            for table in pending:
                grid = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
                width = table.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
                assert sum(grid) <= text_width + 2, (kind, sum(grid), text_width)
                assert width.get(qn("w:type")) == "dxa"
                assert int(width.get(qn("w:w"))) <= text_width + 2
                layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
                assert layout is not None and layout.get(qn("w:type")) == "fixed"
                checked += 1
            pending = []
    assert checked == len(report.tables) + report.meta.show_header + report.meta.show_signature


@pytest.mark.parametrize(("kind", "code", "year", "params"), KINDS, ids=IDS)
def test_docx_last_paragraph_keeps_with_the_signature(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "docx")
    if not report.meta.show_signature:
        pytest.skip("an attached table is not signed")
    body = list(Document(BytesIO(content)).element.body.iterchildren())
    signature = next(
        i
        for i, child in enumerate(body)
        if child.tag == qn("w:tbl") and report.meta.signer_title in "".join(child.itertext())
    )
    before = body[signature - 1]
    assert before.tag == qn("w:p")
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, kind


# --- XLSX ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "code", "year", "params"), TABULAR, ids=TABULAR_IDS)
def test_xlsx_prints_readably(demo, kind, code, year, params):
    report, content = _render(kind, code, year, params, "xlsx")
    top, bottom, left, right = (Decimal(str(m)) / Decimal("25.4") for m in report.meta.margins_mm)
    book = load_workbook(BytesIO(content))
    for sheet in book.worksheets:
        assert sheet.print_title_rows, sheet.title
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        margins = sheet.page_margins
        for got, wanted in ((margins.top, top), (margins.bottom, bottom), (margins.left, left)):
            assert abs(Decimal(str(got)) - wanted) < Decimal("0.01")
        assert abs(Decimal(str(margins.right)) - right) < Decimal("0.01")
        for row in sheet.iter_rows():
            texts = [c for c in row if c.value not in (None, "")]
            if not texts:
                continue
            assert sheet.row_dimensions[row[0].row].height, f"row {row[0].row} has no height"
            for cell in texts:
                assert cell.font.name == "Times New Roman", cell.coordinate
        # The row as tall as its longest wrapped cell: at least one line per line of text.
        tallest = max((sheet.row_dimensions[r].height or 0) for r in range(1, sheet.max_row + 1))
        assert tallest > 30


def test_xlsx_stores_the_dvk_reports_figures_as_numbers(demo):
    _report, content = _render("dvk-report", "ba-thanh", 2026, {"period": "annual"}, "xlsx")
    sheet = load_workbook(BytesIO(content))["Chỉ tiêu"]
    rows = [r for r in sheet.iter_rows(min_row=4) if r[2].value is not None]
    assert [r[2].value for r in rows] == [5, 1, 1, 7]
    percent = rows[2][2]
    assert percent.data_type == "n" and percent.number_format == "0%"  # shows 100%
    assert all(r[3].data_type == "n" for r in rows)


@pytest.mark.parametrize(("kind", "code", "year", "params"), TABULAR, ids=TABULAR_IDS)
def test_xlsx_keeps_no_figure_as_text(demo, kind, code, year, params):
    _report, content = _render(kind, code, year, params, "xlsx")
    for sheet in load_workbook(BytesIO(content)).worksheets:
        for row in sheet.iter_rows(min_row=4, min_col=2):
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                assert not re.fullmatch(r"\d+(,\d+)?%?", text.strip()), (kind, cell.coordinate)


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plan", "dvk-plan"])
def test_a_kind_without_xlsx_is_refused_in_vietnamese(db, kind, tmp_path):
    with pytest.raises(CommandError, match="không có bản XLSX"):
        call_command(
            "render_report", kind, unit="ba-thanh", year=2025, format="xlsx",
            output=str(tmp_path / "x.xlsx"),
        )  # fmt: skip
    assert not (tmp_path / "x.xlsx").exists()


def test_the_command_line_exits_non_zero_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "render_report", "plan", "--unit", "ba-thanh",
         "--year", "2025", "--format", "xlsx"],
        capture_output=True, text=True, cwd=Path(django_settings.BASE_DIR), check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "không có bản XLSX" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"param": ["model"]}, "TÊN=GIÁ_TRỊ"),
        ({"output": "/khong-co-thu-muc/x.docx"}, "thư mục chứa tệp không tồn tại"),
        ({"output": "."}, "đó là một thư mục"),
    ],
)
def test_bad_input_gets_a_message_not_a_traceback(ba_thanh_round, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", "annex", unit="ba-thanh", year=2025, **arguments)


# --- the typesetting itself -----------------------------------------------------------------


def test_columns_fill_the_text_width_and_fit_their_longest_word():
    table = Table(
        [Column("STT", 5), Column("Nội dung", 200), Column("Điểm tối đa", 5, kind="points")],
        [Row(["10.3", "Một nội dung dài " * 5, Decimal("100")])],
    )
    widths = fit_columns(table, [0, 1, 2], 165, 3)
    assert sum(widths) == pytest.approx(165)
    assert widths[0] >= text_mm("10.3") + 3
    assert widths[2] >= text_mm("100,00") + 3 and widths[2] >= text_mm("Điểm", bold=True) + 3


def test_codes_numbers_and_the_place_stay_whole_and_quotes_are_curly():
    pieces = nowrap_pieces("Kế hoạch 16/CT-TTg của xã Ba Thành: 100,00 điểm", ("Ba Thành",))
    assert [p for p, whole in pieces if whole] == ["16/CT-TTg", "Ba Thành", "100,00"]
    assert curly_quotes('phong trào "Dân vận khéo" ("DVK")') == "phong trào “Dân vận khéo” (“DVK”)"


def test_pdf_keeps_a_piece_whole_with_word_joiners_that_print_nothing():
    html = typeset("Kế hoạch 16/CT-TTg của xã Ba Thành", ("Ba Thành",))
    assert "16\u2060/\u2060CT\u2060-\u2060TTg" in html and "Ba\u2060 \u2060Thành" in html
    assert html.replace("\u2060", "") == "Kế hoạch 16/CT-TTg của xã Ba Thành"


def test_words_break_only_in_columns_too_narrow_for_their_longest_word():
    table = Table([Column("STT", 5), Column("Nội dung", 200)], [Row(["1", "Một nội dung"])])
    assert words_fit(table, [0, 1], 165, 3)
    assert not words_fit(table, [0, 1], 12, 3)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_docx_in_libreoffice_has_no_blank_page_and_no_lonely_signature(demo, tmp_path):
    """As the reviewer opens them: every DOCX through LibreOffice, in one conversion."""
    reports = {}
    for (kind, code, year, params), name in zip(KINDS, IDS, strict=True):
        report, content = _render(kind, code, year, params, "docx")
        (tmp_path / f"{name}.docx").write_bytes(content)
        reports[name] = report
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         *sorted(str(p) for p in tmp_path.glob("*.docx"))],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    for name, report in reports.items():
        pages = _pdf_lines((tmp_path / f"{name}.pdf").read_bytes())
        pages = pages[:-1] if pages and not pages[-1] else pages  # after the last form feed
        for number, lines in enumerate(pages, start=1):
            assert [line for line in lines if not line.isdigit()], f"{name}: page {number} blank"
        if report.meta.show_signature:
            page = _signature_page(pages, report)
            assert _body_before_closing(page, report), f"{name}: the signature alone: {page}"
