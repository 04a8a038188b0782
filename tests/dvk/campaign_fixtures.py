"""Builders of the campaign-page tests: a model's registration data and a Phụ lục 1 workbook
as units send it (the campaign and its people are fixtures of tests/conftest.py)."""

import io

from openpyxl import load_workbook

from models_dvk.importer import template_workbook
from models_dvk.models import Field, Origin, Subject


def model_data(**overrides) -> dict:
    data = {
        "name": "Tủ sách nhân ái",
        "location": "Thôn Vàng",
        "host": "Chi bộ thôn Vàng",
        "field": Field.CULTURE,
        "subject": Subject.COLLECTIVE,
        "origin": Origin.NEW,
        "quantity": 1,
    }
    return {**data, **overrides}


def phu_luc_1(rows, *, year: int = 2026, drop_column: int | None = None) -> io.BytesIO:
    """A Phụ lục 1 workbook as units send it: the blank template's header, then `rows` (lists
    of STT, name, quantity, location, host, field, scale, Tập thể, Cá nhân)."""
    book = load_workbook(io.BytesIO(template_workbook(year, rows=rows)))
    if drop_column is not None:
        sheet = book.active
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        sheet.delete_cols(drop_column)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "phu-luc-1.xlsx"
    return out
