"""Annex files in the shapes communes really write, built for the import tests.

Each builder takes plain rows (lists of cell texts); a row whose first cell starts with
"Tiêu chí" is a criterion heading and is merged across the table, as Word and Excel users do.
"""

from io import BytesIO

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

SEED_HEADER = [
    "TT",
    "NỘI DUNG TIÊU CHÍ",
    "Cơ quan, ban, ngành, đơn vị được giao thực hiện nhiệm vụ (ban hành các Báo cáo, Công văn, "
    "Hướng dẫn, Kế hoạch, Quyết định, Quy định, Tờ trình...)",
    "Nội dung cần thực hiện",
]


def is_heading(cells: list[str]) -> bool:
    return cells[0].startswith("Tiêu chí") or cells[0].startswith("TIÊU CHÍ")


def docx_annex(rows: list[list[str]], *, header=SEED_HEADER, break_before=()) -> bytes:
    """A Word annex: a title, then one table per page (the header repeated at each), criterion
    rows merged across; `break_before` holds the indexes of rows that start a new page."""
    document = Document()
    document.add_paragraph("PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN ĐIỂM DÂN VẬN NĂM 2025")
    document.add_paragraph("(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/02/2025 của UBND xã)")
    table = None
    for index, cells in enumerate(rows):
        if table is None or index in break_before:
            if table is not None:
                document.add_page_break()
            table = document.add_table(rows=0, cols=len(header))
            for cell, text in zip(table.add_row().cells, header, strict=True):
                cell.text = text
        row = table.add_row()
        if is_heading(cells):
            row.cells[0].merge(row.cells[-1]).text = cells[0]
            continue
        for cell, text in zip(row.cells, cells, strict=False):
            # A line break inside a cell is a new paragraph in Word.
            cell.text = ""
            lines = text.split("\n")
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_annex(
    rows: list[list[str]],
    *,
    header=SEED_HEADER,
    title=True,
    repeat_header_at=(),
    second_header=None,
) -> bytes:
    """An Excel annex as a commune types it: title lines, a header row (and a second one under
    it when given), criterion rows merged across, the header typed again at `repeat_header_at`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    if title:
        sheet.append(["PHÂN CÔNG NHIỆM VỤ NĂM 2025"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([])
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    if second_header:
        sheet.append(second_header)
    for index, cells in enumerate(rows):
        if index in repeat_header_at:
            sheet.append(header)
        sheet.append(cells)
        if is_heading(cells):
            sheet.merge_cells(
                start_row=sheet.max_row,
                start_column=1,
                end_row=sheet.max_row,
                end_column=len(header),
            )
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
