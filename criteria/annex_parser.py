"""Reads the rows of a "Phân công nhiệm vụ" annex table (seed 000's layout).

The input is plain rows of cell texts, so a Word table, an Excel sheet or the seed's text
export all go through the same code. Columns: TT | Nội dung tiêu chí | Cơ quan… được giao |
Nội dung cần thực hiện. Criterion headings ("Tiêu chí 1: …") span the table; the header row
repeats after page breaks; the deadline sits inside the action text.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .models import dates_in_text

CRITERION_HEADING = re.compile(
    r"^\s*(?:<b>)?\s*Tiêu\s+chí\s+(\d+)\s*[:.]\s*(.+?)\s*(?:</b>)?\s*$", re.I
)
ITEM_LABEL = re.compile(r"^\s*(?:Nội\s+dung\s+)?(\d+)(?:\.(\d+))?\s*\.?\s*$", re.I)


@dataclass
class AnnexRow:
    criterion: int
    number: int
    text: str
    assignees: str
    action: str
    deadline: date | None
    source_row: int  # 1-based row in the table, for messages
    cooperating: str = ""  # the app's own XLSX names the cooperating positions apart


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


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and clean(cells[0]).upper() == "TT"


def _explicit_date(text: str) -> date | None:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_annex_rows(rows: list[list[str]]) -> ParsedAnnex:
    """Rows → criteria and items. A fifth column, as in the app's own export, holds the deadline."""
    criteria: list[AnnexCriterion] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    # Title lines above the table (the app's XLSX export has them) are not table rows.
    headers = [i for i, raw in enumerate(rows) if _is_header([clean(c) for c in raw])]
    start = headers[0] if headers else 0
    for index, raw in enumerate(rows, start=1):
        if index <= start:
            continue
        cells = [clean(c) for c in raw]
        if not any(cells) or _is_header(cells):
            continue
        heading = CRITERION_HEADING.match(cells[0])
        # A heading row is merged across the table: every other cell is empty or repeats it.
        if heading and all(c in ("", cells[0]) for c in cells[1:]):
            criteria.append(AnnexCriterion(int(heading.group(1)), clean(heading.group(2))))
            continue
        label = ITEM_LABEL.match(cells[0])
        if not label:
            problems.append(
                _("Dòng %(row)s: không nhận ra cột TT “%(value)s”, đã bỏ qua.")
                % {"row": index, "value": cells[0][:40]}
            )
            continue
        if not criteria:
            problems.append(
                _("Dòng %(row)s: nội dung nằm trước dòng “Tiêu chí …” đầu tiên, đã bỏ qua.")
                % {"row": index}
            )
            continue
        number = int(label.group(2) or label.group(1))
        current = criteria[-1]
        if (current.number, number) in seen:
            problems.append(
                _("Dòng %(row)s: Nội dung %(n)s của Tiêu chí %(c)s bị lặp.")
                % {"row": index, "n": number, "c": current.number}
            )
            continue
        seen.add((current.number, number))
        cells += [""] * (6 - len(cells))
        action = cells[3]
        found = dates_in_text(action)
        if cells[4] and _explicit_date(cells[4]) is None:
            problems.append(
                _("Dòng %(row)s: hạn nộp “%(value)s” không phải ngày hợp lệ (dd/mm/yyyy).")
                % {"row": index, "value": cells[4]}
            )
        deadline = _explicit_date(cells[4]) or (found[-1] if found else None)
        current.rows.append(
            AnnexRow(current.number, number, cells[1], cells[2], action, deadline, index, cells[5])
        )
    return ParsedAnnex(criteria, problems)


def rows_from_text_export(text: str) -> list[list[str]]:
    """Rows of a tab-separated export such as the seed files."""
    return [line.split("\t") for line in text.splitlines() if "\t" in line]
