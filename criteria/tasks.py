"""Reads for "Việc của tôi": the items an officer's positions answer for."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import AssessmentRound, Assignment


@dataclass
class Task:
    assignment: Assignment
    is_lead: bool
    days_left: int | None
    evidence_status: object = None  # filled by the evidence app where it is shown
    review_comment: str = ""

    @property
    def overdue(self) -> bool:
        """Past the deadline with evidence still owed (filed or accepted items are not late)."""
        settled = str(self.evidence_status) in ("submitted", "accepted")
        return self.days_left is not None and self.days_left < 0 and not settled

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


def current_round(unit_id: int | None) -> AssessmentRound | None:
    """The unit's round of the latest framework year."""
    if unit_id is None:
        return None
    return (
        AssessmentRound.objects.filter(unit=unit_id)
        .select_related("framework", "unit")
        .order_by("-framework__year")
        .first()
    )


def tasks_for_user(user, assessment_round: AssessmentRound, today: date) -> list[Task]:
    position_ids = set(user.positions.values_list("pk", flat=True))
    if not position_ids:
        return []
    assignments = (
        Assignment.objects.filter(round=assessment_round)
        .filter(Q(lead_positions__in=position_ids) | Q(cooperating_positions__in=position_ids))
        .distinct()
        .select_related("item__criterion")
        .prefetch_related("lead_positions")
        .order_by("deadline", "item__criterion__number", "item__number")
    )
    return [
        Task(
            assignment=a,
            is_lead=any(p.pk in position_ids for p in a.lead_positions.all()),
            days_left=(a.deadline - today).days if a.deadline else None,
        )
        for a in assignments
    ]
