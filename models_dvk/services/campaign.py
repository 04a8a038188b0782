"""Campaigns: creating one, copying it to the next year, and its targets, milestones and
participants. Keyword-only writes; the permission is checked here again, full_clean before
save."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Campaign, DvkModel, ModelEvent, Origin, Participant, Step
from ..permissions import may_coordinate


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
def campaign_copy(*, campaign: Campaign, year: int, user) -> Campaign:
    """Next year's campaign: targets, milestones (moved by the years), participants, and every
    model still running carried forward as "tiếp tục duy trì" linked to this year's record."""
    if not may_coordinate(user, campaign):
        raise PermissionDenied
    if Campaign.objects.filter(unit=campaign.unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s đã có phong trào năm %(year)s.") % {"unit": campaign.unit, "year": year}
        )
    shift = year - campaign.year
    new = Campaign.objects.create(
        unit=campaign.unit,
        year=year,
        organiser=campaign.organiser,
        superior_body=campaign.superior_body,
        title=campaign.title,
        previous=campaign,
    )
    for target in campaign.targets.all():
        new.targets.create(kind=target.kind, label=target.label, value=target.value)
    for milestone in campaign.milestones.all():
        due = milestone.due
        try:
            due = due.replace(year=due.year + shift)
        except ValueError:  # 29/02
            due = due.replace(year=due.year + shift, day=28)
        new.milestones.create(kind=milestone.kind, label=milestone.label, due=due)
    participants = {}
    for participant in campaign.participants.prefetch_related("members"):
        copy = new.participants.create(
            name=participant.name, kind=participant.kind, is_party_org=participant.is_party_org
        )
        copy.members.set(participant.members.all())
        participants[participant.pk] = copy
    for model in campaign.models.exclude(step__in=[Step.DROPPED, Step.NOT_RECOGNISED]):
        carried = DvkModel.objects.create(
            campaign=new,
            participant=participants[model.participant_id],
            name=model.name,
            quantity=model.quantity,
            location=model.location,
            host=model.host,
            field=model.field,
            scale=model.scale,
            subject=model.subject,
            subject_name=model.subject_name,
            origin=Origin.CONTINUED,
            previous=model,
            leader=model.leader,
            registered_by=user,
        )
        ModelEvent.objects.create(
            model=carried,
            step=Step.REGISTERED,
            on=date(year, 1, 1),
            note=_("Chuyển tiếp từ năm %(year)s.") % {"year": campaign.year},
            user=user,
        )
    return new


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
