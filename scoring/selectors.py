"""Reads for the scorecard pages, in a fixed number of queries whatever the number of items."""

from dataclasses import dataclass, field
from decimal import Decimal

from evidence.models import ItemStatus
from evidence.selectors import item_statuses

from .models import CriterionResult, ItemScore, Scorecard
from .services import item_scores


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


def _points_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


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
                points_input=_points_text(score.self_points),
                explanation_input=score.explanation,
                version=score.version,
            )
        )
    return list(groups.values())
