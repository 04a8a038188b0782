"""Self-scoring: points and explanations checked row by row, saved all or nothing; what blocks a submission."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from criteria.models import Item
from dvcq import wording

from ..models import (
    STEP,
    ItemScore,
    Scorecard,
    Status,
)
from ..permissions import may_self_score
from .scorecard import lock_scorecard, score_conflict, store_totals

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


def self_score_save(*, scorecard: Scorecard, user, rows: list[SelfRow], accepted: set[int]) -> int:
    """Save the self points of the rows that changed; all or nothing.

    `accepted` holds the item ids whose evidence the compiler accepted. Raises ValidationError
    (keyed by item code when rows are wrong, each message naming the item), Conflict (a changed row was edited meanwhile by someone else)
    or PermissionDenied. Returns the number of items changed.
    """
    if not may_self_score(user, scorecard):
        raise PermissionDenied
    with transaction.atomic():
        scorecard = lock_scorecard(scorecard)
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
