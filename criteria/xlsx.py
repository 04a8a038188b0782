"""Excel round trip of a framework: a province enters its own scale in a workbook.

Import validates every row and reports each problem with sheet, row and column; the data is
returned only when there is no error, so the caller saves all of it or nothing.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dvcq import wording
from dvcq.documents.archive_guard import check_office_archive, sheet_rows
from dvcq.documents.xlsx_safe import append_row, write_cell
from dvcq.sheets import CellReader, Problem, SheetProblems

from .models import Classification, Framework
from .services import framework_as_data

INFO_SHEET, CRITERIA_SHEET, BANDS_SHEET = "Thông tin", "Tiêu chí", "Xếp loại"
INFO_ROWS = [
    ("name", "Tên thang điểm"),
    ("year", "Năm áp dụng"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("decision_issuer", "Cơ quan ban hành"),
    ("total_points", "Tổng điểm thang"),
    ("max_bonus_points", "Điểm thưởng tối đa"),
    ("is_sample_scale", "Thang điểm mẫu (Có/Không)"),
]
CRITERIA_COLUMNS = [
    ("criterion", "Tiêu chí", 9),
    ("number", "Nội dung", 9),
    ("text", "Tên tiêu chí / Nội dung tiêu chí", 70),
    ("max_points", "Điểm tối đa", 11),
    ("is_bonus", "Điểm thưởng (x)", 11),
    ("is_reviewer_only", "Chỉ cấp trên chấm (x)", 12),
    ("guidance", "Hướng dẫn chấm", 40),
    ("default_assignees", "Cơ quan được giao (mặc định)", 35),
    ("default_action", "Nội dung cần thực hiện (mặc định)", 60),
    ("default_deadline", "Hạn nộp minh chứng (mặc định)", 14),
    ("max_penalty_points", "Điểm trừ thêm tối đa", 12),
]
BAND_COLUMNS = [
    ("classification", "Xếp loại", 34),
    ("min_score", "Điểm tối thiểu", 14),
    ("no_deduction_on", "Không bị trừ điểm ở tiêu chí (số, cách nhau dấu phẩy)", 40),
]
CLASS_BY_LABEL = {str(label).lower(): value for value, label in Classification.choices}
POINTS_FORMAT, DATE_FORMAT = "0.00", "DD/MM/YYYY"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def framework_to_xlsx(framework: Framework) -> bytes:
    data = framework_as_data(framework)
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    for row, (key, label) in enumerate(INFO_ROWS, start=1):
        write_cell(info, row, 1, label).font = BOLD
        value = data[key]
        if key == "is_sample_scale":
            value = "Có" if value else "Không"
        cell = write_cell(info, row, 2, value)
        if isinstance(value, Decimal):
            cell.number_format = POINTS_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 30, 60

    sheet = book.create_sheet(CRITERIA_SHEET)
    _header(sheet, CRITERIA_COLUMNS)
    for criterion in data["criteria"]:
        append_row(sheet, [criterion["number"], None, criterion["title"]])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for item in criterion["items"]:
            append_row(
                sheet,
                [
                    criterion["number"],
                    item["number"],
                    item["text"],
                    item["max_points"],
                    "x" if item["is_bonus"] else None,
                    "x" if item["is_reviewer_only"] else None,
                    item["guidance"],
                    item["default_assignees"],
                    item["default_action"],
                    item["default_deadline"],
                    item["max_penalty_points"] or None,
                ],
            )
            sheet.cell(sheet.max_row, 4).number_format = POINTS_FORMAT
            sheet.cell(sheet.max_row, 10).number_format = DATE_FORMAT
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP

    bands = book.create_sheet(BANDS_SHEET)
    _header(bands, BAND_COLUMNS)
    for band in data["bands"]:
        append_row(
            bands,
            [
                str(Classification(band["classification"]).label),
                band["min_score"],
                ", ".join(str(n) for n in band["no_deduction_on"]),
            ],
        )
        bands.cell(bands.max_row, 2).number_format = POINTS_FORMAT
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, columns):
    append_row(sheet, [label for _key, label, _width in columns])
    for index, (_key, _label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(1, index).font = BOLD
        sheet.cell(1, index).alignment = WRAP
    sheet.freeze_panes = "A2"


def framework_from_xlsx(upload) -> tuple[dict | None, list[Problem]]:
    """Read a workbook made by framework_to_xlsx (or typed by hand in its layout): the data,
    or None and every problem naming sheet, row and column."""
    file_name = getattr(upload, "name", "")
    try:
        check_office_archive(upload, name=file_name)
        try:
            book = load_workbook(upload, data_only=True, read_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise SheetProblems(
                _("Không đọc được tệp “%(name)s”; hãy chọn tệp Excel .xlsx.") % {"name": file_name}
            ) from None
        try:
            return _framework_from_book(book, file_name), []
        finally:
            book.close()
    except SheetProblems as error:
        return None, error.problems
    except ValidationError as error:  # past the archive's, a sheet's row or column limit
        return None, SheetProblems(error.messages).problems


def _framework_from_book(book, file_name: str) -> dict:
    """The data, or SheetProblems listing every problem."""
    reader = CellReader()
    for name in (INFO_SHEET, CRITERIA_SHEET, BANDS_SHEET):
        if name not in book.sheetnames:
            reader.problem(name, None, "", _("thiếu trang này trong tệp."))
    reader.raise_problems()

    data: dict = {"criteria": [], "bands": []}
    labels = {label.lower(): key for key, label in INFO_ROWS}
    for row in sheet_rows(book[INFO_SHEET], name=file_name):
        key = labels.get(reader.text(row[0] if row else "").lower())
        if key:
            data[key] = row[1] if len(row) > 1 else None
    year = reader.integer(data.get("year"), INFO_SHEET, None, "B (Năm áp dụng)")
    data["year"] = year
    data["name"] = reader.text(data.get("name"))
    data["decision_number"] = reader.text(data.get("decision_number"))
    data["decision_issuer"] = reader.text(data.get("decision_issuer"))
    data["decision_date"] = reader.day(
        data.get("decision_date"), INFO_SHEET, None, "B (Ngày quyết định)"
    )
    data["total_points"] = reader.points(
        data.get("total_points"), INFO_SHEET, None, "B (Tổng điểm thang)"
    )
    data["max_bonus_points"] = reader.points(
        data.get("max_bonus_points"), INFO_SHEET, None, "B (Điểm thưởng tối đa)", required=False
    ) or Decimal("0")
    data["is_sample_scale"] = reader.flag(data.get("is_sample_scale"))

    criteria: dict[int, dict] = {}
    seen_items: dict[tuple[int, int], int] = {}
    for row_no, row in enumerate(
        sheet_rows(book[CRITERIA_SHEET], name=file_name, min_row=2), start=2
    ):
        cells = dict(
            zip([key for key, _l, _w in CRITERIA_COLUMNS], list(row) + [None] * 10, strict=False)
        )
        if all(reader.text(v) == "" for v in cells.values()):
            continue
        number = reader.integer(cells["criterion"], CRITERIA_SHEET, row_no, "A (Tiêu chí)")
        text = reader.text(cells["text"])
        if number is None:
            continue
        if cells["number"] in (None, ""):
            if not text:
                reader.problem(CRITERIA_SHEET, row_no, "C", _("thiếu tên tiêu chí."))
            if number in criteria:
                reader.problem(
                    CRITERIA_SHEET, row_no, "A", _("Tiêu chí %(n)s bị lặp.") % {"n": number}
                )
            criteria[number] = {"number": number, "title": text, "items": []}
            continue
        item_no = reader.integer(cells["number"], CRITERIA_SHEET, row_no, "B (Nội dung)")
        if number not in criteria:
            reader.problem(
                CRITERIA_SHEET,
                row_no,
                "A",
                _("nội dung thuộc Tiêu chí %(n)s nhưng chưa có dòng tên tiêu chí ở trên.")
                % {"n": number},
            )
            continue
        if not text:
            reader.problem(CRITERIA_SHEET, row_no, "C", _("thiếu nội dung tiêu chí."))
        if item_no is not None and (number, item_no) in seen_items:
            reader.problem(
                CRITERIA_SHEET,
                row_no,
                "B",
                _("Nội dung %(n)s của Tiêu chí %(c)s trùng với dòng %(row)s.")
                % {"n": item_no, "c": number, "row": seen_items[(number, item_no)]},
            )
        seen_items[(number, item_no)] = row_no
        points = reader.points(cells["max_points"], CRITERIA_SHEET, row_no, "D (Điểm tối đa)")
        criteria[number]["items"].append(
            {
                "number": item_no,
                "text": text,
                "max_points": points,
                "is_bonus": reader.flag(cells["is_bonus"]),
                "is_reviewer_only": reader.flag(cells["is_reviewer_only"]),
                "guidance": reader.text(cells["guidance"]),
                "default_assignees": reader.text(cells["default_assignees"]),
                "default_action": reader.text(cells["default_action"]),
                "default_deadline": reader.day(
                    cells["default_deadline"], CRITERIA_SHEET, row_no, "J (Hạn nộp minh chứng)"
                ),
                "max_penalty_points": reader.points(
                    cells["max_penalty_points"],
                    CRITERIA_SHEET,
                    row_no,
                    "K (Điểm trừ thêm tối đa)",
                    required=False,
                )
                or Decimal("0"),
                "_row": row_no,
            }
        )
    if not criteria:
        reader.problem(CRITERIA_SHEET, None, "", _("không có tiêu chí nào."))
    data["criteria"] = [criteria[n] for n in sorted(criteria)]

    for crit in data["criteria"]:
        if not crit["items"]:
            reader.problem(
                CRITERIA_SHEET,
                None,
                None,
                _("Tiêu chí %(n)s không có nội dung nào.") % {"n": crit["number"]},
            )
    regular = sum(
        (i["max_points"] or 0 for c in data["criteria"] for i in c["items"] if not i["is_bonus"]),
        Decimal(0),
    )
    bonus = sum(
        (i["max_points"] or 0 for c in data["criteria"] for i in c["items"] if i["is_bonus"]),
        Decimal(0),
    )
    total = data["total_points"]
    if total is not None and regular > total:
        reader.problem(
            CRITERIA_SHEET,
            None,
            "D (Điểm tối đa)",
            _("tổng điểm các nội dung là %(sum)s, vượt tổng điểm thang %(total)s.")
            % {"sum": wording.points(regular), "total": wording.points(total)},
        )
    if bonus > data["max_bonus_points"]:
        reader.problem(
            CRITERIA_SHEET,
            None,
            "D (Điểm tối đa)",
            _("tổng điểm thưởng là %(sum)s, vượt điểm thưởng tối đa %(total)s.")
            % {"sum": wording.points(bonus), "total": wording.points(data["max_bonus_points"])},
        )

    seen_classes = set()
    for row_no, row in enumerate(sheet_rows(book[BANDS_SHEET], name=file_name, min_row=2), start=2):
        row = list(row) + [None] * 3
        if all(reader.text(v) == "" for v in row[:3]):
            continue
        classification = reader.choice(
            row[0],
            CLASS_BY_LABEL,
            BANDS_SHEET,
            row_no,
            "A",
            message=_("không nhận ra xếp loại “%(value)s”."),
            required=True,
        )
        if classification is None:
            continue
        if classification in seen_classes:
            reader.problem(BANDS_SHEET, row_no, "A", _("xếp loại bị lặp."))
        seen_classes.add(classification)
        minimum = reader.points(row[1], BANDS_SHEET, row_no, "B (Điểm tối thiểu)")
        numbers = []
        for part in reader.text(row[2]).replace(";", ",").split(","):
            if part.strip():
                n = reader.integer(part, BANDS_SHEET, row_no, "C (Tiêu chí)")
                if n is not None and n not in criteria:
                    reader.problem(
                        BANDS_SHEET, row_no, "C", _("không có Tiêu chí %(n)s.") % {"n": n}
                    )
                numbers.append(n)
        data["bands"].append(
            {
                "classification": classification,
                "min_score": minimum,
                "no_deduction_on": [n for n in numbers if n is not None],
            }
        )
    for crit in data["criteria"]:
        for item in crit["items"]:
            item.pop("_row", None)
    reader.raise_problems()
    return data
