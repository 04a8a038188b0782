"""Writes of the campaign pages that services.py does not cover: creating a campaign, its
targets, milestones and participants, and editing a registered model. Same habits as services:
keyword-only, the permission checked here again, full_clean before save."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Campaign, DvkModel, Milestone, Participant, Target
from .services import OPEN_STEPS, may_coordinate, may_register_for, registration_errors

CAMPAIGN_PARTS = {"chi-tieu": Target, "moc-thoi-gian": Milestone, "to-chuc": Participant}


class EditConflict(Exception):
    """The record changed after the form was opened."""


@transaction.atomic
def campaign_create(*, unit, user, data: dict) -> Campaign:
    campaign = Campaign(unit=unit, **data)
    if not may_coordinate(user, campaign):
        raise PermissionDenied
    if Campaign.objects.filter(unit=unit, year=campaign.year).exists():
        raise ValidationError(
            _("%(unit)s đã có phong trào năm %(year)s.") % {"unit": unit, "year": campaign.year}
        )
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_part_save(*, campaign: Campaign, user, instance, members=None):
    """A target, milestone or participant of the campaign (new or changed)."""
    if not may_coordinate(user, campaign):
        raise PermissionDenied
    instance.campaign = campaign
    instance.full_clean()
    instance.save()
    if members is not None:
        instance.members.set(members)
    return instance


@transaction.atomic
def campaign_part_delete(*, campaign: Campaign, user, instance) -> None:
    if not may_coordinate(user, campaign):
        raise PermissionDenied
    if isinstance(instance, Participant) and instance.models.exists():
        raise ValidationError(
            _("“%(name)s” đã đăng ký mô hình, không xóa được.") % {"name": instance.name}
        )
    instance.delete()


def may_edit_model(user, model: DvkModel) -> bool:
    return model.step in OPEN_STEPS and (
        may_coordinate(user, model.campaign) or may_register_for(user, model.participant)
    )


@transaction.atomic
def model_update(*, model: DvkModel, user, data: dict, version: int) -> DvkModel:
    """Save the registration form of a model; refused (EditConflict) when someone saved it
    after `version` was read, so nobody's change is overwritten unseen."""
    current = (
        DvkModel.objects.select_for_update()
        .select_related("campaign", "participant__campaign")
        .get(pk=model.pk)
    )
    if not may_edit_model(user, current):
        raise PermissionDenied
    if current.version != version:
        raise EditConflict
    errors = registration_errors(current.campaign, data)
    if errors:
        raise ValidationError(errors)
    participant = data.get("participant", current.participant)
    if participant.campaign_id != current.campaign_id or not may_register_for(user, participant):
        raise PermissionDenied
    for name, value in data.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean(exclude=["campaign", "registered_by"])
    current._history_user = user
    current.save()
    return current
