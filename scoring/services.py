"""Everything that changes a scorecard: self-scoring, the workflow, the review, the totals,
and the remediation plan drawn from the review.

Views and importers call these functions and nothing else writes scoring models, so the rules
(who may, in which state, within which limits) hold everywhere, including the Excel import.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria.models import AssessmentRound, ClassBand, Item
from dvcq import wording
from dvcq.history import delete_with_history
from dvcq.locking import Conflict, last_saved

from .models import (
    STEP,
    CriterionResult,
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
    Status,
    Transition,
)
from .permissions import may_act, may_edit_plan, may_review, may_self_score
from .selectors import PLAN_FIELDS, PlanDraft, item_scores

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


# --- self-scoring ------------------------------------------------------------------------


PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_points(value) -> Decimal | None:
    """ "2,5", "2.5", 2.5 → Decimal("2.5"); "" → None; anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(" ", "")
    if text == "":
        return None
    if isinstance(value, str) and not PLAIN_NUMBER.match(text):
        raise ValueError(value)  # "1e1", "Infinity", "1.000,5": not how points are written
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def self_points_errors(item: Item, points: Decimal | None) -> list[str]:
    if points is None:
        return []
    if item.is_reviewer_only:
        return [_("nội dung này do đơn vị thẩm định chấm; đơn vị không tự chấm.")]
    if points < 0:
        return [_("điểm không được âm.")]
    if points > item.max_points:
        return [
            _("điểm %(points)s vượt điểm tối đa %(max)s.")
            % {"points": wording.points(points), "max": wording.points(item.max_points)}
        ]
    if points % STEP:
        return [_("điểm chấm theo bước 0,25 (ví dụ 2,25 hoặc 2,5).")]
    return []


def needs_explanation(points: Decimal | None, evidence_accepted: bool) -> bool:
    """Points claimed without accepted evidence must be explained (giải trình)."""
    return bool(points) and not evidence_accepted


def self_row_errors(
    item: Item, points: Decimal | None, explanation: str, *, accepted: bool
) -> list[str]:
    """What is wrong with one row of the self-score: the points, then a missing explanation.
    The form's `clean()` and `self_score_save` both ask this, so they agree."""
    problems = self_points_errors(item, points)
    if not problems and needs_explanation(points, accepted) and not explanation.strip():
        problems.append(_("cần giải trình khi chấm điểm mà minh chứng chưa được duyệt “Đạt”."))
    return problems


def row_error(item: Item, problem: str) -> ValidationError:
    """ "Nội dung 1.2: …", keeping the item and the bare problem (`params`) so a page can put
    the problem beside the item's row in any language."""
    return ValidationError(
        _("Nội dung %(code)s: %(problem)s"),
        code="row",
        params={"code": item.code, "problem": problem},
    )


@dataclass
class SelfRow:
    item_score_id: int
    points: Decimal | None
    explanation: str
    version: int


def _lock(scorecard: Scorecard) -> Scorecard:
    return (
        Scorecard.objects.select_for_update()
        .select_related("round__unit", "round__framework")
        .get(pk=scorecard.pk)
    )


def self_score_save(*, scorecard: Scorecard, user, rows: list[SelfRow], accepted: set[int]) -> int:
    """Save the self points of the rows that changed; all or nothing.

    `accepted` holds the item ids whose evidence the compiler accepted. Raises ValidationError
    (keyed by item code when rows are wrong, each message naming the item), Conflict (a changed row was edited meanwhile by someone else)
    or PermissionDenied. Returns the number of items changed.
    """
    if not may_self_score(user, scorecard):
        raise PermissionDenied
    with transaction.atomic():
        scorecard = _lock(scorecard)
        if scorecard.status != Status.DRAFTING:
            raise ValidationError(
                _("Phiếu đang ở trạng thái “%(status)s”: điểm tự chấm đã khóa.")
                % {"status": scorecard.get_status_display()}
            )
        current = {
            s.pk: s
            for s in scorecard.items.select_for_update(of=("self",))
            .select_related("item__criterion")
            .filter(pk__in=[r.item_score_id for r in rows])
        }
        errors: dict[str, list[ValidationError]] = {}
        conflicts, changed = [], []
        for row in rows:
            score = current.get(row.item_score_id)
            if score is None:
                raise ValidationError(_("Nội dung không thuộc phiếu chấm này."))
            explanation = (row.explanation or "").strip()
            if score.self_points == row.points and score.explanation == explanation:
                continue
            if row.version != score.version:
                conflicts.append(score)
                continue
            problems = self_row_errors(
                score.item, row.points, explanation, accepted=score.item_id in accepted
            )
            if problems:
                errors[score.item.code] = [row_error(score.item, p) for p in problems]
            score.self_points, score.explanation = row.points, explanation
            changed.append(score)
        if conflicts:
            raise score_conflict(conflicts)
        if errors:
            raise ValidationError(errors)
        if changed:
            now = timezone.now()
            for score in changed:
                score.self_updated_by = user
                score.version += 1  # the row is locked: the same as F("version") + 1
                score.updated_at = now
            bulk_update_with_history(
                changed,
                ItemScore,
                ["self_points", "explanation", "self_updated_by", "version", "updated_at"],
                default_user=user,
            )
            store_totals(scorecard)
        return len(changed)


def submit_problems(scorecard: Scorecard, scores: list[ItemScore], accepted: set[int]) -> list[str]:
    """What stops the leader from submitting: items not scored, points without explanation."""
    problems = []
    for score in scores:
        item = score.item
        if item.is_reviewer_only:
            continue
        if score.self_points is None and not item.is_bonus:
            problems.append(_("Nội dung %(code)s chưa được chấm điểm.") % {"code": item.code})
        elif needs_explanation(score.self_points, item.pk in accepted) and not score.explanation:
            problems.append(
                _("Nội dung %(code)s: cần giải trình khi chấm điểm mà minh chứng chưa “Đạt”.")
                % {"code": item.code}
            )
    return problems


# --- the workflow ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    code: str
    label: object  # a lazy translation
    sources: tuple[str, ...]
    target: str
    who: str  # "leader", "unit" (compiler or leader), "reviewer"
    needs_reason: bool = False


ACTIONS = {
    a.code: a
    for a in [
        Action(
            "submit",
            gettext_lazy("Nộp kết quả tự chấm"),
            (Status.DRAFTING,),
            Status.SUBMITTED,
            "leader",
        ),
        Action(
            "withdraw",
            gettext_lazy("Rút lại để sửa"),
            (Status.SUBMITTED,),
            Status.DRAFTING,
            "unit",
            True,
        ),
        Action(
            "start_review",
            gettext_lazy("Bắt đầu thẩm định"),
            (Status.SUBMITTED,),
            Status.IN_REVIEW,
            "reviewer",
        ),
        Action(
            "return",
            gettext_lazy("Trả lại đơn vị để sửa"),
            (Status.SUBMITTED, Status.IN_REVIEW),
            Status.DRAFTING,
            "reviewer",
            True,
        ),
        Action(
            "finish_review",
            gettext_lazy("Hoàn thành thẩm định"),
            (Status.IN_REVIEW,),
            Status.REVIEWED,
            "reviewer",
        ),
        Action(
            "reopen_review",
            gettext_lazy("Mở lại thẩm định"),
            (Status.REVIEWED,),
            Status.IN_REVIEW,
            "reviewer",
        ),
        Action(
            "publish",
            gettext_lazy("Công bố kết quả"),
            (Status.REVIEWED,),
            Status.PUBLISHED,
            "reviewer",
        ),
    ]
}


def available_actions(user, scorecard: Scorecard) -> list[Action]:
    return [
        a for a in ACTIONS.values() if scorecard.status in a.sources and may_act(user, scorecard, a)
    ]


def accepted_items(scorecard: Scorecard) -> set[int]:
    """Item ids whose evidence the compiler accepted ("Đạt")."""
    from evidence.models import ItemStatus
    from evidence.selectors import item_statuses

    assignments = dict(scorecard.round.assignments.values_list("pk", "item_id"))
    statuses = item_statuses(list(assignments))
    return {assignments[pk] for pk, s in statuses.items() if s == ItemStatus.ACCEPTED}


def transition(*, scorecard: Scorecard, user, action: str, note: str = "") -> Scorecard:
    """Move the scorecard; refused moves raise ValidationError or PermissionDenied."""
    step = ACTIONS[action]
    note = (note or "").strip()
    with transaction.atomic():
        scorecard = _lock(scorecard)
        if not may_act(user, scorecard, step):
            raise PermissionDenied
        if scorecard.status not in step.sources:
            raise ValidationError(
                _("Không thể “%(action)s”: phiếu đang ở trạng thái “%(status)s”.")
                % {"action": step.label, "status": scorecard.get_status_display()}
            )
        if step.needs_reason and not note:
            raise ValidationError(_("Cần ghi lý do."))
        scores = item_scores(scorecard)
        if action == "submit":
            problems = submit_problems(scorecard, scores, accepted_items(scorecard))
            if problems:
                raise ValidationError(problems)
        if action == "start_review":
            _start_review(scores, user)
        if action == "finish_review":
            missing = [
                s.item.code for s in scores if s.item.is_reviewer_only and s.awarded_points is None
            ]
            if missing:
                raise ValidationError(
                    _("Chưa chấm các nội dung do đơn vị thẩm định chấm: %(codes)s.")
                    % {"codes": ", ".join(missing)}
                )
        source = scorecard.status
        scorecard.status = step.target
        now = timezone.now()
        if action == "submit":
            scorecard.submitted_at = now
        if action == "publish":
            scorecard.published_at = now
        if step.target == Status.DRAFTING:
            scorecard.submitted_at = None
        scorecard.version += 1
        scorecard._history_user = user
        scorecard.save(update_fields=["status", "submitted_at", "published_at", "version"])
        store_totals(scorecard, scores)
        Transition.objects.create(
            scorecard=scorecard,
            action=action,
            from_status=source,
            to_status=step.target,
            user=user,
            note=note,
            self_total=scorecard.self_total,
            review_total=scorecard.review_total,
        )
        return scorecard


def _start_review(scores: list[ItemScore], user) -> None:
    """Review points start from the unit's points less any deductions already recorded."""
    for score in scores:
        base = score.review_base
        deducted = sum((d.points for d in score.deductions.all()), ZERO)
        score.review_points = None if base is None and not deducted else (base or ZERO) - deducted
    bulk_update_with_history(scores, ItemScore, ["review_points"], default_user=user)


# --- review ------------------------------------------------------------------------------


def _require_review(user, scorecard: Scorecard) -> None:
    if not may_review(user, scorecard):
        raise PermissionDenied
    if scorecard.status != Status.IN_REVIEW:
        raise ValidationError(
            _(
                "Chỉ chấm thẩm định khi phiếu đang ở trạng thái “Đang thẩm định” (hiện: “%(status)s”)."
            )
            % {"status": scorecard.get_status_display()}
        )


def review_save(
    *,
    item_score: ItemScore,
    user,
    deductions: list[tuple[Decimal, str]],
    awarded_points: Decimal | None,
    version: int,
) -> ItemScore:
    """Replace the item's deduction lines (and the reviewer's own points on a reviewer-only
    item); the review points become the base less the deductions."""
    with transaction.atomic():
        scorecard = _lock(item_score.scorecard)
        _require_review(user, scorecard)
        score = (
            ItemScore.objects.select_for_update(of=("self",))
            .select_related("item__criterion")
            .get(pk=item_score.pk)
        )
        if score.version != version:
            raise score_conflict([score])
        item = score.item
        errors = []
        if item.is_reviewer_only:
            if awarded_points is None:
                errors.append(_("Cần nhập điểm thẩm định cho nội dung này."))
            elif awarded_points < 0 or awarded_points > item.max_points:
                errors.append(
                    _("Điểm thẩm định phải từ 0 đến %(max)s.")
                    % {"max": wording.points(item.max_points)}
                )
            base = awarded_points or ZERO
        else:
            base = score.self_points or ZERO
        total = ZERO
        for n, (points, reason) in enumerate(deductions, start=1):
            if points is None or points <= 0:
                errors.append(_("Dòng trừ điểm %(n)s: số điểm bị trừ phải lớn hơn 0.") % {"n": n})
                continue
            if points % STEP:
                errors.append(
                    _("Dòng trừ điểm %(n)s: điểm trừ theo bước 0,25 (ví dụ 0,5 hoặc 1,25).")
                    % {"n": n}
                )
                continue
            if not (reason or "").strip():
                errors.append(_("Dòng trừ điểm %(n)s: cần ghi lý do bị trừ điểm.") % {"n": n})
            total += points
        limit = base + item.max_penalty_points
        if not errors and total > limit:
            errors.append(
                _("Tổng điểm bị trừ %(total)s vượt quá %(limit)s (điểm của nội dung %(extra)s).")
                % {
                    "total": wording.points(total),
                    "limit": wording.points(limit),
                    "extra": wording.points(base)
                    + (
                        _(" cộng %(p)s điểm trừ thêm")
                        % {"p": wording.points(item.max_penalty_points)}
                        if item.max_penalty_points
                        else ""
                    ),
                }
            )
        if errors:
            raise ValidationError(errors)
        _deductions_replace(score, deductions, user)
        score.awarded_points = awarded_points if item.is_reviewer_only else None
        score.review_points = base - total
        score.review_updated_by = user
        score.version += 1
        score._history_user = user
        score.save()
        store_totals(scorecard)
        return score


def review_notes_save(
    *,
    scorecard: Scorecard,
    user,
    notes: dict[int, str],
    ineligible: bool,
    reason: str,
    version: int | None,
) -> Scorecard:
    """The criterion notes and the ruling of one form, both or neither.

    `version` is the card's version when the page was opened: if another reviewer saved notes
    or a ruling since (or the card moved), a Conflict is raised and nothing is saved, so a
    stale page never resets a newer ruling. The card is locked while checking, so of parallel
    saves from the same page exactly one goes through. None skips the check (no page)."""
    with transaction.atomic():
        current = _lock(scorecard)
        _require_review(user, current)
        if version is not None and current.version != version:
            raise notes_conflict(current)
        criterion_notes_save(scorecard=current, user=user, notes=notes)
        return ineligible_save(scorecard=current, user=user, ineligible=ineligible, reason=reason)


def _deductions_replace(score: ItemScore, lines: list[tuple[Decimal, str]], user) -> None:
    """Line n of the form replaces line n of the item: a line changed or removed keeps its
    earlier value in the history ("~" and "-" rows naming `user`); unchanged lines are left."""
    old = list(score.deductions.all())
    new = [
        Deduction(item_score=score, points=p, reason=r.strip(), position=n)
        for n, (p, r) in enumerate(lines)
    ]
    changed = []
    for line, wanted in zip(old, new, strict=False):
        if (line.points, line.reason, line.position) != (
            wanted.points,
            wanted.reason,
            wanted.position,
        ):
            line.points, line.reason, line.position = wanted.points, wanted.reason, wanted.position
            changed.append(line)
    if changed:
        bulk_update_with_history(
            changed, Deduction, ["points", "reason", "position"], default_user=user
        )
    delete_with_history(old[len(new) :], user=user)
    if len(new) > len(old):
        bulk_create_with_history(new[len(old) :], Deduction, default_user=user)


def criterion_notes_save(*, scorecard: Scorecard, user, notes: dict[int, str]) -> None:
    with transaction.atomic():
        scorecard = _lock(scorecard)
        _require_review(user, scorecard)
        changed = False
        for result in scorecard.criteria.filter(criterion_id__in=notes):
            text = notes[result.criterion_id].strip()
            if result.review_note != text:
                result.review_note = text
                result._history_user = user
                result.save(update_fields=["review_note"])
                changed = True
        if changed:  # a page opened before this note no longer matches the card's version
            Scorecard.objects.filter(pk=scorecard.pk).update(
                version=scorecard.version + 1, updated_at=timezone.now()
            )


def ineligible_save(*, scorecard: Scorecard, user, ineligible: bool, reason: str) -> Scorecard:
    reason = (reason or "").strip()
    with transaction.atomic():
        scorecard = _lock(scorecard)
        _require_review(user, scorecard)
        if ineligible and not reason:
            raise ValidationError(_("Cần ghi lý do không đủ điều kiện xếp loại."))
        scorecard.ineligible = ineligible
        scorecard.ineligible_reason = reason if ineligible else ""
        scorecard.version += 1
        scorecard._history_user = user
        scorecard.save(update_fields=["ineligible", "ineligible_reason", "version"])
        store_totals(scorecard)
        return scorecard


def deductions_by_criterion(scores: list[ItemScore]) -> dict[int, list[ItemScore]]:
    found: dict[int, list[ItemScore]] = defaultdict(list)
    for score in scores:
        if score.deductions.all():
            found[score.item.criterion.number].append(score)
    return dict(found)


# --- the remediation plan ----------------------------------------------------------------


def plan_conflict(plan: RemediationPlan) -> Conflict:
    """The plan was saved by someone else since the page was opened; `current` is the plan."""
    who = plan.updated_by.get_full_name() if plan.updated_by else _("người khác")
    return Conflict(
        plan,
        _(
            "Kế hoạch vừa được %(who)s lưu lúc %(when)s. Nội dung mới nhất được hiển thị; "
            "bản bạn vừa nhập chưa được lưu, xem lại rồi lưu."
        )
        % {"who": who, "when": f"{timezone.localtime(plan.updated_at):%H:%M %d/%m/%Y}"},
    )


def _keep(text: str, suggestion: str) -> str:
    """What to store: nothing when the text is the suggestion (it then follows the data)."""
    text = (text or "").replace("\r\n", "\n").strip()
    return "" if text == suggestion.strip() else text


def plan_save(
    *,
    draft: PlanDraft,
    user,
    version: int,
    texts: dict[str, str],
    items: dict[int, tuple[str, str]],
) -> RemediationPlan:
    """Store the plan's free texts and the responsibility/remedy of the given items.

    `texts` holds any of PLAN_FIELDS; `items` maps an item id of a deducted item to
    (responsibility, remedy). Items not given stay as they are. Raises PermissionDenied or
    Conflict (someone saved since `version` was read).
    """
    scorecard = draft.scorecard
    if not may_edit_plan(user, scorecard):
        raise PermissionDenied
    by_item = {d.item.pk: d for d in draft.deducted}
    with transaction.atomic():
        plan = (
            RemediationPlan.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(scorecard=scorecard)
            .first()
        )
        current = plan.version if plan else 0
        if current != version:
            raise plan_conflict(plan)
        if plan is None:
            plan = RemediationPlan(scorecard=scorecard, version=0)
        for name in PLAN_FIELDS:
            if name in texts:
                setattr(plan, name, _keep(texts[name], draft.suggestions[name]))
        plan.updated_by = user
        plan.version += 1
        plan.full_clean()
        plan.save()
        existing = {i.item_id: i for i in plan.items.select_for_update()}
        for item_id, (responsibility, remedy) in items.items():
            entry = by_item.get(item_id)
            if entry is None:
                continue  # not a deducted item of this scorecard
            row = existing.get(item_id) or RemediationItem(plan=plan, item_id=item_id)
            row.responsibility = _keep(responsibility, entry.suggested_responsibility)
            row.remedy = _keep(remedy, entry.suggested_remedy)
            if row.pk or row.responsibility or row.remedy:
                row.full_clean()
                row.save()
        return plan
