"""Reads of the readings that the evidence pages show, in a fixed number of queries."""

from criteria.models import Assignment
from evidence.models import EvidenceRecord
from evidence.permissions import may_compile, may_file_for

from .models import ReadingStatus


def suggestions_shown(suggestions: list[dict], round_id: int, *, exclude=(), user=None) -> list:
    """Suggestions (as stored on a reading) with their assignments, best first, without the
    items in `exclude`; each says whether `user` may accept it. Two queries."""
    excluded = set(exclude)
    wanted = [s for s in suggestions if s["assignment"] not in excluded]
    if not wanted:
        return []
    assignments = (
        Assignment.objects.filter(round=round_id, pk__in=[s["assignment"] for s in wanted])
        .select_related("item__criterion", "round")
        .prefetch_related("lead_positions", "cooperating_positions")
    )
    by_pk = {a.pk: a for a in assignments}
    compiler = (
        user is not None
        and bool(by_pk)
        and may_compile(user, next(iter(by_pk.values())).round.unit_id)
    )
    shown = []
    for suggestion in wanted:
        assignment = by_pk.get(suggestion["assignment"])
        if assignment is None:  # an item removed from the round since
            continue
        shown.append(
            {
                "assignment": assignment,
                "score": round(suggestion["score"] * 100),
                "words": suggestion["words"],
                "may_accept": user is not None and (compiler or may_file_for(user, assignment)),
            }
        )
    return shown


def record_suggestions(record: EvidenceRecord, files, user) -> list:
    """The items a record's current files most likely support, that it is not linked to yet:
    each file's suggestions merged, an item's best score kept."""
    best: dict[int, dict] = {}
    for stored in files:
        reading = getattr(stored, "reading", None)
        if not stored.is_current or reading is None or reading.status != ReadingStatus.DONE:
            continue
        for suggestion in reading.suggestions:
            known = best.get(suggestion["assignment"])
            if known is None or suggestion["score"] > known["score"]:
                best[suggestion["assignment"]] = suggestion
    ranked = sorted(best.values(), key=lambda s: -s["score"])
    linked = record.assignments.values_list("pk", flat=True)
    return suggestions_shown(ranked, record.round_id, exclude=list(linked), user=user)
