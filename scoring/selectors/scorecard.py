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
class BonusResult:
    """The bonus line of the page, shaped like a CriterionResult: points up to the cap."""

    max_points: Decimal
    self_points: Decimal | None
    review_points: Decimal | None
    review_note: str = ""


@dataclass
class CriterionGroup:
    result: CriterionResult | BonusResult | None
    criterion: object  # None for the bonus group
    rows: list[ItemRow]
    newer_note: str | None = None  # set when a notes save was refused because of this value
    is_bonus: bool = False  # the bonus items ("điểm thưởng"), apart from their criterion

    @property
    def key(self) -> str:
        """What the page's running totals group inputs by."""
        return "bonus" if self.is_bonus else str(self.criterion.pk)

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


def _capped_sum(values, cap: Decimal) -> Decimal | None:
    known = [v for v in values if v is not None]
    return min(sum(known, Decimal(0)), cap) if known else None


def scorecard_groups(scorecard: Scorecard) -> list[CriterionGroup]:
    """Criteria with their item rows, evidence status and stored totals (five queries); the
    bonus items ("điểm thưởng") last, in a group of their own, so each criterion's row
    adds up to the scale and the bonus is counted once, up to its cap."""
    scores = item_scores(scorecard)
    assignments = dict(scorecard.round.assignments.values_list("item_id", "pk"))
    statuses = item_statuses(list(assignments.values()))
    results = {r.criterion_id: r for r in scorecard.criteria.all()}
    groups: dict[int, CriterionGroup] = {}
    bonus = CriterionGroup(None, None, [], is_bonus=True)
    for score in scores:
        criterion = score.item.criterion
        if score.item.is_bonus:
            group = bonus
        else:
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
    found = list(groups.values())
    if bonus.rows:
        cap = scorecard.round.framework.max_bonus_points
        bonus.result = BonusResult(
            max_points=_capped_sum([r.item.max_points for r in bonus.rows], cap),
            self_points=_capped_sum([r.score.self_points for r in bonus.rows], cap),
            review_points=_capped_sum([r.score.review_points for r in bonus.rows], cap),
        )
        found.append(bonus)
    return found


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
