"""The workflow of a scorecard: the actions each state offers and who may take them."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from ..models import (
    ItemScore,
    Scorecard,
    Status,
    Transition,
)
from ..notifications import notify_transition
from ..permissions import may_act
from ..selectors import item_scores
from .scorecard import lock_scorecard, store_totals
from .selfscore import submit_problems

ZERO = Decimal("0")

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
        scorecard = lock_scorecard(scorecard)
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
        notify_transition(scorecard, action=action, user=user, note=note)
        return scorecard


def _start_review(scores: list[ItemScore], user) -> None:
    """Review points start from the unit's points less any deductions already recorded."""
    for score in scores:
        base = score.review_base
        deducted = sum((d.points for d in score.deductions.all()), ZERO)
        score.review_points = None if base is None and not deducted else (base or ZERO) - deducted
    bulk_update_with_history(scores, ItemScore, ["review_points"], default_user=user)
