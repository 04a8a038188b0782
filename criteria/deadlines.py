"""Dates inside an action text, read as a person reads them.

An annex writes its deadline in words around a date: "Trước ngày 24/10/2025 cung cấp…",
"Hạn nộp: 15/10/2026", "chậm nhất ngày 15 tháng 10 năm 2026", or a date at the end of the text.
The same cell often cites a legal basis ("Kết luận số 114-KL/TW ngày 14/7/2015"), whose date is
never a deadline. Each date found is one `Mention`; `read_deadline` picks the deadline.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

# 15/10/2026, 5/3/2026, 15-10-2026, 15.10.2026
NUMERIC = r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])"
# 15 tháng 10 năm 2026 (the "ngày" before it stays in the prefix, where it tells the kind)
WORDS = r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})(?!\d)"
DATE = re.compile(f"{NUMERIC}|{WORDS}", re.IGNORECASE)

# Words that tie the date after them to a deadline: "Hạn nộp:", "Thời hạn: trước ngày",
# "chậm nhất là ngày", "trước", "không quá ngày".
DEADLINE_WORDS = re.compile(
    r"(?:\bhạn(?:\s+(?:nộp|chót|cuối|hoàn\s+thành))?"
    r"|\bthời\s+(?:hạn|gian)(?:\s+hoàn\s+thành)?|\btrước|\bchậm\s+nhất|\bkhông\s+(?:quá|muộn\s+hơn))"
    r"(?:\s*(?:là|vào|đến|trước))*(?:\s+ngày)?\s*[:–-]?\s*$",
    re.IGNORECASE,
)
# "Ngày 26/11/2021 cung cấp…" opening a sentence sets a date for the action that follows.
SENTENCE_DAY = re.compile(r"(?:^|[.;:!?]\s*|\n\s*)Ngày\s*$")
# A document's number and symbol then "ngày": "số 114-KL/TW ngày", "396 -QĐ/TU, ngày",
# "30/2020/NĐ-CP ngày": the date that follows is when that document was issued.
BASIS = re.compile(
    r"(?:\d\w*\s?[-/]\s?[A-ZĐ][\w/.-]*|\bsố\s+\S+)\s*,?\s*(?:ban\s+hành\s+)?ngày\s*$"
)
PREFIX_LENGTH = 60


class Kind(Enum):
    DEADLINE = "deadline"  # tied to a deadline word
    BASIS = "basis"  # the issue date of a cited document
    PLAIN = "plain"  # neither


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: Kind
    value: date | None  # None: the text looks like a date but no such day exists (31/11/2026)
    words: bool  # written "15 tháng 10 năm 2026"


def mentions(text: str) -> list[Mention]:
    found = []
    text = text or ""
    for match in DATE.finditer(text):
        if match.group(1):
            day, month, year, words = match.group(1), match.group(3), match.group(4), False
        else:
            day, month, year, words = match.group(5), match.group(6), match.group(7), True
        prefix = text[max(0, match.start() - PREFIX_LENGTH) : match.start()]
        if DEADLINE_WORDS.search(prefix) or SENTENCE_DAY.search(prefix):
            kind = Kind.DEADLINE
        elif BASIS.search(prefix):
            kind = Kind.BASIS
        else:
            kind = Kind.PLAIN
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            value = None
        found.append(Mention(match.start(), match.end(), match.group(0), kind, value, words))
    return found


@dataclass
class Reading:
    deadline: date | None
    impossible: list[str]  # quoted texts that look like dates but are not days


def read_deadline(text: str) -> Reading:
    """The deadline of an action text: the last date tied to a deadline word, else the last date
    that is not a cited document's; never a legal basis's date."""
    found = [m for m in mentions(text) if m.kind is not Kind.BASIS]
    impossible = [m.text for m in found if m.value is None]
    valid = [m for m in found if m.value is not None]
    tied = [m for m in valid if m.kind is Kind.DEADLINE]
    chosen = (tied or valid or [None])[-1]
    return Reading(chosen.value if chosen else None, impossible)


def deadline_dates(text: str) -> list[date]:
    """Every date of the text that may be its deadline (the grid compares these with the
    deadline field): those tied to a deadline word, else the last plain date."""
    valid = [m for m in mentions(text) if m.kind is not Kind.BASIS and m.value is not None]
    tied = [m.value for m in valid if m.kind is Kind.DEADLINE]
    return tied or [m.value for m in valid[-1:]]


def replace_deadline(text: str, old: date, new: date) -> str:
    """Rewrite the deadline `old` inside an action text as `new`, keeping the wording; a cited
    document's date is never touched."""
    text = text or ""
    out, last = [], 0
    for mention in mentions(text):
        if mention.kind is Kind.BASIS or mention.value != old:
            continue
        if mention.words:
            written = f"{new.day} tháng {new.month} năm {new.year}"
        else:
            written = f"{new:%d/%m/%Y}"
        out += [text[last : mention.start], written]
        last = mention.end
    return "".join(out) + text[last:]
