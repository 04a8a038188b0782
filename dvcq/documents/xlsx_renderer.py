"""XLSX of a report's tables: one sheet each, header frozen, numbers and dates typed, and
printable: Times New Roman, rows as tall as their wrapped text, header rows repeated on every
page, A4 fitted to the width within the unit's margins."""

import math
import re
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .blocks import DRAFT_MARK, AnnexHeading, Report, format_cell
from .layout import text_mm
from .xlsx_safe import append_row, write_cell

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"points": "0.00", "number": "0", "date": "DD/MM/YYYY"}
FONT = "Times New Roman"
SIZE = 12  # table text, as in the DOCX and PDF
# Excel column widths are in characters; LibreOffice prints one as about 2.0-2.2 mm.
MM_PER_CHAR = 2.0
LINE_PT = SIZE * 1.25  # one wrapped line
# Figures the builders hand over as text ("5", "100%", "78,50") are stored as numbers.
INTEGER = re.compile(r"(?:0|[1-9]\d{0,14})")
DECIMAL = re.compile(r"(?:0|[1-9]\d{0,14}),\d+")
PERCENT = re.compile(r"((?:0|[1-9]\d{0,2})(?:,\d+)?)\s?%")


def _font(bold: bool = False, italic: bool = False, size: float = SIZE) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def as_number(value):
    """(value, number format): "5" → 5, "78,50" → 78.5, "100%" → 1.0 shown as 100%; any
    other value unchanged with no format of its own."""
    if not isinstance(value, str):
        return value, None
    text = value.strip()
    if INTEGER.fullmatch(text):
        return int(text), "0"
    if DECIMAL.fullmatch(text):
        return Decimal(text.replace(",", ".")), "0.00"
    if match := PERCENT.fullmatch(text):
        number = Decimal(match[1].replace(",", ".")) / 100
        return number, "0%" if "," not in match[1] else "0.00%"
    return value, None


ORDINALS = {"STT", "TT"}


def _figure_columns(table) -> set[int]:
    """The columns of figures written as text: every value of their data and total rows reads
    as a number ("5", "100%"). Not the ordinal column (STT), nor a column that mixes figures
    with words or marks ("-", "I", "X")."""
    figures = set()
    for index, column in enumerate(table.columns):
        if column.title.strip().upper() in ORDINALS or column.kind == "date":
            continue
        values = [
            row.cells[index]
            for row in table.rows
            if row.kind != "group" and index < len(row.cells) and row.cells[index] not in ("", None)
        ]
        texts = [v for v in values if isinstance(v, str)]
        if texts and all(as_number(v)[1] for v in texts):
            figures.add(index)
    return figures


def _lines(text: str, width_mm: float, size: float = SIZE, bold: bool = False) -> int:
    """How many lines `text` wraps to in a cell `width_mm` wide."""
    usable = max(width_mm - 2, 1)
    return sum(
        max(1, math.ceil(text_mm(line, size, bold) / usable * 1.05)) for line in text.split("\n")
    )


def _fit_height(sheet, row: int, cells: list[tuple[str, float, float, bool]]) -> None:
    """The row as tall as its longest wrapped cell: (text, width mm, size, bold) each."""
    lines = max((_lines(text, width, size, bold) for text, width, size, bold in cells), default=1)
    size = max((size for *_, size, _bold in cells), default=SIZE)
    sheet.row_dimensions[row].height = round(lines * size * 1.22 + 4, 1)  # points


HORIZONTAL = {"left": "left", "center": "center", "right": "right", "justify": "justify"}


class NoTableError(ValueError):
    """The report is prose only: a spreadsheet would have no sheet."""


def render_xlsx(report: Report) -> bytes:
    if not report.tables:
        raise NoTableError(f"Báo cáo “{report.kind}” không có bảng nào để xuất ra XLSX.")
    book = Workbook()
    book.remove(book.active)
    # Empty cells and any cell written without a font of its own: Times New Roman too.
    normal = next(style for style in book._named_styles if style.name == "Normal")
    normal.font = _font()
    titles = _title_lines(report)
    for table in report.tables:
        sheet = book.create_sheet(table.sheet_name[:31])
        width = len(table.columns)
        last = get_column_letter(width)
        # Excel widths are in characters; about two millimetres each.
        chars = [max(column.width_mm / 2, 8) for column in table.columns]
        widths_mm = [c * MM_PER_CHAR for c in chars]
        total_mm = sum(widths_mm)
        for index, (text, font) in enumerate(titles, start=1):
            write_cell(sheet, index, 1, text).font = font
            sheet.cell(index, 1).alignment = Alignment(horizontal="center", wrap_text=True)
            sheet.merge_cells(f"A{index}:{last}{index}")
            _fit_height(sheet, index, [(text, total_mm, font.sz, font.b)])
        first = len(titles) + 1
        height = table.header_height()
        for spec in table.header():
            row, col = first + spec.row, spec.col + 1
            for r in range(row, row + spec.rowspan):
                for c in range(col, col + spec.colspan):
                    sheet.cell(r, c).border = BORDER
            cell = write_cell(sheet, row, col, spec.text)
            cell.font = _font(bold=spec.bold)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if spec.rowspan > 1 or spec.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + spec.rowspan - 1,
                    end_column=col + spec.colspan - 1,
                )
        for col, char_width in enumerate(chars, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = char_width
        # Each header row as tall as its longest title within its own columns.
        spans: dict[int, list] = {index: [] for index in range(height)}
        for spec in table.header():
            if spec.rowspan == 1:
                span_mm = sum(widths_mm[spec.col : spec.col + spec.colspan])
                spans[spec.row].append((spec.text, span_mm, SIZE, spec.bold))
        for header_index, cells in spans.items():
            _fit_height(sheet, first + header_index, cells)
        for spec in table.header():
            if spec.rowspan > 1:  # a title over two header rows: the last one grows if need be
                span_mm = sum(widths_mm[spec.col : spec.col + spec.colspan])
                rows = range(first + spec.row, first + spec.row + spec.rowspan)
                needed = _lines(spec.text, span_mm, SIZE, spec.bold) * LINE_PT + 4
                have = sum(sheet.row_dimensions[r].height or LINE_PT for r in rows)
                if needed > have:
                    sheet.row_dimensions[rows[-1]].height += round(needed - have, 1)
        header_row = first + height - 1
        figures = _figure_columns(table)
        for row in table.rows:
            if row.kind == "group":
                values = [row.cells[0]]
            else:
                values = [
                    as_number(value)[0] if index in figures else value
                    for index, value in enumerate(row.cells)
                ]
            append_row(sheet, values)
            number = sheet.max_row
            if row.kind == "group":
                sheet.merge_cells(
                    start_row=number, start_column=1, end_row=number, end_column=width
                )
                sheet.cell(number, 1).font = _font(bold=True)
                sheet.cell(number, 1).alignment = WRAP
                for col in range(1, width + 1):
                    sheet.cell(number, col).border = BORDER
                _fit_height(
                    sheet, number, [(format_cell(row.cells[0], "text"), total_mm, SIZE, True)]
                )
                continue
            for col, column in enumerate(table.columns, start=1):
                cell = sheet.cell(number, col)
                cell.border = BORDER
                cell.font = _font(bold=row.kind == "total")
                cell.alignment = Alignment(
                    wrap_text=True, vertical="top", horizontal=HORIZONTAL[column.align]
                )
                own_format = None
                if col - 1 in figures and col <= len(row.cells):
                    own_format = as_number(row.cells[col - 1])[1]
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                elif own_format:
                    cell.number_format = own_format
            _fit_height(
                sheet,
                number,
                [
                    (format_cell(value, column.kind), widths_mm[col], SIZE, row.kind == "total")
                    for col, (value, column) in enumerate(
                        zip(row.cells, table.columns, strict=False)
                    )
                ],
            )
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        sheet.print_title_rows = f"{first}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        top, bottom, left, right = (mm / 25.4 for mm in report.meta.margins_mm)  # inches
        sheet.page_margins = PageMargins(
            left=left, right=right, top=top, bottom=bottom, header=0.3, footer=0.3
        )
        sheet.print_options.horizontalCentered = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _draft_lines(report: Report) -> list[tuple[str, Font]]:
    """A draft's first row: the mark and why (no other renderer has room for the reasons)."""
    if not report.meta.is_draft:
        return []
    return [
        (
            f"{DRAFT_MARK}: {' '.join(report.meta.draft_reasons)}",
            Font(name=FONT, size=SIZE, bold=True, color="C00000"),
        )
    ]


def _title_lines(report: Report) -> list[tuple[str, Font]]:
    drafts = _draft_lines(report)
    annex = next((b for b in report.blocks if isinstance(b, AnnexHeading)), None)
    if annex:
        lines = [(annex.label, _font(bold=True, size=13))] if annex.label else []
        return [
            *drafts,
            *lines,
            (annex.title, _font(bold=True, size=13)),
            (annex.attachment, _font(italic=True, size=13)),
        ]
    meta = report.meta
    return [*drafts, *[(t, _font(bold=True, size=13)) for t in (meta.doc_type, meta.subject) if t]]
