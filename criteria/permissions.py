"""Who may write a framework (thang điểm): the scale owner's reviewers and system administrators.

A framework belongs to the province-level unit that issues the scale; the units below it only
read it. Reading is `Framework.objects.for_user`; every view, button and menu entry that
creates, imports, copies, replaces or confirms a framework asks the functions here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from dvcq.org.models import Role, Unit, UnitKind

from .models import AssessmentRound, Framework

# Province-level units: a province, or a city under the central government.
SCALE_OWNER_KINDS = (UnitKind.PROVINCE, UnitKind.CITY)


def framework_owner_choices(user) -> QuerySet[Unit]:
    """The units whose scale `user` may create or import: none, their own, or (admins) all."""
    owners = Unit.objects.filter(kind__in=SCALE_OWNER_KINDS)
    if not user.is_active:
        return owners.none()
    if user.is_superuser:
        return owners
    if user.unit_id is None or not user.has_role(Role.REVIEWER):
        return owners.none()
    return owners.filter(pk=user.unit_id)


def may_manage_frameworks(user) -> bool:
    """May create or import a framework (the "Nhập khung từ Excel" button)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.unit_id is not None
        and user.has_role(Role.REVIEWER)
        and user.unit.kind in SCALE_OWNER_KINDS
    )


def may_edit_framework(user, framework: Framework) -> bool:
    """May copy, replace or otherwise change `framework`: a reviewer at its province-level owner."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.acts_for(Role.REVIEWER, framework.owner_id)
        and framework.owner.kind in SCALE_OWNER_KINDS
    )


def may_confirm_scale(user) -> bool:
    """May mark a sample scale as the province's decided values: system administrators only."""
    return user.is_active and user.is_superuser


def may_read_round(user, assessment_round) -> bool:
    """May read a round and export its documents (the annex): anyone who may see its unit."""
    return Unit.objects.for_user(user).filter(pk=assessment_round.unit_id).exists()


def may_edit_grid(user, assessment_round: AssessmentRound) -> bool:
    """May change the round's assignment grid and import its annex: the unit's compiler."""
    return user.acts_for(Role.COMPILER, assessment_round.unit_id)


def get_framework_for_user(request: HttpRequest, pk: int) -> Framework:
    return get_object_or_404(
        Framework.objects.for_user(request.user).select_related("owner"), pk=pk
    )


def get_framework_for_editor(request: HttpRequest, pk: int) -> Framework:
    framework = get_framework_for_user(request, pk)
    if not may_edit_framework(request.user, framework):
        raise PermissionDenied
    return framework


def get_round_for_user(request: HttpRequest, pk: int) -> AssessmentRound:
    return get_object_or_404(
        AssessmentRound.objects.for_user(request.user).select_related("unit", "framework"), pk=pk
    )


def get_round_for_compiler(request: HttpRequest, pk: int) -> AssessmentRound:
    assessment_round = get_round_for_user(request, pk)
    if not may_edit_grid(request.user, assessment_round):
        raise PermissionDenied
    return assessment_round
