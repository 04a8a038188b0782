"""The review (thẩm định) of a scorecard: deductions with reasons, notes, ineligibility."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dvcq import wording
from dvcq.history import delete_with_history

from ..models import (
    STEP,
    Deduction,
    ItemScore,
    Scorecard,
    Status,
)
from ..permissions import may_review
from .scorecard import ZERO, lock_scorecard, notes_conflict, score_conflict, store_totals

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
        scorecard = lock_scorecard(item_score.scorecard)
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
        current = lock_scorecard(scorecard)
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
        scorecard = lock_scorecard(scorecard)
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
        scorecard = lock_scorecard(scorecard)
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
