"""The self-score sheet: download, fill in offline, upload back (checked row by row)."""

import copy
import io
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dvcq import wording
from dvcq.documents.archive_guard import check_office_archive, sheet_rows
from dvcq.documents.services import ascii_slug
from dvcq.documents.xlsx_safe import append_row
from dvcq.org.models import Unit
from dvcq.sheets import CellReader, SheetProblems

from .models import Scorecard
from .selectors import CriterionGroup
from .services import compute_totals, needs_explanation, self_points_errors

SHEET = "Tự chấm"
META_SHEET = "_dvcq"
HEADERS = [
    ("code", "Mã nội dung", 12),
    ("text", "Nội dung", 70),
    ("max", "Điểm tối đa", 11),
    ("points", "Điểm tự chấm", 13),
    ("explanation", "Giải trình", 45),
    ("evidence", "Minh chứng", 14),
    ("note", "Ghi chú", 22),
]
CODE = re.compile(r"^\s*(\d+)\.(\d+)\s*$")
BOLD = Font(bold=True)
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def selfscore_filename(scorecard: Scorecard) -> str:
    return f"tu-cham-{scorecard.round.year}-{ascii_slug(scorecard.round.unit.code)}.xlsx"


def selfscore_workbook(scorecard: Scorecard, groups: list[CriterionGroup]) -> bytes:
    unit, year = scorecard.round.unit, scorecard.round.year
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    append_row(
        sheet, [f"BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM {year} — {unit.name.upper()}"]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(
        sheet,
        [
            "Điền cột “Điểm tự chấm” (bước 0,25) và “Giải trình” (bắt buộc khi chấm điểm mà minh "
            "chứng chưa “Đạt”), rồi tải tệp lên trang chấm điểm. Không sửa cột “Mã nội dung”."
        ],
    )
    sheet.append([])
    append_row(sheet, [label for _k, label, _w in HEADERS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for n, (_k, _l, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[chr(64 + n)].width = width
    points_check = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1000",
        error="Điểm tự chấm là số không âm.",
        errorTitle="Điểm không hợp lệ",
        allow_blank=True,
    )
    sheet.add_data_validation(points_check)
    for group in groups:
        if group.is_bonus:
            append_row(sheet, ["", "Điểm thưởng (tính riêng, không thuộc điểm tiêu chí)"])
        else:
            append_row(sheet, [f"TC {group.criterion.number}", group.criterion.title])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for row in group.rows:
            item, score = row.item, row.score
            note = []
            if item.is_reviewer_only:
                note.append("Cấp trên chấm, không tự chấm")
            if item.is_bonus:
                note.append("Điểm thưởng")
            append_row(
                sheet,
                [
                    item.code,
                    item.text,
                    item.max_points,
                    score.self_points,
                    score.explanation,
                    str(row.evidence.label),
                    "; ".join(note),
                ],
            )
            r = sheet.max_row
            sheet.cell(r, 3).number_format = "0.00"
            sheet.cell(r, 4).number_format = "0.00"
            points_check.add(sheet.cell(r, 4))
            if item.is_reviewer_only:
                sheet.cell(r, 4).fill = LOCKED_FILL
            for c in (2, 5):
                sheet.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    meta = book.create_sheet(META_SHEET)
    append_row(meta, ["unit", unit.code])
    append_row(meta, ["year", year])
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Change:
    score: object
    row: int
    old_points: Decimal | None
    new_points: Decimal | None
    old_explanation: str
    new_explanation: str


def item_at(code: str, row: int) -> str:
    """Where a problem is, as the person looks for it: the item, then the row of the file."""
    return _("Nội dung %(code)s (dòng %(row)s)") % {"code": code, "row": row}


def cell_problem(code: str, row: int, column: str, message: str) -> str:
    """ "Nội dung 3.2 (dòng 9), cột “Điểm tự chấm”: điểm 7,00 vượt điểm tối đa 3,00." """
    return _("%(where)s, cột “%(column)s”: %(message)s") % {
        "where": item_at(code, row),
        "column": column,
        "message": message,
    }


def name_item(reader: CellReader, since: int, code: str, row: int) -> None:
    """The problems the cell reader recorded since `since`, named by the item instead of the
    row and column letter alone."""
    for index in range(since, len(reader.problems)):
        problem = reader.problems[index]
        reader.problems[index] = replace(
            problem,
            row=None,
            column="",
            message=cell_problem(code, row, problem.column, problem.message),
        )


def read_selfscore(upload, scorecard: Scorecard, groups: list[CriterionGroup], accepted: set[int]):
    """The changes the file makes, or SheetProblems listing every problem by row and column.

    The archive is checked before openpyxl opens it, and the sheet is read row by row (read-only
    workbook) within the row and column limits of `dvcq.documents.archive_guard`.
    """
    try:
        check_office_archive(upload, name=upload.name)
    except ValidationError as error:
        raise SheetProblems(error.messages) from None
    try:
        book = load_workbook(upload, data_only=True, read_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetProblems(
            _("Tệp “%(name)s” không phải là tệp Excel (.xlsx) đọc được.") % {"name": upload.name}
        ) from None
    try:
        return _changes_from_book(book, upload.name, scorecard, groups, accepted)
    except ValidationError as error:  # a sheet past the row or column limit, or broken XML
        raise SheetProblems(error.messages) from None
    finally:
        book.close()


def _changes_from_book(book, file_name, scorecard, groups, accepted) -> list[Change]:
    unit, year = scorecard.round.unit, scorecard.round.year
    if META_SHEET in book.sheetnames:
        meta = {r[0]: r[1] for r in sheet_rows(book[META_SHEET], name=file_name) if r and r[0]}
        if str(meta.get("unit")) != unit.code or str(meta.get("year")) != str(year):
            # The unit as people know it, by its name; its code only if no unit has it.
            named = Unit.objects.filter(code=str(meta.get("unit"))).first()
            raise SheetProblems(
                [
                    _(
                        "Tệp này là bảng tự chấm của %(unit)s năm %(year)s, không phải của "
                        "%(this)s năm %(this_year)s."
                    )
                    % {
                        "unit": named.name if named else meta.get("unit"),
                        "year": meta.get("year"),
                        "this": unit.name,
                        "this_year": year,
                    }
                ]
            )
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    if META_SHEET not in book.sheetnames:
        # Copied into a new workbook, the sheet loses its hidden part: the title row then has
        # to name this unit and year, or the file could be another commune's.
        first = next(sheet_rows(sheet, name=file_name), (None,))
        title = str(first[0] or "")
        if f"NĂM {year}" not in title or unit.name.upper() not in title:
            raise SheetProblems(
                [
                    _(
                        "Không xác định được tệp là bảng tự chấm của %(unit)s năm %(year)s (dòng "
                        "tiêu đề: “%(title)s”). Hãy tải bảng tự chấm từ trang này rồi điền vào đó."
                    )
                    % {"unit": unit.name, "year": year, "title": title[:120]}
                ]
            )
    columns, header_row = None, None
    for r, values in enumerate(sheet_rows(sheet, name=file_name), start=1):
        if r > 20:
            break
        labels = [str(v).strip() if v is not None else "" for v in values]
        if HEADERS[0][1] in labels:
            columns = {key: labels.index(label) for key, label, _w in HEADERS if label in labels}
            header_row = r
            break
    if columns is None:
        raise SheetProblems([_("Không tìm thấy dòng tiêu đề có cột “Mã nội dung”.")])
    missing = [
        label
        for key, label, _w in HEADERS
        if key in ("points", "explanation") and key not in columns
    ]
    if missing:
        raise SheetProblems(
            [_("Thiếu cột: %(cols)s.") % {"cols": ", ".join(f"“{m}”" for m in missing)}]
        )
    by_code = {row.item.code: row for group in groups for row in group.rows}
    reader = CellReader(show_sheet=False)  # one sheet: its rows are named as Excel shows them
    changes, seen = [], {}
    titles = {key: title for key, title, _w in HEADERS}
    for r, values in enumerate(
        sheet_rows(sheet, name=file_name, min_row=header_row + 1), start=header_row + 1
    ):
        values = list(values) + [None] * len(HEADERS)
        raw_code = values[columns["code"]]
        if raw_code is None or str(raw_code).strip() == "" or str(raw_code).startswith("TC"):
            continue
        match = CODE.match(str(raw_code))
        if not match or str(raw_code).strip() not in by_code:
            reader.problem(
                sheet.title,
                r,
                f"“{titles['code']}”",
                _("không có nội dung “%(code)s” trong khung tiêu chí năm %(year)s.")
                % {"code": raw_code, "year": year},
            )
            continue
        code = str(raw_code).strip()
        if code in seen:
            reader.problem(
                "",
                None,
                "",
                _("%(where)s: trùng với dòng %(other)s.")
                % {"where": item_at(code, r), "other": seen[code]},
            )
            continue
        seen[code] = r
        row = by_code[code]
        before = len(reader.problems)
        points = reader.number(values[columns["points"]], sheet.title, r, titles["points"])
        if len(reader.problems) > before:
            name_item(reader, before, code, r)
            continue
        if points is not None:
            points = (
                points.quantize(Decimal("0.01"))
                if points == points.quantize(Decimal("0.01"))
                else points
            )
        problems = self_points_errors(row.item, points)
        for problem in problems:
            reader.problem("", None, "", cell_problem(code, r, titles["points"], problem))
        explanation = reader.text(values[columns["explanation"]])
        if not problems and needs_explanation(points, row.item.pk in accepted) and not explanation:
            problems.append(
                _("chấm %(points)s điểm nhưng minh chứng chưa “Đạt”: cần giải trình.")
                % {"points": wording.points(points)}
            )
            reader.problem("", None, "", cell_problem(code, r, titles["explanation"], problems[-1]))
        if problems:
            continue
        score = row.score
        if score.self_points != points or score.explanation != explanation:
            changes.append(
                Change(score, r, score.self_points, points, score.explanation, explanation)
            )
    reader.raise_problems()
    return changes


def self_total_after(scorecard: Scorecard, groups: list[CriterionGroup], changes: list[Change]):
    """The self total once the file's changes are saved, counted as the save counts it (bonus
    points up to the framework's cap), for the preview beside the stored one. No query: the
    rows of `groups` hold the items and their deductions."""
    new_points = {c.score.pk: c.new_points for c in changes}
    scores = []
    for group in groups:
        for row in group.rows:
            score = row.score
            if score.pk in new_points:
                score = copy.copy(score)
                score.self_points = new_points[score.pk]
            scores.append(score)
    return compute_totals(scorecard, scores).self_total
