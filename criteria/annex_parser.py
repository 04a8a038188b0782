"""Reads the rows of a "Phân công nhiệm vụ" annex table (seed 000's layout and its cousins).

The input is plain rows of cell texts, so a Word table, an Excel sheet or the seed's text
export all go through the same code. Seed 000's columns are TT | Nội dung tiêu chí | Cơ quan…
được giao | Nội dung cần thực hiện; other communes add "Thời hạn", "Phối hợp" or "Ghi chú"
columns or put them in another order, so the columns are found by their headers (by position
when a table has no header). Criterion headings ("Tiêu chí 1: …") span the table; the header
row repeats after page breaks; the deadline is a separate column or sits inside the action text.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .deadlines import read_deadline

CRITERION_HEADING = re.compile(
    r"^\s*(?:[IVXL]+\s*[.:)-]\s*)?Tiêu\s+chí\s+(?:số\s+)?(\d+)\s*[:.–-]?\s*(.*?)\s*$", re.I
)
ITEM_LABEL = re.compile(r"^\s*(?:(?:Nội\s+dung|ND)\s*)?(\d+)(?:\.(\d+))?\s*[.:)]?\s*$", re.I)
HEADER_FIRST = re.compile(r"^(?:S\.?\s*)?TT$|^Số\s+TT$", re.I)
ROMAN = re.compile(r"^[IVXL]+\.?$")
POINTS = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:điểm)?$", re.I)

# What a header says about its column, checked in this order (the seed's assignee header
# mentions "thực hiện nhiệm vụ", so the assignee test comes before the action test).
TEXT, ASSIGNEES, COOPERATING, DEADLINE, ACTION = (
    "text",
    "assignees",
    "cooperating",
    "deadline",
    "action",
)
HEADER_WORDS = [
    (COOPERATING, re.compile(r"phối\s+hợp", re.I)),
    (
        ASSIGNEES,
        re.compile(
            r"được\s+giao|chủ\s+trì|phụ\s+trách|người\s+thực\s+hiện|cơ\s+quan|bộ\s+phận|phân\s+công",
            re.I,
        ),
    ),
    (DEADLINE, re.compile(r"\bhạn\b|thời\s+gian|thời\s+điểm", re.I)),
    (
        ACTION,
        re.compile(
            r"cần\s+thực\s+hiện|nhiệm\s+vụ|giải\s+pháp|cách\s+thực\s+hiện|hoạt\s+động", re.I
        ),
    ),
    (TEXT, re.compile(r"tiêu\s+chí|nội\s+dung", re.I)),
]
# Seed 000's order, for a table without a header row.
POSITIONAL = {TEXT: 1, ASSIGNEES: 2, ACTION: 3, DEADLINE: 4, COOPERATING: 5}


@dataclass
class AnnexRow:
    criterion: int
    number: int
    text: str
    assignees: str
    action: str
    deadline: date | None
    source_row: int  # 1-based row in the table, for messages
    cooperating: str = ""  # positions a column or a "Phối hợp:" label names apart
    warnings: list[str] = field(default_factory=list)
    deadline_text: str = ""  # a separate deadline column's words

    @property
    def code(self) -> str:
        return f"{self.criterion}.{self.number}"


@dataclass
class AnnexCriterion:
    number: int
    title: str
    rows: list[AnnexRow] = field(default_factory=list)


@dataclass
class ParsedAnnex:
    criteria: list[AnnexCriterion]
    problems: list[str]

    @property
    def rows(self) -> list[AnnexRow]:
        return [row for criterion in self.criteria for row in criterion.rows]


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("<b>", "").replace("</b>", "")).strip()


def clean_lines(text: str) -> str:
    """Like `clean`, but a line break stays: it separates the names of an assignee cell."""
    lines = (clean(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _is_header(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    return bool(HEADER_FIRST.match(first)) and len([c for c in cells if c]) >= 3


def _columns(header_rows: list[list[str]], width: int) -> dict[str, int]:
    """Which column holds what, from the header's words (two header rows merge: "Cơ quan
    thực hiện" over "Chủ trì" | "Phối hợp")."""
    if not header_rows:
        return {kind: index for kind, index in POSITIONAL.items() if index < width}
    found: dict[str, int] = {}
    for index in range(1, width):
        words = " ".join(row[index] for row in header_rows if index < len(row))
        if len(header_rows) > 1 and header_rows[-1][index : index + 1] != [""]:
            words = header_rows[-1][index]  # the lower, more precise header wins
        for kind, pattern in HEADER_WORDS:
            if kind not in found and pattern.search(words):
                found[kind] = index
                break
    for kind, index in POSITIONAL.items():
        if kind in (TEXT, ASSIGNEES, ACTION) and kind not in found and index < width:
            if index not in found.values():
                found[kind] = index
    return found


def _heading(cells: list[str]) -> re.Match | None:
    """A criterion heading: one cell "Tiêu chí 3: …", the others empty, repeating it, its
    number (Roman or "3") or its points ("10 điểm")."""
    for cell in cells:
        match = CRITERION_HEADING.match(cell)
        if match:
            number = match.group(1)
            others = [c for c in cells if c not in ("", cell)]
            if all(ROMAN.match(c) or c.rstrip(".") == number or POINTS.match(c) for c in others):
                return match
            return None
    return None


def _where(row: int, code: str | None = None) -> str:
    if code:
        return _("Dòng %(row)s (Nội dung %(code)s)") % {"row": row, "code": code}
    return _("Dòng %(row)s") % {"row": row}


def _not_a_day(texts: list[str]) -> list[str]:
    return [_("“%(text)s” không phải là ngày có thật") % {"text": text} for text in texts]


def parse_annex_rows(rows: list[list[str]]) -> ParsedAnnex:
    """Rows → criteria and items, with a warning on each row for what a person should check."""
    criteria: list[AnnexCriterion] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    raw_rows = [[c if isinstance(c, str) else "" for c in raw] for raw in rows]
    # Title lines above the table (the app's XLSX export has them) are not table rows.
    cleaned = [[clean(c) for c in raw] for raw in raw_rows]
    headers = [i for i, cells in enumerate(cleaned) if _is_header(cells)]
    start = headers[0] if headers else -1
    header_rows = [cleaned[start]] if headers else []
    # A second header row ("Chủ trì" | "Phối hợp" under "Cơ quan thực hiện") has no TT.
    following = cleaned[start + 1] if headers and start + 1 < len(cleaned) else []
    if (
        following
        and not following[0]
        and any(re.search(r"chủ\s+trì|phối\s+hợp", c, re.I) for c in following)
    ):
        header_rows.append(following)
    width = max((len(cells) for cells in cleaned), default=0)
    columns = _columns(header_rows, width)

    def cell(cells: list[str], kind: str) -> str:
        index = columns.get(kind)
        return cells[index] if index is not None and index < len(cells) else ""

    previous: AnnexRow | None = None
    for index, (raw, cells) in enumerate(zip(raw_rows, cleaned, strict=True), start=1):
        if index <= start + len(header_rows):
            continue
        if not any(cells) or _is_header(cells) or (cells[:1] == [""] and cells in header_rows):
            continue
        heading = _heading(cells)
        if heading:
            title = clean(heading.group(2))
            criteria.append(AnnexCriterion(int(heading.group(1)), title))
            previous = None
            continue
        if not cells[0] and previous is not None:
            # The rest of the item above on a row of its own (a sheet typed line by line).
            _continue(previous, raw, cells, columns)
            continue
        label = ITEM_LABEL.match(cells[0])
        if not label:
            problems.append(
                _("%(where)s: không nhận ra cột TT “%(value)s”, đã bỏ qua.")
                % {"where": _where(index), "value": cells[0][:40]}
            )
            continue
        if not criteria:
            problems.append(
                _("%(where)s: nội dung nằm trước dòng “Tiêu chí …” đầu tiên, đã bỏ qua.")
                % {"where": _where(index)}
            )
            continue
        current = criteria[-1]
        if label.group(2) and int(label.group(1)) != current.number:
            problems.append(
                _("%(where)s: số “%(value)s” không thuộc Tiêu chí %(c)s đang đọc, đã bỏ qua.")
                % {"where": _where(index), "value": cells[0], "c": current.number}
            )
            continue
        number = int(label.group(2) or label.group(1))
        code = f"{current.number}.{number}"
        if (current.number, number) in seen:
            problems.append(
                _("%(where)s: Nội dung %(code)s bị lặp; dòng này không được nhập.")
                % {"where": _where(index, code), "code": code}
            )
            previous = None
            continue
        seen.add((current.number, number))
        raw_by_kind = {kind: raw[i] if i < len(raw) else "" for kind, i in columns.items()}
        row = AnnexRow(
            criterion=current.number,
            number=number,
            text=cell(cells, TEXT),
            assignees=clean_lines(raw_by_kind.get(ASSIGNEES, "")),
            action=cell(cells, ACTION),
            deadline=None,
            source_row=index,
            cooperating=clean_lines(raw_by_kind.get(COOPERATING, "")),
            deadline_text=cell(cells, DEADLINE),
        )
        current.rows.append(row)
        previous = row
    for row in (r for c in criteria for r in c.rows):
        _read_row_deadline(row)
    return ParsedAnnex(criteria, problems)


def _continue(row: AnnexRow, raw: list[str], cells: list[str], columns: dict[str, int]) -> None:
    def more(kind: str, joiner: str) -> str:
        index = columns.get(kind)
        if index is None or index >= len(cells) or not cells[index]:
            return ""
        return joiner + (clean_lines(raw[index]) if joiner == "\n" else cells[index])

    row.text += more(TEXT, " ")
    row.assignees = (row.assignees + more(ASSIGNEES, "\n")).strip()
    row.action = (row.action + more(ACTION, " ")).strip()
    row.cooperating = (row.cooperating + more(COOPERATING, "\n")).strip()
    row.deadline_text = (row.deadline_text + more(DEADLINE, " ")).strip()


def _read_row_deadline(row: AnnexRow) -> None:
    """The deadline column if the table has one, else the deadline inside the action text."""
    in_text = read_deadline(row.action)
    row.warnings += _not_a_day(in_text.impossible)
    if row.deadline_text:
        in_column = read_deadline(row.deadline_text)
        row.warnings += _not_a_day(in_column.impossible)
        if in_column.deadline is None and not in_column.impossible:
            row.warnings.append(
                _("Hạn nộp “%(value)s” không đọc được thành ngày (viết dd/mm/yyyy)")
                % {"value": row.deadline_text[:60]}
            )
        row.deadline = in_column.deadline or in_text.deadline
    else:
        row.deadline = in_text.deadline


def rows_from_text_export(text: str) -> list[list[str]]:
    """Rows of a tab-separated export such as the seed files."""
    return [line.split("\t") for line in text.splitlines() if "\t" in line]
