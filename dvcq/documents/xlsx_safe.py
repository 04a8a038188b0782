"""The one way the app puts a value into a workbook cell: text never becomes a formula.

openpyxl stores any str starting with "=" as a formula, so a summary typed as
`=HYPERLINK("http://evil","x")` would be a live link in the exported annex. Every XLSX writer
therefore goes through `write_cell`/`append_row` (or `safe_cell` for write-only sheets): text is
forced to a string cell, and text starting with a character a spreadsheet reads as the start of a
formula (= + - @ tab CR) also gets the "quote prefix" style, so Excel and LibreOffice keep showing
it as text even when someone edits the cell. The value itself is unchanged, so imports of the
app's own workbooks read back exactly what was written. Numbers and dates stay typed.

A formula the app means to write has to say so: wrap it in `Formula`.
"""

from collections.abc import Iterable

from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A formula written on purpose by the app (never built from user text)."""

    def __new__(cls, text: str):
        if not text.startswith("="):
            raise ValueError("A formula starts with '='.")
        return super().__new__(cls, text)


def set_value(cell: Cell, value) -> Cell:
    """`cell.value = value` with text always written as text."""
    if isinstance(value, Formula):
        cell.value = str(value)
        cell.data_type = "f"
        return cell
    if isinstance(value, str | Promise):
        value = str(value)  # a lazy translation or a str subclass becomes plain text
        # Control characters pasted from other programs are not allowed in XLSX (openpyxl would
        # refuse the whole export); they carry nothing a reader could see.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def write_cell(sheet, row: int, column: int, value) -> Cell:
    """`sheet.cell(row, column, value)` with text always written as text."""
    return set_value(sheet.cell(row, column), value)


def safe_cell(sheet, value) -> Cell | None:
    """A detached cell holding `value` safely, for `sheet.append` (also in write-only mode).

    None stays None so that appending does not create empty cells. A cell already made by
    `safe_cell` passes through (the dashboard reuses styled cells).
    """
    if value is None or isinstance(value, Cell):
        return value
    return set_value(Cell(sheet, row=1, column=1), value)


def append_row(sheet, values: Iterable) -> None:
    """`sheet.append(values)` with text always written as text."""
    sheet.append([safe_cell(sheet, value) for value in values])
