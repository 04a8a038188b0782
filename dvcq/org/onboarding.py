"""Onboarding a province from one workbook: units and accounts, all or nothing.

The workbook has two sheets, headers in the first row:

- `Đơn vị`: Mã | Tên | Loại | Đơn vị cấp trên (the parent's code)
- `Tài khoản`: Tên đăng nhập | Họ và tên | Email | Đơn vị (code) | Vai trò | Chức danh

`read_workbook` reads and checks every cell against the file and the database and raises
`SheetProblems` naming the sheet, row and column of every problem; `onboarding_apply` writes a
checked `Plan` in one transaction. Running the same file again changes nothing; a changed row
updates that unit or account (never its password); what the file does not name is left alone.
New accounts get no password: `dvcq.org.invitations` sends each one a link to set it.
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from dvcq.documents.archive_guard import check_office_archive, sheet_rows
from dvcq.documents.xlsx_safe import append_row
from dvcq.sheets import CellReader, SheetProblems

from .models import Position, Role, RoleGrant, Unit, UnitKind, User
from .services import default_positions

UNIT_SHEET = "Đơn vị"
ACCOUNT_SHEET = "Tài khoản"
UNIT_COLUMNS = ["Mã", "Tên", "Loại", "Đơn vị cấp trên"]
ACCOUNT_COLUMNS = ["Tên đăng nhập", "Họ và tên", "Email", "Đơn vị", "Vai trò", "Chức danh"]
MAX_ROWS = 20_000  # a province of a hundred communes has about a thousand rows

# How the "Loại" column is written (without tone marks, lower case) → the kind.
KIND_WORDS = {
    "tinh": UnitKind.PROVINCE,
    "thanh pho": UnitKind.CITY,
    "xa": UnitKind.COMMUNE,
    "phuong": UnitKind.WARD,
    "dac khu": UnitKind.SPECIAL_ZONE,
    "huyen": UnitKind.DISTRICT,
    "co quan": UnitKind.AGENCY,
}
# Units that get the default commune positions when they are created.
COMMUNE_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}
ROLE_WORDS = {
    "can bo": Role.OFFICER,
    "van phong": Role.COMPILER,
    "lanh dao": Role.LEADER,
    "danh gia": Role.REVIEWER,
    "ban xay dung dang": Role.PARTY,
}


def plain(text: str) -> str:
    """Lower case without tone marks and with single spaces: "Văn  Phòng" → "van phong"."""
    return slugify(text.replace("đ", "d").replace("Đ", "D")).replace("-", " ")


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent: str  # the parent's code, "" for a unit at the top


@dataclass
class AccountRow:
    row: int
    username: str
    full_name: str
    email: str
    unit: str  # the unit's code
    roles: list[str]
    positions: list[str]  # position names of the unit, as the unit names them


@dataclass
class Plan:
    units: list[UnitRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    # What applying would do, for the preview: codes and usernames.
    new_units: list[str] = field(default_factory=list)
    changed_units: list[str] = field(default_factory=list)
    new_accounts: list[str] = field(default_factory=list)
    changed_accounts: list[str] = field(default_factory=list)

    def to_data(self) -> dict:
        return {
            "units": [asdict(u) for u in self.units],
            "accounts": [asdict(a) for a in self.accounts],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Plan":
        return cls(
            units=[UnitRow(**u) for u in data["units"]],
            accounts=[AccountRow(**a) for a in data["accounts"]],
        )


@dataclass
class Applied:
    created_units: list[Unit] = field(default_factory=list)
    updated_units: list[Unit] = field(default_factory=list)
    created_accounts: list[User] = field(default_factory=list)
    updated_accounts: list[User] = field(default_factory=list)


def official_name(name: str) -> str:
    """The issuing body printed on a unit's documents: "ỦY BAN NHÂN DÂN XÃ BA THÀNH"."""
    return f"ỦY BAN NHÂN DÂN {name.upper()}"[:200]


def place_name(name: str, kind: str) -> str:
    """The place of "Ba Thành, ngày …": the name without its kind word ("Xã Ba Thành")."""
    for word in ("Thành phố", "Đặc khu", "Phường", "Tỉnh", "Huyện", "Xã"):
        if name.lower().startswith(word.lower() + " "):
            return name[len(word) + 1 :].strip()[:100]
    return name[:100]


# --- reading -------------------------------------------------------------------------------


def read_workbook(upload) -> Plan:
    """Every cell of both sheets checked against the file and the database: the plan, or
    SheetProblems naming the sheet, row and column of every problem. Writes nothing."""
    name = getattr(upload, "name", "") or "onboarding.xlsx"
    try:
        check_office_archive(upload, name=name, max_rows=MAX_ROWS)
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # zip, XML or openpyxl errors all mean "not a readable .xlsx"
        raise SheetProblems(
            _("Không đọc được tệp: cần bảng Excel (.xlsx) theo mẫu khai báo đơn vị và tài khoản.")
        ) from None
    try:
        sheets = {}
        for wanted in (UNIT_SHEET, ACCOUNT_SHEET):
            sheet = next((s for s in book.worksheets if plain(s.title) == plain(wanted)), None)
            if sheet is None:
                raise SheetProblems(
                    _("Tệp thiếu trang “%(sheet)s” (xem tệp mẫu: manage.py onboard --template).")
                    % {"sheet": wanted}
                )
            sheets[wanted] = [list(r) for r in sheet_rows(sheet, name=name, max_rows=MAX_ROWS)]
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None
    finally:
        book.close()
    reader = CellReader()
    plan = Plan(
        units=_unit_rows(sheets[UNIT_SHEET], reader),
        accounts=_account_rows(sheets[ACCOUNT_SHEET], reader),
    )
    # Every problem at once: the cells' and those against the other rows and the database.
    try:
        check_plan(plan)
    except SheetProblems as refused:
        reader.problems += refused.problems
    if reader.problems:
        order = {UNIT_SHEET: 0, ACCOUNT_SHEET: 1}
        raise SheetProblems(
            sorted(reader.problems, key=lambda p: (order.get(p.sheet, 2), p.row or 0))
        )
    return plan


def _columns(rows: list[list], sheet: str, wanted: list[str], reader: CellReader) -> dict | None:
    header = [plain(CellReader.text(v)) for v in (rows[0] if rows else [])]
    at = {}
    for column in wanted:
        if plain(column) in header:
            at[column] = header.index(plain(column))
        else:
            reader.problem(
                sheet, 1, column, _("thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": column}
            )
    return at if len(at) == len(wanted) else None


def _cells(rows: list[list], at: dict):
    for index, values in enumerate(rows[1:], start=2):
        cells = {c: CellReader.text(values[i]) if i < len(values) else "" for c, i in at.items()}
        if any(cells.values()):
            yield index, cells


def _unit_rows(rows: list[list], reader: CellReader) -> list[UnitRow]:
    at = _columns(rows, UNIT_SHEET, UNIT_COLUMNS, reader)
    if at is None:
        return []
    units = []
    for row, cells in _cells(rows, at):
        code = cells["Mã"]
        if not code:
            reader.problem(UNIT_SHEET, row, "Mã", _("chưa điền."))
        elif slugify(code) != code:
            reader.problem(
                UNIT_SHEET,
                row,
                "Mã",
                _("“%(code)s” không dùng được làm mã: chỉ chữ thường không dấu, số và dấu gạch "
                  "ngang, ví dụ “%(example)s”.")
                % {"code": code, "example": slugify(plain(code)) or "ba-thanh"},
            )  # fmt: skip
        name = cells["Tên"] or reader.required_text("", UNIT_SHEET, row, "Tên")
        kind = KIND_WORDS.get(plain(cells["Loại"]))
        if kind is None:
            reader.problem(
                UNIT_SHEET,
                row,
                "Loại",
                _("“%(value)s” không phải là loại đơn vị (Tỉnh, Thành phố, Xã, Phường, Đặc khu, "
                  "Huyện).")
                % {"value": cells["Loại"]},
            )  # fmt: skip
        units.append(UnitRow(row, code, name[:200], kind or "", cells["Đơn vị cấp trên"]))
    return units


def _account_rows(rows: list[list], reader: CellReader) -> list[AccountRow]:
    at = _columns(rows, ACCOUNT_SHEET, ACCOUNT_COLUMNS, reader)
    if at is None:
        return []
    username_field = User._meta.get_field("username")
    accounts = []
    for row, cells in _cells(rows, at):
        username = cells["Tên đăng nhập"]
        if not username:
            reader.problem(ACCOUNT_SHEET, row, "Tên đăng nhập", _("chưa điền."))
        else:
            try:
                username_field.run_validators(username)
            except ValidationError as error:
                reader.problem(ACCOUNT_SHEET, row, "Tên đăng nhập", " ".join(error.messages))
        email = cells["Email"]
        if not email:
            reader.problem(
                ACCOUNT_SHEET,
                row,
                "Email",
                _("chưa điền: thư mời đặt mật khẩu gửi tới địa chỉ này."),
            )
        else:
            try:
                validate_email(email)
            except ValidationError:
                reader.problem(
                    ACCOUNT_SHEET, row, "Email", _("“%(value)s” không phải là địa chỉ email.")
                    % {"value": email},
                )  # fmt: skip
        if not cells["Đơn vị"]:
            reader.problem(ACCOUNT_SHEET, row, "Đơn vị", _("chưa điền mã đơn vị."))
        roles = []
        for word in _split(cells["Vai trò"], ","):
            role = ROLE_WORDS.get(plain(word))
            if role is None:
                reader.problem(
                    ACCOUNT_SHEET,
                    row,
                    "Vai trò",
                    _("“%(value)s” không phải là vai trò (Cán bộ, Văn phòng, Lãnh đạo, Đánh giá, "
                      "Ban xây dựng Đảng).")
                    % {"value": word},
                )  # fmt: skip
            elif role not in roles:
                roles.append(str(role))
        if not cells["Vai trò"]:
            reader.problem(ACCOUNT_SHEET, row, "Vai trò", _("chưa điền."))
        accounts.append(
            AccountRow(
                row,
                username,
                cells["Họ và tên"][:150],
                email,
                cells["Đơn vị"],
                roles,
                _split(cells["Chức danh"], ";"),
            )
        )
    return accounts


def _split(text: str, separator: str) -> list[str]:
    # A position name may hold a comma or a dash ("Công chức Văn phòng - Thống kê"): several
    # positions are separated by ";" (or one per line); roles by "," or ";".
    for other in (";", "\n"):
        text = text.replace(other, separator)
    return [part.strip() for part in text.split(separator) if part.strip()]


# --- checking against the database ------------------------------------------------------------


def check_plan(plan: Plan) -> dict[str, Unit]:
    """The rows against each other and the database; fills the plan's summary and returns the
    units of the database the file names, by code. Raises SheetProblems with every problem."""
    reader = CellReader()
    file_units: dict[str, UnitRow] = {}
    for unit in plan.units:
        if unit.code in file_units:
            reader.problem(
                UNIT_SHEET, unit.row, "Mã", _("mã “%(code)s” đã có ở dòng %(other)s.")
                % {"code": unit.code, "other": file_units[unit.code].row},
            )  # fmt: skip
        file_units.setdefault(unit.code, unit)
    codes = {*file_units, *(u.parent for u in plan.units), *(a.unit for a in plan.accounts)}
    known = {
        unit.code: unit
        for unit in Unit.objects.select_related("parent").filter(code__in=codes - {""})
    }
    for unit in plan.units:
        if unit.parent == unit.code:
            reader.problem(
                UNIT_SHEET, unit.row, "Đơn vị cấp trên", _("một đơn vị không là cấp trên của chính nó.")
            )  # fmt: skip
        elif unit.parent and unit.parent not in file_units and unit.parent not in known:
            reader.problem(
                UNIT_SHEET,
                unit.row,
                "Đơn vị cấp trên",
                _("không có đơn vị mã “%(code)s” trong tệp hay trong hệ thống.")
                % {"code": unit.parent},
            )
    _check_cycles(plan, file_units, known, reader)
    positions = _positions_by_unit(plan, file_units, known)
    seen: dict[str, int] = {}
    for account in plan.accounts:
        if account.username in seen:
            reader.problem(
                ACCOUNT_SHEET, account.row, "Tên đăng nhập", _("“%(name)s” đã có ở dòng %(other)s.")
                % {"name": account.username, "other": seen[account.username]},
            )  # fmt: skip
        seen.setdefault(account.username, account.row)
        if account.unit and account.unit not in file_units and account.unit not in known:
            reader.problem(
                ACCOUNT_SHEET,
                account.row,
                "Đơn vị",
                _("không có đơn vị mã “%(code)s” trong tệp hay trong hệ thống.")
                % {"code": account.unit},
            )
            continue
        names = positions.get(account.unit, {})
        for wanted in account.positions:
            if plain(wanted) not in names:
                reader.problem(
                    ACCOUNT_SHEET,
                    account.row,
                    "Chức danh",
                    _("đơn vị “%(unit)s” không có chức danh “%(name)s”.")
                    % {"unit": account.unit, "name": wanted},
                )
        # Stored as the unit names them, so that comparing and saving need no more look-ups.
        account.positions = sorted({names.get(plain(p), p) for p in account.positions})
    reader.raise_problems()
    _summarise(plan, known)
    return known


def _check_cycles(plan, file_units, known, reader) -> None:
    """A unit must not end up above itself (through the file's rows or the database's)."""

    def parent_of(code: str) -> str:
        if code in file_units:
            return file_units[code].parent
        unit = known.get(code)
        if unit is None or unit.parent_id is None:
            return ""
        known.setdefault(unit.parent.code, unit.parent)
        return unit.parent.code

    for unit in plan.units:
        seen, code = {unit.code}, unit.parent
        while code:
            if code in seen:
                reader.problem(
                    UNIT_SHEET,
                    unit.row,
                    "Đơn vị cấp trên",
                    _("“%(code)s” vòng lại thành cấp trên của chính nó.") % {"code": unit.code},
                )
                break
            seen.add(code)
            code = parent_of(code)


def _positions_by_unit(plan, file_units, known) -> dict[str, dict[str, str]]:
    """Per unit code: every way its positions are written (name and aliases, plain) → name.
    A commune created by the file gets the default positions; an existing unit has its own."""
    defaults: dict[str, str] = {}
    for entry in default_positions():
        for written in [entry["name"], *entry["aliases"]]:
            defaults[plain(written)] = entry["name"]
    found: dict[str, dict[str, str]] = {}
    codes = {a.unit for a in plan.accounts}
    existing = [known[code] for code in codes if code in known]
    for position in Position.objects.filter(unit__in=existing).select_related("unit"):
        names = found.setdefault(position.unit.code, {})
        for written in [position.name, *position.alias_list]:
            names[plain(written)] = position.name
    for code, unit in file_units.items():
        if unit.kind in COMMUNE_KINDS and code not in known:
            found[code] = dict(defaults)
    return found


def _existing_accounts(plan: Plan) -> dict[str, User]:
    return {
        user.username: user
        for user in User.objects.filter(username__in=[a.username for a in plan.accounts])
        .select_related("unit")
        .prefetch_related("role_grants", "positions")
    }


def _account_changed(user: User, row: AccountRow) -> bool:
    return (
        (user.full_name, user.email, user.unit.code if user.unit_id else "")
        != (row.full_name, row.email, row.unit)
        or {g.role for g in user.role_grants.all()} != set(row.roles)
        or sorted(p.name for p in user.positions.all()) != row.positions
    )


def _unit_changed(unit: Unit, row: UnitRow) -> bool:
    parent_code = unit.parent.code if unit.parent_id else ""
    return (unit.name, unit.kind, parent_code) != (row.name, row.kind, row.parent)


def _summarise(plan: Plan, known: dict[str, Unit]) -> None:
    plan.new_units, plan.changed_units = [], []
    for row in plan.units:
        unit = known.get(row.code)
        if unit is None:
            plan.new_units.append(row.code)
        elif _unit_changed(unit, row):
            plan.changed_units.append(row.code)
    plan.new_accounts, plan.changed_accounts = [], []
    users = _existing_accounts(plan)
    for row in plan.accounts:
        user = users.get(row.username)
        if user is None:
            plan.new_accounts.append(row.username)
        elif _account_changed(user, row):
            plan.changed_accounts.append(row.username)


# --- writing -------------------------------------------------------------------------------


def _parents_first(rows: list[UnitRow]) -> list[UnitRow]:
    by_code = {row.code: row for row in rows}
    ordered: list[UnitRow] = []
    placed: set[str] = set()
    for row in rows:
        chain = []
        node = row
        while node is not None and node.code not in placed:
            chain.append(node)
            node = by_code.get(node.parent)
        for item in reversed(chain):
            if item.code not in placed:
                placed.add(item.code)
                ordered.append(item)
    return ordered


@transaction.atomic
def onboarding_apply(plan: Plan) -> Applied:
    """Write a plan: all of it, or nothing (the rows are checked again against the database as
    it is now). Passwords are never touched; new accounts have none until they accept their
    invitation."""
    known = check_plan(plan)
    done = Applied()
    for row in _parents_first(plan.units):
        parent = known.get(row.parent) if row.parent else None
        unit = known.get(row.code)
        if unit is None:
            unit = Unit(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent=parent,
                official_name=official_name(row.name),
                place_name=place_name(row.name, row.kind),
            )
            unit.full_clean()
            unit.save()
            known[row.code] = unit
            done.created_units.append(unit)
        elif _unit_changed(unit, row):
            if unit.official_name == official_name(unit.name):
                unit.official_name = official_name(row.name)
            if unit.place_name == place_name(unit.name, unit.kind):
                unit.place_name = place_name(row.name, row.kind)
            unit.name, unit.kind, unit.parent = row.name, row.kind, parent
            unit.full_clean()
            unit.save()
            done.updated_units.append(unit)
    defaults = default_positions()
    Position.objects.bulk_create(
        [
            Position(unit=unit, name=e["name"], aliases="\n".join(e["aliases"]), order=order)
            for unit in done.created_units
            if unit.kind in COMMUNE_KINDS
            for order, e in enumerate(defaults, start=1)
        ]
    )
    _apply_accounts(plan, known, done)
    return done


def _apply_accounts(plan: Plan, known: dict[str, Unit], done: Applied) -> None:
    positions: dict[tuple[int, str], Position] = {
        (p.unit_id, p.name): p
        for p in Position.objects.filter(unit__in=[known[a.unit] for a in plan.accounts])
    }
    users = _existing_accounts(plan)
    new = []
    for row in plan.accounts:
        user = users.get(row.username)
        unit = known[row.unit]
        if user is None:
            user = User(username=row.username, full_name=row.full_name, email=row.email, unit=unit)
            user.set_unusable_password()
            new.append((user, row))
        elif _account_changed(user, row):
            user.full_name, user.email, user.unit = row.full_name, row.email, unit
            user.save(update_fields=["full_name", "email", "unit"])
            held = {g.role for g in user.role_grants.all()}
            RoleGrant.objects.filter(user=user).exclude(role__in=row.roles).delete()
            RoleGrant.objects.bulk_create(
                [RoleGrant(user=user, role=r) for r in row.roles if r not in held]
            )
            user.positions.set([positions[(unit.pk, name)] for name in row.positions])
            done.updated_accounts.append(user)
    User.objects.bulk_create([user for user, _row in new])
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=role) for user, row in new for role in row.roles]
    )
    User.positions.through.objects.bulk_create(
        [
            User.positions.through(user=user, position=positions[(user.unit_id, name)])
            for user, row in new
            for name in row.positions
        ]
    )
    done.created_accounts = [user for user, _row in new]


# --- the empty workbook --------------------------------------------------------------------


def template_workbook() -> Workbook:
    """The workbook to fill in, with an example row per sheet and the instructions."""
    book = Workbook()
    units = book.active
    units.title = UNIT_SHEET
    append_row(units, UNIT_COLUMNS)
    append_row(units, ["quang-ngai", "Tỉnh Quảng Ngãi", "Tỉnh", ""])
    append_row(units, ["ba-thanh", "Xã Ba Thành", "Xã", "quang-ngai"])
    accounts = book.create_sheet(ACCOUNT_SHEET)
    append_row(accounts, ACCOUNT_COLUMNS)
    append_row(
        accounts,
        [
            "bathanh.vanphong",
            "Nguyễn Văn A",
            "vanphong@bathanh.example",
            "ba-thanh",
            "Văn phòng",
            "",
        ],
    )
    append_row(
        accounts,
        [
            "bathanh.canbo",
            "Lê Thị B",
            "canbo@bathanh.example",
            "ba-thanh",
            "Cán bộ",
            "Công chức Văn hóa - Xã hội",
        ],
    )
    guide = book.create_sheet("Hướng dẫn")
    for line in _instructions():
        append_row(guide, [line])
    guide.column_dimensions["A"].width = 110
    for sheet in (units, accounts):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 28
        sheet.freeze_panes = "A2"
    for row in guide.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return book


def _instructions() -> list[str]:
    return [
        _("Khai báo đơn vị và tài khoản DVCQ"),
        _("Điền hai trang “Đơn vị” và “Tài khoản”; giữ nguyên dòng tiêu đề, xóa các dòng ví dụ."),
        _("Trang “Đơn vị”: Mã (chữ thường không dấu, số, gạch ngang, ví dụ ba-thanh) | Tên (ví "
          "dụ Xã Ba Thành) | Loại: Tỉnh, Thành phố, Xã, Phường, Đặc khu, hoặc Huyện cho dữ "
          "liệu trước 01/7/2025 | Đơn vị cấp trên: mã của đơn vị cấp trên (trống với tỉnh)."),
        _("Trang “Tài khoản”: Tên đăng nhập | Họ và tên | Email | Đơn vị (mã) | Vai trò: Cán "
          "bộ, Văn phòng, Lãnh đạo, Đánh giá, Ban xây dựng Đảng (nhiều vai trò cách nhau bằng "
          "dấu phẩy) | Chức danh: tên chức danh, bộ phận của đơn vị (nhiều chức danh cách nhau "
          "bằng dấu chấm phẩy)."),
        _("Xã, phường, đặc khu mới được tạo cùng các chức danh mặc định của phụ lục phân công."),
        _("Không ghi mật khẩu vào tệp: mỗi tài khoản mới nhận thư mời qua email để tự đặt mật "
          "khẩu (hiệu lực 7 ngày)."),
        _("Nhập lại cùng tệp không thay đổi gì; dòng đã sửa cập nhật đơn vị hoặc tài khoản đó "
          "(không đổi mật khẩu); đơn vị, tài khoản không có trong tệp được giữ nguyên."),
        _("Tệp có lỗi thì không lưu gì: mọi lỗi được liệt kê theo trang, dòng và cột."),
    ]  # fmt: skip
