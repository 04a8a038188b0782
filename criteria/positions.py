"""Maps the free text of an annex's "Cơ quan… được giao" column to a unit's positions."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dvcq.org.models import Position

MARK = "\x00"
# Separators left at either end of a leftover phrase once the names around it are gone.
EDGES = re.compile(r"^(?:[\s,;.]|\bvà\b)+|(?:[\s,;.]|\bvà\b)+$", re.IGNORECASE)


def normalise(text: str) -> str:
    text = re.sub(r"\s*[-–—]\s*", " - ", text or "")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class AssigneeMatch:
    positions: list[Position]
    unmatched: list[str]  # fragments that name no position of the unit, in their original words


def match_assignees(text: str, positions: Iterable[Position]) -> AssigneeMatch:
    """Find every position named (by name or alias) in `text`; longest names win."""
    subject = normalise(text)
    lowered = subject.lower()
    names = sorted(
        (
            (normalise(name).lower(), position)
            for position in positions
            for name in [position.name, *position.alias_list]
        ),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    first_seen: dict[Position, int] = {}
    for name, position in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for hit in list(pattern.finditer(lowered))[::-1]:
            start, end = hit.span()
            first_seen[position] = min(start, first_seen.get(position, start))
            # Blank the match out (same length) so shorter aliases cannot match inside it.
            lowered = lowered[:start] + MARK * (end - start) + lowered[end:]
            subject = subject[:start] + MARK * (end - start) + subject[end:]
    # What is left between matched names stays one phrase: "các ban ngành, đơn vị có liên
    # quan" is one assignee, not two.
    leftovers = [EDGES.sub("", part) for part in re.split(f"{MARK}+", subject)]
    found = sorted(first_seen, key=first_seen.__getitem__)
    return AssigneeMatch(found, [part for part in leftovers if part])
