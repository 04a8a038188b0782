"""The daily digest: items due within 7 days, due tomorrow, overdue — per officer and per unit."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from criteria.models import AssessmentRound, Assignment
from dvcq.org.models import Role, User

from .models import Notification


@dataclass
class Digest:
    overdue: list[Assignment] = field(default_factory=list)
    tomorrow: list[Assignment] = field(default_factory=list)  # due today or tomorrow
    week: list[Assignment] = field(default_factory=list)  # due within 2 to 7 days

    def __bool__(self) -> bool:
        return bool(self.overdue or self.tomorrow or self.week)

    def add(self, assignment: Assignment, today: date) -> None:
        if assignment.deadline < today:
            self.overdue.append(assignment)
        elif assignment.deadline <= today + timedelta(days=1):
            self.tomorrow.append(assignment)
        elif assignment.deadline <= today + timedelta(days=7):
            self.week.append(assignment)

    def text(self) -> str:
        parts = []
        for title, items in (
            (_("Quá hạn"), self.overdue),
            (_("Đến hạn hôm nay hoặc ngày mai"), self.tomorrow),
            (_("Đến hạn trong 7 ngày"), self.week),
        ):
            if items:
                parts.append(f"{title}:")
                parts += [
                    f"- {_('Nội dung')} {a.item.code} ({_('hạn')} {a.deadline:%d/%m/%Y}): "
                    f"{Truncator(a.item.text).words(20)}"
                    for a in items
                ]
        return "\n".join(parts)


def _current_rounds() -> list[AssessmentRound]:
    latest = {}
    for assessment_round in AssessmentRound.objects.select_related("framework", "unit"):
        known = latest.get(assessment_round.unit_id)
        if known is None or known.year < assessment_round.year:
            latest[assessment_round.unit_id] = assessment_round
    return list(latest.values())


def send_reminders(today: date) -> int:
    """Send today's digests; returns how many were sent. A second run the same day sends none."""
    rounds = _current_rounds()
    assignments = list(
        Assignment.objects.filter(
            round__in=rounds, deadline__isnull=False, deadline__lte=today + timedelta(days=7)
        )
        .with_evidence_state(today)
        .select_related("item__criterion", "round__unit")
        .prefetch_related("lead_positions", "cooperating_positions")
    )
    open_items = [a for a in assignments if a.is_owed]
    by_position: dict[int, list[Assignment]] = defaultdict(list)
    by_unit: dict[int, Digest] = defaultdict(Digest)
    for assignment in open_items:
        for position in [*assignment.lead_positions.all(), *assignment.cooperating_positions.all()]:
            by_position[position.pk].append(assignment)
        by_unit[assignment.round.unit_id].add(assignment, today)
    sent = 0
    officers = (
        User.objects.filter(is_active=True, role_grants__role=Role.OFFICER)
        .prefetch_related("positions")
        .distinct()
    )
    for officer in officers:
        digest, seen = Digest(), set()
        for position in officer.positions.all():
            for assignment in by_position.get(position.pk, []):
                if assignment.pk not in seen:
                    seen.add(assignment.pk)
                    digest.add(assignment, today)
        if digest:
            sent += _deliver(
                officer,
                today,
                "officer",
                _("Việc cần nộp minh chứng"),
                digest.text(),
                reverse("home"),
            )
    round_of_unit = {r.unit_id: r for r in rounds}
    compilers = User.objects.filter(
        is_active=True, role_grants__role=Role.COMPILER, unit__isnull=False
    ).distinct()
    for compiler in compilers:
        digest = by_unit.get(compiler.unit_id)
        if digest:
            sent += _deliver(
                compiler,
                today,
                "unit",
                _("Tình hình minh chứng của đơn vị"),
                digest.text(),
                reverse("evidence:overview", args=[round_of_unit[compiler.unit_id].pk])
                + "?overdue=1",
            )
    return sent


def _deliver(user: User, today: date, kind: str, title: str, body: str, url: str) -> int:
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user, day=today, kind=kind, title=title, body=body, url=url
            )
    except IntegrityError:
        return 0  # already sent today
    if user.email:
        send_mail(
            f"[DVCQ] {title}", body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False
        )
    return 1
