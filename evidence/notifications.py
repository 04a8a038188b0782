"""Notifications: in the app (the bell's list) and, for whoever did not turn it off, by e-mail.

`deliver` is the one way anything tells a person something: the daily digest of reminders.py,
an evidence verdict, a scorecard returned or published, a DVK appraisal's result. Each message
is one Notification row per person, kind and day (`replace` updates the day's row instead of
skipping it) and, when the person has an address and `email_notifications`, one e-mail in plain
text and HTML whose links start with SITE_URL.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.org.models import Role, User

from .models import ItemReview, Notification, ReviewStatus


@dataclass
class Line:
    """One line of a message: its text and, if any, the page it is about."""

    text: str
    url: str = ""


@dataclass
class Message:
    kind: str
    title: str
    lines: list[Line] = field(default_factory=list)
    url: str = ""  # the page the notification opens

    @property
    def body(self) -> str:
        return "\n".join(line.text for line in self.lines)


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def deliver(user: User, message: Message, *, day: date | None = None, replace: bool = False) -> int:
    """Notify `user` in the app and by e-mail; returns 1, or 0 when today's notification of
    this kind already exists and `replace` is False (running a daily job twice sends nothing)."""
    day = day or timezone.localdate()
    if replace:
        Notification.objects.update_or_create(
            user=user,
            day=day,
            kind=message.kind[:30],
            defaults={
                "title": message.title[:200],
                "body": message.body,
                "url": message.url,
                "read_at": None,
            },
        )
    else:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user,
                    day=day,
                    kind=message.kind[:30],
                    title=message.title[:200],
                    body=message.body,
                    url=message.url,
                )
        except IntegrityError:
            return 0
    if user.email and user.email_notifications:
        send_email(user, message)
    return 1


def send_email(user: User, message: Message) -> None:
    context = {
        "user": user,
        "message": message,
        "lines": [
            Line(line.text, absolute(line.url) if line.url else "") for line in message.lines
        ],
        "link": absolute(message.url) if message.url else "",
        "profile": absolute(reverse("profile")),
    }
    email = EmailMultiAlternatives(
        subject=f"[DVCQ] {message.title}",
        body=render_to_string("emails/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    email.attach_alternative(render_to_string("emails/notification.html", context), "text/html")
    email.send(fail_silently=False)


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
    """Tell the item's officers the compiler's verdict at once.

    One notification per officer, item and day: a verdict changed the same day replaces the
    earlier one (and is unread again) instead of piling up. Returns how many officers heard."""
    assignment = review.assignment
    code = assignment.item.code
    who = str(review.reviewed_by)
    if review.status == ReviewStatus.NEEDS_MORE:
        title = _("Nội dung %(code)s: minh chứng cần bổ sung") % {"code": code}
        text = _("%(who)s đề nghị bổ sung minh chứng: %(comment)s") % {
            "who": who,
            "comment": review.comment,
        }
    else:
        title = _("Nội dung %(code)s: minh chứng đạt") % {"code": code}
        text = _("%(who)s đã xem xét và đánh giá minh chứng đạt.") % {"who": who}
    url = reverse("evidence:item", args=[assignment.pk])
    message = Message(f"verdict-{assignment.pk}", title, [Line(text, url)], url)
    officers = item_officers(assignment)
    for officer in officers:
        deliver(officer, message, replace=True)
    return len(officers)
