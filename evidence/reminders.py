"""The daily digest: items due within 7 days, due tomorrow, overdue — per officer and per unit."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from criteria.models import AssessmentRound, Assignment
from dvcq.org.models import Role, User

from .notifications import Line, Message, deliver


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

    def lines(self) -> list[Line]:
        """The digest as lines: a heading per group, then one line per item with its link."""
        lines = []
        for title, items in (
            (_("Quá hạn"), self.overdue),
            (_("Đến hạn hôm nay hoặc ngày mai"), self.tomorrow),
            (_("Đến hạn trong 7 ngày"), self.week),
        ):
            if items:
                lines.append(Line(f"{title}:"))
                lines += [
                    Line(
                        f"- {_('Nội dung')} {a.item.code} ({_('hạn')} {a.deadline:%d/%m/%Y}): "
                        f"{Truncator(a.item.text).words(20)}",
                        reverse("evidence:item", args=[a.pk]),
                    )
                    for a in items
                ]
        return lines

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())


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
            message = Message(
                "officer", _("Việc cần nộp minh chứng"), digest.lines(), reverse("home")
            )
            sent += deliver(officer, message, day=today)
    round_of_unit = {r.unit_id: r for r in rounds}
    compilers = User.objects.filter(
        is_active=True, role_grants__role=Role.COMPILER, unit__isnull=False
    ).distinct()
    for compiler in compilers:
        digest = by_unit.get(compiler.unit_id)
        if digest:
            url = reverse("evidence:overview", args=[round_of_unit[compiler.unit_id].pk])
            message = Message(
                "unit", _("Tình hình minh chứng của đơn vị"), digest.lines(), url + "?overdue=1"
            )
            sent += deliver(compiler, message, day=today)
    return sent
