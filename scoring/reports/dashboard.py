"""The dashboard's spreadsheet: one row per unit, every criterion's self and review points.

Not a registered report kind (it has no document layout): the dashboard's download view
writes it from the same filtered units the page shows."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dvcq.documents.xlsx_safe import append_row, safe_cell, set_value

from ..selectors import Row
from ..selectors.dashboard import bonus_part


def filename(year: int) -> str:
    return f"tong-hop-cham-diem-{year}.xlsx"


# What the sheet reads of each unit (`selectors.annotated_units`' names).
UNIT_FIELDS = ("code", "name", "card_id", "card_status", "class_key", "self_total", "review_shown")


def workbook(units: list, numbers: list[int], results: dict) -> bytes:
    """One sheet, one row per unit (anything with the attributes of UNIT_FIELDS: a Unit of
    `annotated_units`, or a named row of them), every criterion's self and review points."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tổng hợp"))
    sheet.freeze_panes = "C2"
    widths = [18, 32, 18, 12, 12, 30] + [11] * (2 * len(numbers) + 2)
    for n, width in enumerate(widths):
        sheet.column_dimensions[_column(n)].width = width
    titles = [
        _("Mã đơn vị"),
        _("Tên đơn vị"),
        _("Trạng thái"),
        _("Tổng điểm tự chấm"),
        _("Tổng điểm thẩm định"),
        _("Xếp loại"),
    ]
    for number in numbers:
        titles += [_("TC %(n)s tự chấm") % {"n": number}, _("TC %(n)s thẩm định") % {"n": number}]
    # The bonus apart from the criteria, so each total is its criteria plus its bonus.
    titles += [_("Điểm thưởng tự chấm"), _("Điểm thưởng thẩm định")]
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([_cell(sheet, t, font=bold, alignment=wrap) for t in titles])
    # One styled cell per points column, refilled for each row: write-only rows are written
    # out as they are appended, and styling 90,000 new cells is most of the export's time.
    columns = [_cell(sheet, Decimal(0)) for _n in range(4 + 2 * len(numbers))]

    def points(n: int, value: Decimal | None):
        if value is None:
            return None
        set_value(columns[n], value)
        return columns[n]

    # The labels of a status or class, translated once rather than for each of 3,321 rows.
    labels: dict[tuple, tuple[str, str]] = {}
    for unit in units:
        row = Row(unit)
        key = (unit.card_status, unit.class_key)
        if key not in labels:
            labels[key] = (row.status_label, row.class_label)
        status_label, class_label = labels[key]
        values = [
            unit.code,
            unit.name,
            status_label,
            points(0, unit.self_total),
            points(1, unit.review_shown),
            class_label,
        ]
        mine = results.get(unit.card_id, {})
        selfs, reviews = [], []
        for n, number in enumerate(numbers):
            self_points, review_points, _max = mine.get(number, (None, None, None))
            selfs.append(self_points)
            reviews.append(review_points if row.reviewed else None)
            values.append(points(2 + 2 * n, selfs[-1]))
            values.append(points(3 + 2 * n, reviews[-1]))
        last = 2 + 2 * len(numbers)
        has_self = any(v is not None for v in selfs)
        has_review = any(v is not None for v in reviews)
        values.append(points(last, bonus_part(unit.self_total, selfs) if has_self else None))
        values.append(
            points(last + 1, bonus_part(unit.review_shown, reviews) if has_review else None)
        )
        append_row(sheet, values)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _column(n: int) -> str:
    return get_column_letter(n + 1)


def _cell(sheet, value, **style):
    cell = safe_cell(sheet, value)
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
