"""Who may read and change Dân vận khéo data: the only place that decides it.

Reading goes through `Campaign.objects.for_user` (the units a user may see): an object outside
is a 404, from the `get_<object>_for_user` helpers. Changing is decided by the `may_*` rules,
which the views, the templates (through the context they are given), the menu and the services
all call. Reviewers of the level above read, never write.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from dvcq.org.models import Role, Unit

from .models import OPEN_STEPS, Appraisal, Campaign, DvkModel, ModelDocument, Participant


def _user(request_or_user):
    return request_or_user.user if isinstance(request_or_user, HttpRequest) else request_or_user


# --- who may -------------------------------------------------------------------------------


def may_open_campaigns(user) -> bool:
    """The menu entry: the Party-building staff, the reviewers above them, the administrators."""
    return user.is_superuser or user.has_role(Role.PARTY) or user.has_role(Role.REVIEWER)


def may_create_campaign(user) -> bool:
    """The Party-building staff of the user's own unit start its campaigns."""
    return bool(user.unit_id) and user.acts_for(Role.PARTY, user.unit_id)


def may_coordinate(user, campaign: Campaign) -> bool:
    """The Party-building staff (Ban xây dựng Đảng) of the campaign's unit."""
    return user.acts_for(Role.PARTY, campaign.unit_id)


def may_edit_plan(user, campaign: Campaign) -> bool:
    """The plan's wording: whoever coordinates the campaign (its Party-building staff)."""
    return may_coordinate(user, campaign)


def may_register_for(user, participant: Participant) -> bool:
    """The coordinator, or an account the participant registers through."""
    if may_coordinate(user, participant.campaign):
        return True
    return participant.members.filter(pk=user.pk).exists()


def participants_for(user, campaign: Campaign):
    """What the user may register for: every participant for the coordinator; otherwise the
    participants whose member accounts include the user."""
    participants = campaign.participants.all()
    if may_coordinate(user, campaign):
        return participants
    return participants.filter(members=user)


def may_register_in(user, campaign: Campaign, participants=None) -> bool:
    """Whether the "register a model" button shows: the coordinator, or a member account of a
    participant. `participants` (with their members prefetched) saves the query."""
    if may_coordinate(user, campaign):
        return True
    if participants is None:
        return campaign.participants.filter(members=user).exists()
    return any(user.pk in {m.pk for m in p.members.all()} for p in participants)


def may_edit_model(user, model: DvkModel) -> bool:
    """A model still running, by its coordinator or the participant that registered it."""
    return model.step in OPEN_STEPS and (
        may_coordinate(user, model.campaign) or may_register_for(user, model.participant)
    )


def may_score(user, appraisal: Appraisal) -> bool:
    """A member of the appraisal team scores their own sheet."""
    return appraisal.members.filter(pk=user.pk).exists()


def may_see_targets(user, campaign: Campaign) -> bool:
    """The targets dashboard: the coordinator and the reviewing level above the unit."""
    if may_coordinate(user, campaign):
        return True
    return Unit.objects.reviewed_by(user).filter(pk=campaign.unit_id).exists()


# --- get the object for the user, or 404 ---------------------------------------------------


def get_campaign_for_user(request_or_user, pk: int) -> Campaign:
    user = _user(request_or_user)
    return get_object_or_404(
        Campaign.objects.for_user(user).select_related("unit", "previous"), pk=pk
    )


def get_model_for_user(request_or_user, pk: int) -> DvkModel:
    user = _user(request_or_user)
    return get_object_or_404(
        DvkModel.objects.for_user(user).select_related(
            "campaign__unit", "campaign__previous", "participant", "previous__campaign"
        ),
        pk=pk,
    )


def get_appraisal_for_user(request_or_user, pk: int) -> Appraisal:
    user = _user(request_or_user)
    return get_object_or_404(
        Appraisal.objects.filter(model__in=DvkModel.objects.for_user(user)).select_related(
            "rubric", "model__campaign__unit", "model__participant"
        ),
        pk=pk,
    )


def get_document_for_user(request_or_user, pk: int) -> ModelDocument:
    user = _user(request_or_user)
    return get_object_or_404(
        ModelDocument.objects.filter(campaign__in=Campaign.objects.for_user(user)), pk=pk
    )


def may_see_campaign(user, campaign: Campaign) -> bool:
    """May read the campaign and its documents: whoever may see its unit's campaigns."""
    return Campaign.objects.for_user(user).filter(pk=campaign.pk).exists()


def may_see_appraisal(user, appraisal) -> bool:
    return may_see_campaign(user, appraisal.model.campaign)
