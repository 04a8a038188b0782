"""Who may read and change evidence: the only place that decides it.

Reading follows the rounds a user may see (`AssessmentRound.objects.for_user`): the
`get_<object>_for_user` helpers answer 404 outside them. Filing is for the officers of an item's
positions and the unit's compiler; reviewing, linking and restoring for the compiler.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from criteria.models import AssessmentRound, Assignment
from dvcq.org.models import Role

from .models import EvidenceFile, EvidenceRecord


def may_file_for(user, assignment: Assignment) -> bool:
    """Officers file for the items of their positions; the unit's compiler for any item."""
    if user.is_superuser:
        return True
    if user.unit_id != assignment.round.unit_id:
        return False
    if user.has_role(Role.COMPILER):
        return True
    if not user.has_role(Role.OFFICER):
        return False
    assigned = {p.pk for p in assignment.lead_positions.all()} | {
        p.pk for p in assignment.cooperating_positions.all()
    }
    return bool(user.position_ids & assigned)


def may_compile(user, unit_id: int) -> bool:
    """The unit's compiler: reviews an item's evidence, links and restores records."""
    return user.acts_for(Role.COMPILER, unit_id)


def may_change_record(user, record: EvidenceRecord) -> bool:
    """The compiler of the unit, or an officer filing for one of the record's items."""
    if may_compile(user, record.round.unit_id):
        return True
    return any(
        may_file_for(user, a)
        for a in record.assignments.select_related("round").prefetch_related(
            "lead_positions", "cooperating_positions"
        )
    )


def get_assignment_for_user(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.filter(round__in=AssessmentRound.objects.for_user(request.user))
        .select_related("item__criterion", "round__unit", "round__framework")
        .prefetch_related("lead_positions", "cooperating_positions"),
        pk=pk,
    )


def get_record_for_user(request: HttpRequest, pk: int) -> EvidenceRecord:
    return get_object_or_404(
        EvidenceRecord.objects.for_user(request.user).select_related("round__unit"), pk=pk
    )


def get_file_for_user(request: HttpRequest, pk: int) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.filter(
            record__in=EvidenceRecord.objects.for_user(request.user)
        ).select_related("record__round"),
        pk=pk,
    )
