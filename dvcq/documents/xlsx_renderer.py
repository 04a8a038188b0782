"""XLSX of a report's tables: one sheet each, header frozen, numbers and dates typed."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .blocks import AnnexHeading, Report
from .xlsx_safe import append_row, write_cell

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"points": "0.00", "number": "0", "date": "DD/MM/YYYY"}
HORIZONTAL = {"left": "left", "center": "center", "right": "right", "justify": "justify"}


class NoTableError(ValueError):
    """The report is prose only: a spreadsheet would have no sheet."""


def render_xlsx(report: Report) -> bytes:
    if not report.tables:
        raise NoTableError(f"Báo cáo “{report.kind}” không có bảng nào để xuất ra XLSX.")
    book = Workbook()
    book.remove(book.active)
    titles = _title_lines(report)
    for table in report.tables:
        sheet = book.create_sheet(table.sheet_name[:31])
        width = len(table.columns)
        last = get_column_letter(width)
        for index, (text, font) in enumerate(titles, start=1):
            write_cell(sheet, index, 1, text).font = font
            sheet.cell(index, 1).alignment = Alignment(horizontal="center", wrap_text=True)
            sheet.merge_cells(f"A{index}:{last}{index}")
            sheet.row_dimensions[index].height = 32 if len(text) > 90 else 18
        first = len(titles) + 1
        height = table.header_height()
        for spec in table.header():
            row, col = first + spec.row, spec.col + 1
            for r in range(row, row + spec.rowspan):
                for c in range(col, col + spec.colspan):
                    sheet.cell(r, c).border = BORDER
            cell = write_cell(sheet, row, col, spec.text)
            cell.font = Font(bold=spec.bold)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if spec.rowspan > 1 or spec.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + spec.rowspan - 1,
                    end_column=col + spec.colspan - 1,
                )
        for col, column in enumerate(table.columns, start=1):
            # Excel widths are in characters; about two millimetres each at 11 pt.
            sheet.column_dimensions[get_column_letter(col)].width = max(column.width_mm / 2, 8)
        header_row = first + height - 1
        for row in table.rows:
            append_row(sheet, [row.cells[0]] if row.kind == "group" else list(row.cells))
            number = sheet.max_row
            if row.kind == "group":
                sheet.merge_cells(
                    start_row=number, start_column=1, end_row=number, end_column=width
                )
                sheet.cell(number, 1).font = Font(bold=True)
                sheet.cell(number, 1).alignment = WRAP
                for col in range(1, width + 1):
                    sheet.cell(number, col).border = BORDER
                continue
            for col, column in enumerate(table.columns, start=1):
                cell = sheet.cell(number, col)
                cell.border = BORDER
                cell.alignment = Alignment(
                    wrap_text=True, vertical="top", horizontal=HORIZONTAL[column.align]
                )
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                if row.kind == "total":
                    cell.font = Font(bold=True)
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        sheet.print_title_rows = f"{first}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _title_lines(report: Report) -> list[tuple[str, Font]]:
    annex = next((b for b in report.blocks if isinstance(b, AnnexHeading)), None)
    if annex:
        lines = [(annex.label, Font(bold=True))] if annex.label else []
        return [
            *lines,
            (annex.title, Font(bold=True, size=13)),
            (annex.attachment, Font(italic=True)),
        ]
    meta = report.meta
    return [(t, Font(bold=True, size=13)) for t in (meta.doc_type, meta.subject) if t]
