"""Maps the free text of an annex's "Cơ quan… được giao" column to a unit's positions.

A cell names several assignees separated by commas, semicolons, line breaks or "và"; a hyphen
or a dash is part of a name ("Công chức Địa chính - Xây dựng", "Tư pháp – Hộ tịch"). Known names
and aliases are matched whole, longest first, so a name is never cut into a known position and
a fragment. "Chủ trì: …; Phối hợp: …" labels split leads from cooperating positions. Generic
phrases ("các ban, ngành có liên quan") are other assignees, never a position to create.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from dvcq.org.models import Position

SEPARATOR = re.compile(r"(\s*(?:[,;\n]|\bvà\b)\s*)", re.IGNORECASE)
# Bullets and stray punctuation at either end of a name: "- Công chức VP-TK", "Khối vận.".
EDGES = re.compile(r"^[\s\-–—•+*·.:()]+|[\s\-–—•+*·.:(]+$")
COOPERATING_LABEL = re.compile(
    r"(?:^|(?<=[\s;,.\n]))(?:(?:cơ\s+quan|đơn\s+vị)\s+)?phối\s+hợp\s*:", re.IGNORECASE
)
LEAD_LABEL = re.compile(r"(?:(?:cơ\s+quan|đơn\s+vị)\s+)?chủ\s+trì\s*:", re.IGNORECASE)
GENERIC_START = re.compile(r"^(?:các|những|mọi)\s", re.IGNORECASE)
RELATED = re.compile(r"\bliên\s+quan$", re.IGNORECASE)
UNIT_SUFFIX = re.compile(r"\s+(?:của\s+)?(?:ubnd\s+)?xã$")
# "Văn phòng - Thống kê" is how a colleague names "Công chức Văn phòng - Thống kê".
TITLE = re.compile(r"^(?:công\s+chức|cán\s+bộ)\s+")
# Two spellings of one word: the old and new places of the tone mark ("hoá"/"hóa", "uỷ"/"ủy").
OLD_TONES = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def normalise(text: str) -> str:
    """One spelling of a name as typed: NFC, " - " around every dash, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[^\S\n]*[-–—][^\S\n]*", " - ", text)
    return re.sub(r"[^\S\n]+", " ", text).strip()


def key(text: str) -> str:
    """What two spellings of one name have in common: case, dashes and tone-mark places."""
    lowered = normalise(text).lower().replace("\n", " ")
    for old, new in OLD_TONES.items():
        lowered = lowered.replace(old, new)
    return lowered


@dataclass
class AssigneeMatch:
    positions: list[Position] = field(default_factory=list)  # leads
    cooperating: list[Position] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # other assignees, in the cell's words
    unmatched: list[str] = field(default_factory=list)  # names a position could be created for
    generic: list[str] = field(default_factory=list)  # "các ban, ngành có liên quan"


class NameIndex:
    """A unit's positions by every name and alias, with and without a trailing "xã"; then,
    where only one position fits, without the leading "Công chức"."""

    def __init__(self, positions: Iterable[Position]):
        self.by_key: dict[str, Position] = {}
        short: dict[str, set[Position]] = {}
        for position in positions:
            for name in [position.name, *position.alias_list]:
                for variant in (key(name), UNIT_SUFFIX.sub("", key(name))):
                    self.by_key.setdefault(variant, position)
                    short.setdefault(TITLE.sub("", variant), set()).add(position)
        self.by_short = {k: next(iter(found)) for k, found in short.items() if len(found) == 1}
        # The most atoms a name spans ("Văn phòng HĐND và UBND xã" is two): a cell of a
        # thousand commas costs a thousand look-ups, not a million.
        self.span = 1 + max((len(SEPARATOR.findall(k)) for k in self.by_key), default=0)

    def find(self, text: str) -> Position | None:
        lowered = key(EDGES.sub("", text))
        for variant in (lowered, UNIT_SUFFIX.sub("", lowered)):
            found = self.by_key.get(variant) or self.by_short.get(TITLE.sub("", variant))
            if found is not None:
                return found
        return None


def match_assignees(
    text: str, positions: Iterable[Position], cooperating_text: str = ""
) -> AssigneeMatch:
    """Every position the cell names, whole names only; the rest as other assignees."""
    index = positions if isinstance(positions, NameIndex) else NameIndex(positions)
    lead_text, labelled = _split_labels(normalise(text))
    result = AssigneeMatch()
    for part, is_cooperating in ((lead_text, False), (labelled, True), (cooperating_text, True)):
        found, others = _read_names(normalise(part), index)
        target = result.cooperating if is_cooperating else result.positions
        target += [p for p in found if p not in target]
        for phrase, generic in others:
            if phrase not in result.others:
                result.others.append(phrase)
                (result.generic if generic else result.unmatched).append(phrase)
    # A position both columns name is cooperating: the app's own XLSX lists every assignee in
    # the first column and "trong đó phối hợp" in the second.
    result.positions = [p for p in result.positions if p not in result.cooperating]
    return result


def _split_labels(text: str) -> tuple[str, str]:
    """ "Chủ trì: A; Phối hợp: B, C" → ("A", "B, C"); a cell without labels is all leads."""
    parts = COOPERATING_LABEL.split(text, maxsplit=1)
    lead = LEAD_LABEL.sub("", parts[0])
    return lead, (LEAD_LABEL.sub("", parts[1]) if len(parts) > 1 else "")


def _read_names(text: str, index: NameIndex) -> tuple[list[Position], list[tuple[str, bool]]]:
    # pieces alternate: atom, separator, atom, …; a known name may span several atoms
    # ("Văn phòng HĐND và UBND xã"), so the longest run of atoms that is a name wins.
    pieces = SEPARATOR.split(text)
    atoms = pieces[0::2]
    found: list[Position] = []
    spans: list[tuple[int, int, Position | None]] = []
    i = 0
    while i < len(atoms):
        for j in range(min(len(atoms), i + index.span) - 1, i - 1, -1):
            position = index.find("".join(pieces[2 * i : 2 * j + 1]))
            if position is not None:
                spans.append((i, j, position))
                if position not in found:
                    found.append(position)
                i = j + 1
                break
        else:
            spans.append((i, i, None))
            i += 1
    others: list[tuple[str, bool]] = []
    k = 0
    while k < len(spans):
        start, end, position = spans[k]
        phrase = EDGES.sub("", atoms[start])
        if position is not None or not phrase:
            k += 1
            continue
        if GENERIC_START.match(phrase):
            # "các ban, ngành, đoàn thể có liên quan" is one phrase across its commas.
            last = k
            while not RELATED.search(EDGES.sub("", atoms[spans[last][1]])):
                following = last + 1
                if following >= len(spans) or spans[following][2] is not None:
                    break
                word = EDGES.sub("", atoms[spans[following][0]])
                if not (RELATED.search(word) or (word[:1].islower() and len(word.split()) <= 3)):
                    break
                last = following
            phrase = EDGES.sub("", "".join(pieces[2 * start : 2 * spans[last][1] + 1]))
            others.append((phrase, True))
            k = last + 1
            continue
        others.append((phrase, bool(RELATED.search(phrase))))
        k += 1
    return found, others
