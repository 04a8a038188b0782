"""Notifications sent when something happens (the daily digest is in reminders.py)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.org.models import Role, User

from .models import ItemReview, Notification, ReviewStatus


def item_officers(assignment) -> list[User]:
    """The active officers holding a lead or cooperating position of the item, in its unit."""
    positions = Q(positions__in=assignment.lead_positions.all()) | Q(
        positions__in=assignment.cooperating_positions.all()
    )
    return list(
        User.objects.filter(
            positions,
            is_active=True,
            unit_id=assignment.round.unit_id,
            role_grants__role=Role.OFFICER,
        ).distinct()
    )


def notify_verdict(review: ItemReview) -> int:
    """Tell the item's officers the compiler's verdict at once, in the app.

    One notification per officer, item and day: a verdict changed the same day replaces the
    earlier one (and is unread again) instead of piling up. Returns how many officers heard."""
    assignment = review.assignment
    code = assignment.item.code
    who = str(review.reviewed_by)
    if review.status == ReviewStatus.NEEDS_MORE:
        title = _("Nội dung %(code)s: minh chứng cần bổ sung") % {"code": code}
        body = _("%(who)s đề nghị bổ sung minh chứng: %(comment)s") % {
            "who": who,
            "comment": review.comment,
        }
    else:
        title = _("Nội dung %(code)s: minh chứng đạt") % {"code": code}
        body = _("%(who)s đã xem xét và đánh giá minh chứng đạt.") % {"who": who}
    url = reverse("evidence:item", args=[assignment.pk])
    officers = item_officers(assignment)
    for officer in officers:
        Notification.objects.update_or_create(
            user=officer,
            day=timezone.localdate(),
            kind=f"verdict-{assignment.pk}",
            defaults={"title": title[:200], "body": body, "url": url, "read_at": None},
        )
    return len(officers)
