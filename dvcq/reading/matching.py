"""Vietnamese text as the search and the suggestions compare it: without diacritics, "đ" as
"d", lower case, cut into words at anything that is not a letter or a digit.

"Tuyên truyền" and "tuyen truyen" are the same two words here, "45/KH-UBND" is the three words
"45 kh ubnd" and "12/3/2026" the three words "12 3 2026". Both databases index the text cut
this way (dvcq/reading/search.py), so a number or a date is found the same way on each.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

WORD = re.compile(r"[^\W_]+")
# A query that is a date: 12/3/2026, 12-03-2026, 12.03.2026.
DATE = re.compile(r"^\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$")


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class _FoldTable(dict):
    """str.translate's table for fold(), filled as characters come: a search looks through
    megabytes of text, and one Python call per character made that seconds."""

    LIMIT = 20_000  # distinct characters kept; a text of every script still folds, uncached

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Without diacritics and in lower case: "Đảng ủy" → "dang uy"."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each character of it the index of the character of `text` (made NFC)
    it comes from: what lets a match found in the folded line be marked in the line as written."""
    text = unicodedata.normalize("NFC", text)
    folded, origin = [], []
    for index, char in enumerate(text):
        part = _FOLD[ord(char)]
        folded.append(part)
        origin.extend([index] * len(part))
    return "".join(folded), origin


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return WORD.findall(fold(text))


def search_text(text: str) -> str:
    """The text as the search index holds it: its words joined by spaces, still with their
    diacritics (PostgreSQL's unaccent and SQLite's tokenizer fold them), "đ" already "d"."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return " ".join(WORD.findall(text))


def date_words(day: date) -> list[list[str]]:
    """The ways a document writes a day, as word sequences: 05/03/2026, 5/3/2026 and
    "ngày 5 tháng 3 năm 2026" (also with 05 and 03)."""
    forms = {
        (f"{day.day:02d}", f"{day.month:02d}", str(day.year)),
        (str(day.day), str(day.month), str(day.year)),
    }
    found = [list(f) for f in sorted(forms)]
    for d, m, y in sorted(forms):
        found.append(["ngay", d, "thang", m, "nam", y])
    return found


def parse_date(text: str) -> date | None:
    match = DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Query:
    """What a person typed, as the index compares it.

    `words` must all be in a document; each of `phrases` (a number such as "45/KH-UBND", or
    words typed in quotes) must be there word after word; of `alternatives` (the ways a date
    is written) one phrase is enough.
    """

    raw: str
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = ()
    day: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.alternatives)

    def parts(self) -> list[tuple[str, ...]]:
        """What is looked for in a line: each word alone, each phrase word after word (once
        each, however often typed)."""
        found = [(w,) for w in self.words] + list(self.phrases) + list(self.alternatives)
        return list(dict.fromkeys(found))


QUOTED = re.compile(r'"([^"]*)"')


def parse_query(raw: str) -> Query:
    """A query: a date alone is a date; a part in quotes, or a part mixing digits with "/" or
    "-" (a document number), is a phrase; the rest are words."""
    raw = raw.strip()[:200]
    day = parse_date(raw)
    if day is not None:
        return Query(raw, alternatives=tuple(tuple(w) for w in date_words(day)), day=day)
    phrases: list[tuple[str, ...]] = []
    plain = []
    for quoted in QUOTED.findall(raw):
        if found := words(quoted):
            phrases.append(tuple(found))
    for part in QUOTED.sub(" ", raw).split():
        found = words(part)
        if len(found) > 1 and any(c.isdigit() for c in part):
            phrases.append(tuple(found))  # 45/KH-UBND
        else:
            plain += found
    return Query(raw, words=tuple(dict.fromkeys(plain)), phrases=tuple(phrases))


@dataclass
class Line:
    """A line of a file's text that matches, with where the match is."""

    text: str
    page: int  # 1-based; 0 when the file has no pages
    spans: list[tuple[int, int]]  # (start, end) in `text`
    hits: int  # how many of the query's parts (words, phrases) the line holds

    def parts(self) -> list[tuple[str, bool]]:
        """The line as (piece, is_match) pieces, for the template to mark."""
        pieces, at = [], 0
        for start, end in self.spans:
            if start > at:
                pieces.append((self.text[at:start], False))
            pieces.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            pieces.append((self.text[at:], False))
        return pieces


MAX_LINE = 240


def _spans(text: str, parts) -> tuple[list[tuple[int, int]], set]:
    """Where the parts (folded word sequences) are in `text`: (start, end) spans, neighbours
    separated by a space or nothing joined into one, and the parts found."""
    folded, origin = fold_mapped(text)
    tokens = [
        (m.group(), origin[m.start()], origin[m.end() - 1] + 1) for m in WORD.finditer(folded)
    ]
    by_first: dict[str, list] = {}
    for part in parts:
        by_first.setdefault(part[0], []).append(part)
    spans, hit = [], set()
    for index, token in enumerate(tokens):
        for part in by_first.get(token[0], ()):
            size = len(part)
            if tuple(t[0] for t in tokens[index : index + size]) == part:
                hit.add(part)
                spans.append((tokens[index][1], tokens[index + size - 1][2]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged, hit


def marked(text: str, parts) -> list[tuple[str, bool]]:
    """`text` (made NFC) as (piece, is_match) pieces."""
    text = unicodedata.normalize("NFC", text)
    spans, _hit = _spans(text, parts)
    return Line(text, 0, spans, 0).parts()


def matching_lines(
    text: str, parts, *, page_starts: list[int] | None = None, limit: int = 3
) -> list[Line]:
    """The lines of `text` holding most of the query's parts (Query.parts()), best first, at
    most `limit`; a long line is cut around its first match."""
    if not parts or not text:
        return []
    found: list[Line] = []
    offset = 0
    starts = page_starts or []
    firsts = {part[0] for part in parts}
    for raw_line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(raw_line)
        line = unicodedata.normalize("NFC", raw_line.strip())
        if not line:
            continue
        # A line without any part's first word as a piece of its folded text cannot match:
        # left before the slower word by word comparison.
        folded = line.translate(_FOLD)
        if not any(first in folded for first in firsts):
            continue
        spans, hit = _spans(line, parts)
        if not hit:
            continue
        line, spans = _cut(line, spans)
        page = sum(1 for s in starts if s <= line_start) if starts else 0
        found.append(Line(line, page, spans, len(hit)))
    found.sort(key=lambda line: -line.hits)  # stable: among equals, the earlier line first
    return found[:limit]


def _cut(line: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A long line cut around its first match, at spaces: never half a word at either end."""
    if len(line) <= MAX_LINE:
        return line, spans
    first = spans[0][0]
    start = max(0, first - 60)
    if start:
        space = line.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = start + MAX_LINE
    if end < len(line):
        space = line.rfind(" ", max(spans[0][1], start), end)
        end = space if space > 0 else end
    kept = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    prefix = "…" if start else ""
    shift = len(prefix)
    return (
        prefix + line[start:end] + ("…" if end < len(line) else ""),
        [(s + shift, e + shift) for s, e in kept],
    )
