"""The scorecard page: criteria with their item rows, evidence status and stored totals; the scorecard's history."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.history import Change, Source, changes
from evidence.models import ItemStatus
from evidence.selectors import item_statuses

from ..models import (
    CriterionResult,
    Deduction,
    ItemScore,
    Scorecard,
)


@dataclass
class ItemRow:
    score: ItemScore
    assignment_id: int | None
    evidence: ItemStatus
    # The values the form shows: the stored ones, or what the user typed on a refused save.
    points_input: str = ""
    explanation_input: str = ""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    newer: ItemScore | None = None  # set when a save was refused because of this newer value

    @property
    def item(self):
        return self.score.item

    @property
    def deductions(self):
        return list(self.score.deductions.all())

    @property
    def difference(self) -> Decimal | None:
        if self.score.self_points is None or self.score.review_points is None:
            return None
        return self.score.review_points - self.score.self_points


@dataclass
class CriterionGroup:
    result: CriterionResult | None
    criterion: object
    rows: list[ItemRow]
    newer_note: str | None = None  # set when a notes save was refused because of this value

    @property
    def difference(self) -> Decimal | None:
        r = self.result
        if r is None or r.self_points is None or r.review_points is None:
            return None
        return r.review_points - r.self_points


def item_scores(scorecard: Scorecard) -> list[ItemScore]:
    """Every item score with its item, criterion and deductions, in two queries."""
    return list(
        scorecard.items.select_related("item__criterion")
        .prefetch_related("deductions")
        .order_by("item__criterion__number", "item__number")
    )


def scorecard_groups(scorecard: Scorecard) -> list[CriterionGroup]:
    """Criteria with their item rows, evidence status and stored totals (five queries)."""
    scores = item_scores(scorecard)
    assignments = dict(scorecard.round.assignments.values_list("item_id", "pk"))
    statuses = item_statuses(list(assignments.values()))
    results = {r.criterion_id: r for r in scorecard.criteria.all()}
    groups: dict[int, CriterionGroup] = {}
    for score in scores:
        criterion = score.item.criterion
        group = groups.setdefault(
            criterion.pk, CriterionGroup(results.get(criterion.pk), criterion, [])
        )
        assignment_id = assignments.get(score.item_id)
        group.rows.append(
            ItemRow(
                score=score,
                assignment_id=assignment_id,
                evidence=statuses.get(assignment_id, ItemStatus.NONE),
                points_input=wording.points(score.self_points),
                explanation_input=score.explanation,
                version=score.version,
            )
        )
    return list(groups.values())


def scorecard_changes(scorecard: Scorecard, *, with_review: bool) -> list[Change]:
    """Every recorded change of the scorecard, newest first, in four queries: the card's status
    and ruling, the items' points, the deduction lines (removed ones too), the criterion notes.

    Without `with_review` (the unit before the results are published) only what the unit
    itself writes is shown: the status and the self points."""

    def item_label(row) -> str:
        return _("Nội dung %(code)s") % {"code": row.item.code}

    sources = [
        Source(
            rows=Scorecard.history.filter(id=scorecard.pk).select_related("history_user"),
            fields=["status", "ineligible", "ineligible_reason"] if with_review else ["status"],
            subject=lambda row: _("Phiếu chấm"),
        ),
        Source(
            rows=ItemScore.history.filter(scorecard_id=scorecard.pk).select_related(
                "history_user", "item__criterion"
            ),
            fields=["self_points", "explanation"]
            + (["awarded_points", "review_points"] if with_review else []),
            subject=item_label,
        ),
    ]
    if with_review:
        sources += [
            Source(
                rows=Deduction.history.filter(item_score__scorecard_id=scorecard.pk).select_related(
                    "history_user", "item_score__item__criterion"
                ),
                fields=["points", "reason"],
                subject=lambda row: (
                    _("Nội dung %(code)s — điểm bị trừ") % {"code": row.item_score.item.code}
                ),
            ),
            Source(
                rows=CriterionResult.history.filter(scorecard_id=scorecard.pk).select_related(
                    "history_user", "criterion"
                ),
                fields=["review_note"],
                subject=lambda row: _("Tiêu chí %(n)s") % {"n": row.criterion.number},
            ),
        ]
    return changes(sources)
