"""The plan's prose sections, as the Party staff words them (see models_dvk.plan_sections)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dvcq.locking import Conflict, fingerprint

from ..models import PlanSection
from ..permissions import may_edit_plan


def _keep(text: str, suggestion: str) -> str:
    """What to store: nothing when the text is the suggestion (it then follows the data)."""
    text = (text or "").replace("\r\n", "\n").strip()
    return "" if text == suggestion.strip() else text


def plan_sections_save(*, draft, user, sent: str | None, texts: dict[str, str]) -> list[str]:
    """Store the given sections' texts; returns the keys that changed.

    `sent` is the draft's fingerprint as the page read it: a section saved by someone else
    since raises Conflict, and nothing is written (all or nothing). A text equal to its
    suggestion is stored empty; a section that never had a row and is left as suggested gets
    none. Every change is a new version in the section's history, with `user` as its author.
    """
    campaign = draft.campaign
    if not may_edit_plan(user, campaign):
        raise PermissionDenied
    with transaction.atomic():
        rows = {
            s.key: s
            for s in PlanSection.objects.select_for_update()
            .filter(campaign=campaign)
            .order_by("pk")
        }
        now = fingerprint(sorted((k, s.version) for k, s in rows.items() if k in draft.suggestions))
        if sent is not None and sent != now:
            raise Conflict(
                rows,
                _(
                    "Kế hoạch vừa được người khác lưu. Nội dung mới nhất được hiển thị; bản bạn "
                    "vừa nhập chưa được lưu, xem lại rồi lưu."
                ),
            )
        changed = []
        for key, text in texts.items():
            if key not in draft.suggestions:
                continue
            value = _keep(text, draft.suggestions[key])
            row = rows.get(key)
            if row is None:
                if not value:
                    continue
                row = PlanSection(campaign=campaign, key=key, version=0)
            elif row.text == value:
                continue
            row.text = value
            row.updated_by = user
            row.version += 1
            row._history_user = user
            row.full_clean()
            row.save()
            changed.append(key)
        return changed
