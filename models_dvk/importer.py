"""The Phụ lục 1 sheet units already send (“Biểu tổng hợp đăng ký xây dựng mô hình Dân vận
khéo”): read it row by row into registrations, and write a blank one.

Layout (seed 002): header "STT | Xã, phường…/ Tên mô hình | Số lượng | Địa điểm xây dựng, triển
khai | Chủ trì | Lĩnh vực | Quy mô thực hiện | Chủ thể" with "Tập thể | Cá nhân" under Chủ thể,
a row "(1) … (8)", then section rows "I Mô hình tiếp tục duy trì…" / "II Mô hình đăng ký mới…",
organisation rows numbered 1, 2 … and model rows whose STT is "-".
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side

from dvcq.documents.archive_guard import check_office_archive, sheet_rows
from dvcq.documents.xlsx_safe import append_row
from dvcq.http import as_id
from dvcq.sheets import CellReader, SheetProblems

from .models import Campaign, DvkModel, Field, Origin, Subject

# Column number in the sheet → (label, words its header contains).
COLUMNS = {
    1: (gettext_lazy("STT"), "stt"),
    2: (gettext_lazy("Tên mô hình"), "ten mo hinh"),
    3: (gettext_lazy("Số lượng"), "so luong"),
    4: (gettext_lazy("Địa điểm xây dựng, triển khai"), "dia diem"),
    5: (gettext_lazy("Chủ trì"), "chu tri"),
    6: (gettext_lazy("Lĩnh vực"), "linh vuc"),
    7: (gettext_lazy("Quy mô thực hiện"), "quy mo"),
    8: (gettext_lazy("Chủ thể"), "chu the"),
}
HEADERS = [
    "STT",
    "Xã, phường, thị trấn, cơ quan đơn vị/\nTên mô hình",
    "Số lượng",
    "Địa điểm xây dựng, triển khai",
    "Chủ trì",
    "Lĩnh vực",
    "Quy mô thực hiện",
    "Chủ thể",
]

# Wordings of note (6) of Phụ lục 1 and the ones units write, unaccented and lower-cased.
FIELD_WORDS = {
    "kinh te": Field.ECONOMY,
    "phat trien kinh te": Field.ECONOMY,
    "van hoa xa hoi": Field.CULTURE,
    "van hoa": Field.CULTURE,
    "quoc phong an ninh": Field.DEFENCE,
    "quoc phong an ninh dan toc ton giao": Field.DEFENCE,
    "xay dung dang va he thong chinh tri": Field.POLITICS,
    "xay dung he thong chinh tri": Field.POLITICS,
    "he thong chinh tri": Field.POLITICS,
    "xay dung ntm": Field.RURAL,
    "ntm": Field.RURAL,
    "nong thon moi": Field.RURAL,
    "xay dung nong thon moi": Field.RURAL,
    "do thi van minh": Field.URBAN,
    "xay dung do thi van minh": Field.URBAN,
    "khac": Field.OTHER,
}
# The template's example rows, as `plain` leaves them ("Chi bộ, phòng ban, đơn vị…", "Mô hình…").
PLACEHOLDER = re.compile(r"^(mo hinh|chi bo phong ban don vi)$")
ROMAN = re.compile(r"^(I|II|III|IV|V)\.?$")


def plain(text) -> str:
    """Lower-case, no diacritics (đ → d), punctuation as spaces: for matching words only."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def field_for(text) -> str | None:
    key = plain(text)
    if key in FIELD_WORDS:
        return FIELD_WORDS[key]
    for value, label in Field.choices:
        if plain(label) == key:
            return value
    return None


@dataclass
class Row:
    number: int  # the sheet's row number, as the user sees it in Excel
    organisation: str
    origin: str
    data: dict
    previous_id: int | None = None


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)


def _cell(values, index) -> str:
    if index is None or index >= len(values):
        return ""
    return CellReader.text(values[index])


def _column(number: int) -> str:
    """ "(6) Lĩnh vực": how the errors name a column of Phụ lục 1 (by its printed number)."""
    return f"({number}) {COLUMNS[number][0]}"


def _find_columns(rows) -> tuple[int, dict[int, int], int | None, int | None]:
    """(header row index, column number → position, Tập thể position, Cá nhân position)."""
    for r, values in enumerate(rows[:30]):
        texts = [plain(v) for v in values]
        if not any(t == "stt" for t in texts):
            continue
        positions = {}
        for number, (_label, words) in COLUMNS.items():
            for c, text in enumerate(texts):
                if words in text and c not in positions.values():
                    positions[number] = c
                    break
        missing = [n for n in COLUMNS if n not in positions]
        if missing:
            raise SheetProblems(
                _("Thiếu cột %(columns)s trong dòng tiêu đề (dòng %(row)s).")
                % {
                    "columns": ", ".join(f"({n}) {COLUMNS[n][0]}" for n in missing),
                    "row": r + 1,
                }
            )
        collective = individual = None
        for below in rows[r + 1 : r + 3]:
            for c, value in enumerate(below):
                if plain(value) == "tap the":
                    collective = c
                elif plain(value) == "ca nhan":
                    individual = c
        if collective is None or individual is None:
            raise SheetProblems(
                _("Thiếu cột (8) Chủ thể: cần hai cột “Tập thể” và “Cá nhân” dưới “Chủ thể”.")
            )
        return r, positions, collective, individual
    raise SheetProblems(
        _("Không thấy dòng tiêu đề của Phụ lục 1 (dòng có “STT”, “Tên mô hình”, “Lĩnh vực”…).")
    )


def read_sheet(upload, campaign: Campaign) -> Plan:
    """Every row checked: the rows to create, or SheetProblems naming every row and column that
    is wrong. Nothing is written here."""
    name = getattr(upload, "name", "")
    try:
        check_office_archive(upload, name=name)
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # zip, XML or openpyxl errors: all mean "not a readable .xlsx"
        raise SheetProblems(
            _("Không đọc được tệp: cần bảng Excel (.xlsx) theo mẫu Phụ lục 1.")
        ) from None
    try:
        rows = [list(values) for values in sheet_rows(book.worksheets[0], name=name)]
    except ValidationError as error:  # past the row or column limit, or broken XML
        raise SheetProblems(" ".join(error.messages)) from None
    finally:
        book.close()
    sheet_name = book.worksheets[0].title
    header, at, collective, individual = _find_columns(rows)
    reader = CellReader(show_sheet=False)  # one sheet: rows are named as Excel shows them
    known = {plain(p.name): p for p in campaign.participants.all()}
    last_year = {}
    if campaign.previous_id:
        for model in DvkModel.objects.filter(campaign_id=campaign.previous_id).select_related(
            "participant"
        ):
            last_year[(plain(model.participant.name), plain(model.name))] = model
    plan = Plan()
    origin = None
    organisation = None
    for index in range(header + 1, len(rows)):
        values = rows[index]
        number = index + 1
        stt = _cell(values, at[1])
        name = _cell(values, at[2])
        if not stt and not name:
            continue
        if re.fullmatch(r"\(\d\)", stt) or plain(name) == "tong so":
            continue
        if ROMAN.match(stt):
            words = plain(name)
            if "tiep tuc" in words or "duy tri" in words:
                origin = Origin.CONTINUED
            elif "nhan rong" in words:
                origin = Origin.REPLICATED
            elif "moi" in words:
                origin = Origin.NEW
            else:
                reader.problem(
                    sheet_name,
                    number,
                    "",
                    _(
                        "mục “%(text)s” không rõ là mô hình tiếp tục duy trì, đăng ký mới hay "
                        "nhân rộng."
                    )
                    % {"text": name},
                )
            organisation = None
            continue
        if PLACEHOLDER.match(plain(name)):
            continue
        if stt.isdigit():
            organisation = name
            if plain(name) not in known and name not in plan.new_organisations:
                plan.new_organisations.append(name)
            continue
        if stt not in ("-", "–", "—", "+", ""):
            reader.problem(
                sheet_name,
                number,
                _column(1),
                _("“%(value)s” không phải số thứ tự của tổ chức hay “-”.") % {"value": stt},
            )
            continue
        before = len(reader.problems)
        row = _model_row(
            reader,
            sheet_name,
            values,
            (at, collective, individual),
            number,
            origin=origin,
            organisation=organisation,
            last_year=last_year,
        )
        _name_model(reader, before, name, organisation, number)
        if row is not None:
            plan.rows.append(row)
    if not plan.rows and not reader.problems:
        reader.problem("", None, "", _("Tệp không có dòng mô hình nào (dòng có STT “-”)."))
    reader.raise_problems()
    return plan


def model_at(name: str, organisation: str | None, row: int) -> str:
    """Where a problem is, as the person looks for it: the model by its name and its
    organisation's, then the row of the file."""
    if not name:
        return _("Dòng %(row)s") % {"row": row}
    if organisation:
        return _("Mô hình “%(name)s” của “%(org)s” (dòng %(row)s)") % {
            "name": name,
            "org": organisation,
            "row": row,
        }
    return _("Mô hình “%(name)s” (dòng %(row)s)") % {"name": name, "row": row}


def _name_model(reader: CellReader, since: int, name, organisation, row: int) -> None:
    """The problems of a model row recorded since `since`, named by the model rather than by
    the row number alone; the column keeps its printed number and header."""
    where = model_at(name, organisation, row)
    for index in range(since, len(reader.problems)):
        problem = reader.problems[index]
        if problem.column:
            text = _("%(where)s, cột %(column)s: %(message)s") % {
                "where": where,
                "column": problem.column,
                "message": problem.message,
            }
        else:
            text = _("%(where)s: %(message)s") % {"where": where, "message": problem.message}
        reader.problems[index] = replace(problem, row=None, column="", message=text)


def _model_row(
    reader: CellReader, sheet_name, values, columns, number, *, origin, organisation, last_year
) -> Row | None:
    """The registration of one model row, or None when it has a problem (added to `reader`)."""
    at, collective, individual = columns
    name = _cell(values, at[2])
    before = len(reader.problems)
    _check_model(reader, sheet_name, values, at, collective, individual, number)
    if origin is None:
        reader.problem(
            sheet_name,
            number,
            "",
            _("mô hình nằm ngoài mục I/II (tiếp tục duy trì hay đăng ký mới)."),
        )
    if organisation is None:
        reader.problem(
            sheet_name, number, "", _("mô hình không thuộc tổ chức nào (thiếu dòng tổ chức).")
        )
    if len(reader.problems) > before:
        return None
    data = _model_data(values, at, collective, individual)
    data["origin"] = origin
    row = Row(number=number, organisation=organisation, origin=origin, data=data)
    if origin == Origin.CONTINUED:
        previous = last_year.get((plain(organisation), plain(name)))
        if previous is None:
            reader.problem(
                sheet_name,
                number,
                "",
                _("mô hình tiếp tục duy trì không có trong phong trào năm trước."),
            )
            return None
        row.previous_id = previous.pk
        if not data["scale"]:
            reader.problem(
                sheet_name,
                number,
                _column(7),
                _("mô hình tiếp tục duy trì cần nêu quy mô, chỉ tiêu cao hơn năm trước."),
            )
            return None
        data["higher_targets"] = data["scale"]
    return row


def _check_model(reader: CellReader, sheet, values, at, collective, individual, row) -> None:
    """The problems of one model row, added to `reader`."""

    def refuse(column: int, message: str) -> None:
        reader.problem(sheet, row, _column(column), message)

    quantity = _cell(values, at[3])
    if quantity and as_id(quantity) is None or quantity == "0":
        refuse(3, _("“%(value)s” không phải số nguyên dương.") % {"value": quantity})
    for column in (4, 5):
        reader.required_text(_cell(values, at[column]), sheet, row, _column(column))
    reader.choice(
        _cell(values, at[6]),
        field_for,
        sheet,
        row,
        _column(6),
        message=_("“%(value)s” không có trong danh sách lĩnh vực."),
        required=True,
    )
    marks = [bool(_cell(values, collective)), bool(_cell(values, individual))]
    if marks.count(True) != 1:
        refuse(8, _("đánh dấu X vào đúng một cột “Tập thể” hoặc “Cá nhân”."))


def _model_data(values, at, collective, individual) -> dict:
    return {
        "name": _cell(values, at[2]),
        "quantity": int(_cell(values, at[3]) or 1),
        "location": _cell(values, at[4]),
        "host": _cell(values, at[5]),
        "field": field_for(_cell(values, at[6])),
        "scale": _cell(values, at[7]),
        "subject": Subject.COLLECTIVE if _cell(values, collective) else Subject.INDIVIDUAL,
        "higher_targets": "",
    }


def template_workbook(year: int | None = None, rows: list | None = None) -> bytes:
    """The Phụ lục 1 layout, blank (or with `rows`: lists of 9 cells after the header)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục 1"
    year_text = str(year) if year else "…"
    append_row(
        sheet,
        [f"BIỂU TỔNG HỢP ĐĂNG KÝ XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO” NĂM {year_text}"] + [None] * 8,
    )
    sheet.merge_cells("A1:I1")
    append_row(sheet, HEADERS[:7] + [HEADERS[7], None])
    append_row(sheet, [None] * 7 + ["Tập thể", "Cá nhân"])
    for column in "ABCDEFG":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("H2:I2")
    append_row(sheet, [f"({n})" for n in range(1, 8)] + ["(8)", None])
    sheet.merge_cells("H4:I4")
    append_row(sheet, [None, "Tổng số"] + [None] * 7)
    if rows is None:
        previous = f"{year - 1}" if year else "…"
        rows = [
            ["I", f"Mô hình tiếp tục duy trì từ năm {previous}"] + [None] * 7,
            ["1", "Chi bộ, phòng ban, đơn vị…"] + [None] * 7,
            ["-", "Mô hình…"] + [None] * 7,
            ["II", f"Mô hình đăng ký mới năm {year_text}"] + [None] * 7,
            ["1", "Chi bộ, phòng ban, đơn vị…"] + [None] * 7,
            ["-", "Mô hình…"] + [None] * 7,
        ]
    for row in rows:
        append_row(sheet, row)
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=9):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[1] + sheet[2] + sheet[3] + sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for column, width in zip("ABCDEFGHI", (6, 40, 9, 24, 18, 18, 24, 9, 9), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
