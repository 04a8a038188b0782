"""Typesetting shared by the DOCX and PDF renderers: column widths that fill the text width
without splitting a word, codes and names kept on one line, one kind of quotation marks.

Measured with Liberation Serif, which has the metrics of Times New Roman (the DOCX font), so
one computation serves both formats.
"""

import re
import subprocess
from functools import cache, lru_cache

from .blocks import Heading, Paragraph, SectionBreak, Table, format_cell

TABLE_PT = 12
PT_MM = 25.4 / 72

# A token with a hyphen or slash between letters or digits is a number or code: "16/CT-TTg",
# "269/BC-UBND", "12-HD/ĐU". Browsers and Word may break after its hyphen; it must not.
CODE = re.compile(r"\S*\w[-/‐]\w\S*")
# A number with separators: "10.3", "100,00", "1.211".
NUMBER = re.compile(r"\d+(?:[.,]\d+)+")


@cache
def _font(bold: bool):
    from PIL import ImageFont

    name = "Liberation Serif:bold" if bold else "Liberation Serif"
    try:
        path = subprocess.run(
            ["fc-match", name, "-f", "%{file}"], capture_output=True, text=True, check=True
        ).stdout.strip()
        # The basic layout: no shaping library, whose failures on odd input would stop an export.
        return ImageFont.truetype(path, 1000, layout_engine=ImageFont.Layout.BASIC)
    except (OSError, subprocess.CalledProcessError):
        return None


def text_mm(text: str, size_pt: float = TABLE_PT, bold: bool = False) -> float:
    """The printed width of `text` on one line."""
    return _em_length(text, bold) * size_pt * PT_MM


# The same words come back in every row and every document ("Nội", "dung", dates): measured
# once, `fit_columns` costs a few milliseconds instead of a tenth of a table's PDF.
@lru_cache(maxsize=16384)
def _em_length(text: str, bold: bool) -> float:
    """The width of `text` in ems."""
    font = _font(bold)
    try:
        length = font.getlength(text) / 1000 if font else None
    except (ValueError, RuntimeError, OSError):
        length = None
    if length is None:  # no font at hand: an average serif letter is about half an em
        length = len(text) * 0.5
    return length


def unbreakable(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """The pieces of `text` a line may not break inside: its words, with each phrase of
    `keep` ("Ba Thành") as one piece."""
    for phrase in keep:
        if phrase and " " in phrase:
            text = text.replace(phrase, phrase.replace(" ", "\u00a0"))
    return text.split()


def fit_columns(
    table: Table, indices: list[int], text_width_mm: float, padding_mm: float, keep=()
) -> list[float]:
    """Widths (mm) of the columns at `indices` that add up to `text_width_mm`, in the
    builder's proportions, but each at least as wide as its longest word or code plus the
    cell's padding, so that no word is split across lines. When even that cannot fit, the
    builder's proportions scaled to the text width (see `words_fit`)."""
    wanted = [table.columns[i].width_mm for i in indices]
    total = sum(wanted)
    if not wanted:
        return []
    if total <= 0:
        wanted = [1.0] * len(wanted)
        total = len(wanted)
    least = least_widths(table, indices, padding_mm, keep)
    if sum(least) > text_width_mm:
        return [w * text_width_mm / total for w in wanted]
    fixed: dict[int, float] = {}
    while True:
        free = text_width_mm - sum(fixed.values())
        share = sum(w for k, w in enumerate(wanted) if k not in fixed)
        widths = [fixed.get(k, w * free / share) for k, w in enumerate(wanted)]
        short = {k: least[k] for k, w in enumerate(widths) if k not in fixed and w < least[k]}
        if not short:
            return widths
        fixed.update(short)


def words_fit(
    table: Table, indices: list[int], text_width_mm: float, padding_mm: float, keep=()
) -> bool:
    """Whether `fit_columns` gives every column the width of its longest word: when not, a
    word may have to be split to stay inside its cell."""
    return sum(least_widths(table, indices, padding_mm, keep)) <= text_width_mm


def least_widths(table: Table, indices: list[int], padding_mm: float, keep=()) -> list[float]:
    """The width (mm) of each column at `indices` that holds its longest word or code."""
    least = []
    for i in indices:
        column = table.columns[i]
        longest = max(
            (text_mm(word, bold=True) for word in unbreakable(column.title, keep)), default=0
        )
        for row in table.rows:
            if row.kind == "group" or i >= len(row.cells):
                continue
            text = format_cell(row.cells[i], column.kind)
            for word in unbreakable(text, keep):
                longest = max(longest, text_mm(word, bold=row.kind == "total"))
        least.append(longest + padding_mm + 0.5)
    return least


def curly_quotes(text: str) -> str:
    """Straight double quotes typed in the data become the typographic ones the documents
    use elsewhere: "Dân vận khéo" → “Dân vận khéo”."""
    if '"' not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == '"':
            before = text[index - 1] if index else " "
            out.append("“" if before.isspace() or before in "([{–—-/" else "”")
        else:
            out.append(char)
    return "".join(out)


def nowrap_pieces(text: str, keep: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    """`text` cut into (piece, keep on one line?) pieces: codes, numbers with separators and
    the phrases of `keep` are pieces that no line break may split."""
    patterns = [re.escape(p) for p in sorted(keep, key=len, reverse=True) if p and " " in p]
    patterns += [CODE.pattern, NUMBER.pattern]
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in re.finditer("|".join(f"(?:{p})" for p in patterns), text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def heads_next(rows) -> list[bool]:
    """Which rows head the rows below them and so must not end a page: a group row ("Tiêu
    chí 1: …") or a subtotal row of a criterion followed by its items."""
    return [
        row.kind in ("group", "total") and index + 1 < len(rows) and rows[index + 1].kind == "data"
        for index, row in enumerate(rows)
    ]


def introduces(paragraph) -> bool:
    """A paragraph ending in a colon ("3. Kết quả chấm điểm từng tiêu chí:") introduces what
    follows and, like a heading, never ends a page."""
    return paragraph.text.rstrip().endswith(":")


# A last table of at most this many rows goes with the signature to the next page rather
# than leave the signature alone there; a longer one ends its page.
SHORT_TABLE_ROWS = 10
SHORT_PARAGRAPH = 100  # characters: about one line


def closing(blocks) -> tuple[int, int]:
    """(start, end): the signature goes at `end` (before the first annex that follows a
    section break) and blocks[start:end] stay on its page: the last paragraph of the text (the
    last two when the last is a single line), or a short last table, with the headings right
    before it."""
    end = next((i for i, b in enumerate(blocks) if isinstance(b, SectionBreak)), len(blocks))
    start = end
    if start and isinstance(blocks[start - 1], Paragraph):
        start -= 1
        # A one-line ending ("Xếp loại: …") brings the paragraph before it along.
        if len(blocks[start].text) < SHORT_PARAGRAPH and isinstance(blocks[start - 1], Paragraph):
            start -= 1
    elif start and isinstance(blocks[start - 1], Table):
        if len(blocks[start - 1].rows) <= SHORT_TABLE_ROWS:
            start -= 1
    while (
        start
        and isinstance(blocks[start - 1], Heading | Paragraph)
        and (isinstance(blocks[start - 1], Heading) or introduces(blocks[start - 1]))
    ):
        start -= 1
    return start, end


# Under the trích yếu of a Party document (Hướng dẫn 36-HD/VPTW): a short line of hyphens.
PARTY_RULE = "-----"


def subject_rule_mm(subject: str, text_width_mm: float) -> float:
    """The rule under the trích yếu of a state document (Nghị định 30, Phụ lục I): centred,
    a third to a half of the trích yếu's line; here 40 %, no shorter than 20 mm."""
    line = min(text_mm(subject, 14, bold=True), text_width_mm)
    return max(line * 0.4, 20)
