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
class BonusTotals:
    """The bonus items ("điểm thưởng"), apart from the criteria they are listed under: a
    criterion's row and the scale's 100 points never include them. Points are counted up to
    the framework's bonus cap; `*_raw` are the items' plain sums."""

    cap: Decimal
    scores: list = field(default_factory=list)
    max_raw: Decimal = ZERO
    self_raw: Decimal | None = None
    review_raw: Decimal | None = None
    deducted: Decimal = ZERO

    @property
    def max_points(self) -> Decimal:
        return min(self.max_raw, self.cap)

    @property
    def self_points(self) -> Decimal | None:
        return None if self.self_raw is None else min(self.self_raw, self.cap)

    @property
    def review_points(self) -> Decimal | None:
        return None if self.review_raw is None else min(self.review_raw, self.cap)

    @property
    def difference(self) -> Decimal | None:
        if self.self_points is None or self.review_points is None:
            return None
        return self.review_points - self.self_points


def printed_bonus(bonus: Decimal | None, main: Decimal | None) -> Decimal | None:
    """The bonus as a table prints it: 0,00 once the criteria are scored, so the column
    visibly adds up; empty while nothing is scored."""
    if bonus is None and main is not None:
        return ZERO
    return bonus


@dataclass
class Totals:
    criteria: list[CriterionTotals]  # without the bonus items
    bonus: BonusTotals  # empty (no scores) when the framework has no bonus item
    max_main: Decimal  # the scale, e.g. 100
    self_main: Decimal | None
    review_main: Decimal | None

    @property
    def max_bonus(self) -> Decimal:
        return self.bonus.cap

    @property
    def max_total(self) -> Decimal:
        """The scale's points: what "Tổng cộng" is out of, not counting the bonus."""
        return self.max_main

    @staticmethod
    def _sum(main, bonus):
        if main is None and bonus is None:
            return None
        return (main or ZERO) + (bonus or ZERO)

    @property
    def self_total(self) -> Decimal | None:
        return self._sum(self.self_main, self.bonus.self_points)

    @property
    def review_total(self) -> Decimal | None:
        return self._sum(self.review_main, self.bonus.review_points)

    @property
    def difference(self) -> Decimal | None:
        if self.self_total is None or self.review_total is None:
            return None
        return self.review_total - self.self_total


def compute_totals(scorecard: Scorecard, scores: list[ItemScore]) -> Totals:
    """Per criterion (bonus items apart) and overall. Bonus points count up to the
    framework's bonus cap, so each printed column adds up: the criteria give the main total,
    the bonus its own line, and the two the total."""
    framework = scorecard.round.framework
    by_criterion: dict[int, CriterionTotals] = {}
    bonus = BonusTotals(cap=framework.max_bonus_points)
    self_main = review_main = None
    max_main = ZERO
    for score in scores:
        item = score.item
        deducted = sum((d.points for d in score.deductions.all()), ZERO)
        if item.is_bonus:
            bonus.scores.append(score)
            bonus.max_raw += item.max_points
            bonus.self_raw = _add(bonus.self_raw, score.self_points)
            bonus.review_raw = _add(bonus.review_raw, score.review_points)
            bonus.deducted += deducted
            continue
        group = by_criterion.setdefault(item.criterion_id, CriterionTotals(item.criterion))
        group.scores.append(score)
        group.max_points += item.max_points
        max_main += item.max_points
        group.self_points = _add(group.self_points, score.self_points)
        group.review_points = _add(group.review_points, score.review_points)
        group.deducted += deducted
        self_main = _add(self_main, score.self_points)
        review_main = _add(review_main, score.review_points)
    criteria = sorted(by_criterion.values(), key=lambda c: c.criterion.number)
    return Totals(criteria, bonus, max_main, self_main, review_main)


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
