"""A scorecard's one creator, its totals and classification, and the refusals of a stale page."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from criteria.models import AssessmentRound, ClassBand, Item
from dvcq.locking import Conflict, last_saved

from ..models import (
    CriterionResult,
    ItemScore,
    Scorecard,
    Status,
)
from ..selectors import item_scores

ZERO = Decimal("0")


def score_conflict(conflicts: list[ItemScore]) -> Conflict:
    """Items changed since the page was opened; `current` holds their newer versions."""
    codes = ", ".join(s.item.code for s in conflicts)
    return Conflict(
        conflicts,
        _(
            "Nội dung %(codes)s vừa được người khác sửa. Điểm mới nhất được hiển thị; "
            "kiểm tra lại rồi lưu."
        )
        % {"codes": codes},
    )


def notes_conflict(scorecard: Scorecard) -> Conflict:
    """The criterion notes or the ruling changed since the page was opened (another reviewer
    saved them, or the card moved); `current` is the card with the newer values."""
    who, when = last_saved(scorecard)
    if not who:
        message = _(
            "Người khác đã lưu nhận xét thẩm định lúc %(when)s; giá trị mới được hiển thị "
            "bên dưới, hãy xem lại rồi lưu lại."
        ) % {"when": when}
    else:
        message = _(
            "%(who)s đã lưu nhận xét thẩm định lúc %(when)s; giá trị mới được hiển thị "
            "bên dưới, hãy xem lại rồi lưu lại."
        ) % {"who": who, "when": when}
    return Conflict(scorecard, message)


# --- reading -----------------------------------------------------------------------------


def scorecard_for_round(assessment_round: AssessmentRound) -> Scorecard:
    """The round's scorecard, created with one row per item the first time it is asked for.

    The only place that creates scorecards: called when a round is created (signals.py) and by
    the demo seed and tests. Pages and reports only read (a GET never writes); a round from
    before scorecards existed has none and shows as not started."""
    scorecard, created = Scorecard.objects.get_or_create(round=assessment_round)
    have = set(scorecard.items.values_list("item_id", flat=True)) if not created else set()
    items = Item.objects.filter(criterion__framework_id=assessment_round.framework_id)
    missing = [ItemScore(scorecard=scorecard, item=i) for i in items if i.pk not in have]
    if missing:
        # With their first historical row, so the first change shows what it replaced.
        bulk_create_with_history(missing, ItemScore, ignore_conflicts=True)
        store_totals(scorecard)
    return scorecard


@dataclass
class CriterionTotals:
    criterion: object
    max_points: Decimal = ZERO
    self_points: Decimal | None = None
    review_points: Decimal | None = None
    deducted: Decimal = ZERO
    scores: list = field(default_factory=list)

    @property
    def difference(self) -> Decimal | None:
        if self.self_points is None or self.review_points is None:
            return None
        return self.review_points - self.self_points


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if b is None:
        return a
    return (a or ZERO) + b


@dataclass
class Totals:
    criteria: list[CriterionTotals]
    self_total: Decimal | None
    review_total: Decimal | None
    max_total: Decimal
    max_bonus: Decimal

    @property
    def difference(self) -> Decimal | None:
        if self.self_total is None or self.review_total is None:
            return None
        return self.review_total - self.self_total


def compute_totals(scorecard: Scorecard, scores: list[ItemScore]) -> Totals:
    """Per criterion and overall. Bonus points count up to the framework's bonus cap."""
    framework = scorecard.round.framework
    by_criterion: dict[int, CriterionTotals] = {}
    self_main = self_bonus = review_main = review_bonus = None
    max_total = ZERO
    for score in scores:
        item = score.item
        group = by_criterion.setdefault(item.criterion_id, CriterionTotals(item.criterion))
        group.scores.append(score)
        if not item.is_bonus:
            group.max_points += item.max_points
            max_total += item.max_points
        group.self_points = _add(group.self_points, score.self_points)
        group.review_points = _add(group.review_points, score.review_points)
        group.deducted += sum((d.points for d in score.deductions.all()), ZERO)
        if item.is_bonus:
            self_bonus = _add(self_bonus, score.self_points)
            review_bonus = _add(review_bonus, score.review_points)
        else:
            self_main = _add(self_main, score.self_points)
            review_main = _add(review_main, score.review_points)
    cap = framework.max_bonus_points

    def total(main, bonus):
        if main is None and bonus is None:
            return None
        return (main or ZERO) + min(bonus or ZERO, cap)

    criteria = sorted(by_criterion.values(), key=lambda c: c.criterion.number)
    return Totals(
        criteria, total(self_main, self_bonus), total(review_main, review_bonus), max_total, cap
    )


def classify(bands: list[ClassBand], total: Decimal | None, deducted_criteria: set[int]) -> str:
    """The highest band whose minimum the total reaches and whose rule the deductions keep."""
    if total is None:
        return ""
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total < band.min_score:
            continue
        if any(c.pk in deducted_criteria for c in band.no_deduction_on.all()):
            continue
        return band.classification
    return ""


def store_totals(scorecard: Scorecard, scores: list[ItemScore] | None = None) -> Totals:
    """Write the criterion and overall totals (and the class once reviewed) to the database."""
    if scores is None:
        scores = item_scores(scorecard)
    totals = compute_totals(scorecard, scores)
    existing = {r.criterion_id: r for r in scorecard.criteria.all()}
    to_create, to_update = [], []
    for group in totals.criteria:
        row = existing.get(group.criterion.pk) or CriterionResult(
            scorecard=scorecard, criterion=group.criterion
        )
        row.max_points = group.max_points
        row.self_points = group.self_points
        row.review_points = group.review_points
        (to_update if row.pk else to_create).append(row)
    bulk_create_with_history(to_create, CriterionResult)  # the note's history starts blank
    CriterionResult.objects.bulk_update(to_update, ["max_points", "self_points", "review_points"])
    scorecard.self_total = totals.self_total
    scorecard.review_total = (
        totals.review_total if scorecard.status not in (Status.DRAFTING, Status.SUBMITTED) else None
    )
    if scorecard.status in (Status.REVIEWED, Status.PUBLISHED):
        deducted = {g.criterion.pk for g in totals.criteria if g.deducted > 0}
        bands = list(scorecard.round.framework.bands.prefetch_related("no_deduction_on"))
        scorecard.classification = (
            "" if scorecard.ineligible else classify(bands, scorecard.review_total, deducted)
        )
    else:
        scorecard.classification = ""
    Scorecard.objects.filter(pk=scorecard.pk).update(
        self_total=scorecard.self_total,
        review_total=scorecard.review_total,
        classification=scorecard.classification,
        updated_at=timezone.now(),
    )
    return totals


def lock_scorecard(scorecard: Scorecard) -> Scorecard:
    return (
        Scorecard.objects.select_for_update()
        .select_related("round__unit", "round__framework")
        .get(pk=scorecard.pk)
    )
