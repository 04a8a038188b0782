"""The remediation plan drawn from the review: the texts the compiler words."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.locking import Conflict

from ..models import (
    RemediationItem,
    RemediationPlan,
)
from ..permissions import may_edit_plan
from ..selectors import PLAN_FIELDS, PlanDraft

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
