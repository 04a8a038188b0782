"""Reading what people typed into a spreadsheet, for every importer.

An importer reads the whole file and reports every problem at once, each naming where it is —
sheet, row and column — so the person fixes the file in one go. `CellReader` turns raw cell
values into text, numbers, points, dates and choices and collects a `Problem` for each cell it
cannot read; the importer adds its own (a duplicate row, a sum too high) with `problem`, and
raises `SheetProblems` at the end. Nothing is saved while there is a problem.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from dvcq import wording

# How people write a number in a cell: "2,5", "2.5", "-1", ",5". Not "1e1", "Infinity" or
# "1.000,5" (thousands separators are not how points are written).
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
TRUE_WORDS = ("x", "có", "co", "1", "true", "yes")


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported. `sheet` is "" and `row` None for the file as a
    whole; `column` is how the person finds it ("D (Điểm tối đa)", "(6) Lĩnh vực").

    The text names the sheet only when the file has several sheets a person fills in
    (`show_sheet`): a one-sheet file's messages start at the row, as the person sees it.
    """

    sheet: str
    row: int | None
    column: str
    message: str
    show_sheet: bool = True

    def __str__(self) -> str:
        parts = []
        if self.sheet and self.show_sheet:
            parts.append(_("trang “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("dòng %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("cột %(column)s") % {"column": self.column})
        if not parts:
            return str(self.message)
        where = ", ".join(parts)
        return f"{where[:1].upper()}{where[1:]}: {self.message}"


class SheetProblems(Exception):
    """The file cannot be imported; `problems` lists every reason (a string is a problem of
    the file as a whole)."""

    def __init__(self, problems: "list[Problem | str] | Problem | str"):
        if isinstance(problems, Problem | str):
            problems = [problems]
        self.problems = [
            p if isinstance(p, Problem) else Problem("", None, "", str(p)) for p in problems
        ]
        super().__init__(" ".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class CellReader:
    """Typed values out of raw cells; every cell that cannot be read becomes a Problem.

    Each method takes the raw value and where it is (sheet, row, column) and returns the value,
    or None when the cell is empty or wrong (the problem is then recorded).
    """

    def __init__(self, *, show_sheet: bool = True):
        self.problems: list[Problem] = []
        self.show_sheet = show_sheet

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(sheet or "", row, column or "", message, self.show_sheet))

    def raise_problems(self) -> None:
        if self.problems:
            raise SheetProblems(self.problems)

    @staticmethod
    def text(value) -> str:
        """A cell as the person sees it: "" for empty, 2 for 2.0, dates as 15/10/2026."""
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, date):
            return wording.day(value)
        return str(value).strip()

    def required_text(self, value, sheet, row, column, *, message: str | None = None) -> str:
        text = self.text(value)
        if not text:
            self.problem(sheet, row, column, message or _("chưa điền."))
        return text

    @staticmethod
    def flag(value) -> bool:
        """A tick: "x", "Có", 1… is True; anything else (an empty cell) False."""
        return CellReader.text(value).lower() in TRUE_WORDS

    def number(self, value, sheet, row, column, *, required=False, missing=None) -> Decimal | None:
        """A decimal number written "2,5" or "2.5" (or typed as a number); None when empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(sheet, row, column, missing or _("chưa điền."))
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            if isinstance(value, int | float | Decimal):
                number = Decimal(str(value))
            else:
                text = str(value).strip().replace(" ", "")
                if not PLAIN_NUMBER.match(text):
                    raise InvalidOperation
                number = Decimal(text.replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(sheet, row, column, _("“%(value)s” không phải là số.") % {"value": value})
            return None
        return number

    def points(self, value, sheet, row, column, *, required=True) -> Decimal | None:
        """Points of a scale: not negative, at most two decimals, returned as 2,50."""
        number = self.number(value, sheet, row, column, required=required, missing=_("thiếu điểm."))
        if number is None:
            return None
        if number < 0:
            self.problem(sheet, row, column, _("điểm không được âm."))
            return None
        if number != number.quantize(Decimal("0.01")):
            self.problem(sheet, row, column, _("điểm chỉ có tối đa 2 chữ số thập phân."))
            return None
        return number.quantize(Decimal("0.01"))

    def integer(self, value, sheet, row, column, *, minimum: int = 1) -> int | None:
        """A whole number from `minimum` up (a number in a list, a year)."""
        try:
            number = Decimal(str(value).strip())
            if not number.is_finite() or number != int(number) or number < minimum:
                raise InvalidOperation
            return int(number)
        except (InvalidOperation, ValueError):
            self.problem(
                sheet,
                row,
                column,
                _("“%(value)s” không phải là số thứ tự hợp lệ.")
                % {"value": "" if value is None else value},
            )
            return None

    def day(self, value, sheet, row, column, *, required=False) -> date | None:
        """A date: a date cell, or text written dd/mm/yyyy."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(sheet, row, column, _("chưa điền."))
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            self.problem(
                sheet,
                row,
                column,
                _("Ngày không hợp lệ: “%(value)s” (viết dd/mm/yyyy).") % {"value": value},
            )
            return None

    def choice(
        self,
        value,
        choices: Mapping[str, str] | Callable[[str], str | None],
        sheet,
        row,
        column,
        *,
        message: str | None = None,
        required=False,
    ) -> str | None:
        """One of a list: `choices` maps the cell's text (lower-cased) to a value, or is a
        function doing so. `message` (with %(value)s) says what the list is."""
        text = self.text(value)
        if not text:
            if required:
                self.problem(sheet, row, column, _("chưa điền."))
            return None
        found = choices(text) if callable(choices) else choices.get(text.lower())
        if found is None:
            template = message or _("“%(value)s” không có trong danh sách.")
            self.problem(sheet, row, column, template % {"value": text})
        return found
