"""Reads of the criteria app that the pages share, and "Việc của tôi": the items an officer's
positions answer for."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.documents.registry import Finality, SourceWarning
from dvcq.history import Change, Source, changes

from .models import AssessmentRound, Assignment, GridWarning


def grid_changes(assessment_round: AssessmentRound) -> list[Change]:
    """Every recorded change of the round's assignment grid, newest first, in one query:
    grid edits, annex imports (their reason names the file) and the rows the round opened with."""
    return changes(
        [
            Source(
                rows=Assignment.history.filter(round_id=assessment_round.pk).select_related(
                    "history_user", "item__criterion"
                ),
                fields=["lead_names", "cooperating_names", "assignee_note", "action", "deadline"],
                subject=lambda row: _("Nội dung %(code)s") % {"code": row.item.code},
                unrecorded_when_none=frozenset({"lead_names", "cooperating_names"}),
            )
        ]
    )


@dataclass
class Task:
    assignment: Assignment
    is_lead: bool
    days_left: int | None
    evidence_status: object = None  # filled by the evidence app where it is shown
    review_comment: str = ""

    @property
    def overdue(self) -> bool:
        """Past the deadline with evidence still owed (`Assignment.objects.with_evidence_state`)."""
        return self.assignment.is_overdue

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def filed(self) -> bool:
        """Evidence is in and nothing more is asked: the deadline no longer counts down."""
        return not self.assignment.is_owed


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
    """The items of the user's positions (lead or cooperating), soonest deadline first, each
    with its evidence state; one query and one for the lead positions."""
    position_ids = user.position_ids
    if not position_ids:
        return []
    assignments = (
        Assignment.objects.filter(round=assessment_round)
        .filter(Q(lead_positions__in=position_ids) | Q(cooperating_positions__in=position_ids))
        .distinct()
        .with_evidence_state(today)
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


def round_warnings(
    assessment_round: AssessmentRound, assignments: list[Assignment] | None = None
) -> list[SourceWarning]:
    """The open warnings of the round's grid, one per problem, each linked to its row of the
    grid where it is fixed. The grid's own rule (`Assignment.warnings`): no assignee, no
    deadline, a deadline outside the round's year, a date in the action text that differs.

    Two queries, none when `assignments` (with items and lead positions loaded) are given."""
    return [found for _kind, found in _round_warnings(assessment_round, assignments)]


def _round_warnings(
    assessment_round: AssessmentRound, assignments: list[Assignment] | None
) -> list[tuple[GridWarning, SourceWarning]]:
    if assignments is None:
        assignments = list(
            assessment_round.assignments.select_related("item__criterion")
            .prefetch_related("lead_positions")
            .order_by("item__criterion__number", "item__number")
        )
    grid = reverse("criteria:round_grid", args=[assessment_round.pk])
    year = assessment_round.year
    found = []
    for assignment in assignments:
        item = assignment.item
        lead_ids = [p.pk for p in assignment.lead_positions.all()]
        for warning in assignment.warnings(year, lead_ids=lead_ids):
            problem = str(warning.label)
            if warning == GridWarning.DEADLINE_OUTSIDE_YEAR:
                problem += f" ({wording.day(assignment.deadline)})"
            where = _("Nội dung %(code)s") % {"code": item.code}
            url = f"{grid}#nd-{item.criterion.number}-{item.number}"
            found.append((warning, SourceWarning(where=where, problem=problem, url=url)))
    return found


def round_finality(
    assessment_round: AssessmentRound, assignments: list[Assignment] | None = None
) -> Finality:
    """A document that prints the round's grid (its annex, the plan's tasks) is a draft while
    the grid has open warnings (see `round_warnings`, same queries)."""
    found = _round_warnings(assessment_round, assignments)
    if not found:
        return Finality()
    warnings = [w for _kind, w in found]
    kinds = list(dict.fromkeys(str(kind.label).lower() for kind, _w in found))
    reason = _("Bảng phân công năm %(year)s còn %(n)s nội dung cần xem lại: %(kinds)s.") % {
        "year": assessment_round.year,
        "n": len({w.url for w in warnings}),
        "kinds": "; ".join(kinds),
    }
    return Finality(reasons=[reason], warnings=warnings)
