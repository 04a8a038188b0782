"""Exemplars (điển hình) nominated from recognised models: the nomination, the recognition
decision and the city-level dossier."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.storage import atomic_with_files

from ..models import DocumentKind, DossierItem, DvkModel, Exemplar, Step
from ..permissions import may_coordinate
from .lifecycle import document_attach
from .refusals import Errors, not_in_future, refuse

DOSSIER = [  # the city-level dossier of an exemplar (seed 003)
    (DocumentKind.MINUTES, 1),
    (DocumentKind.PROPOSAL, 1),
    (DocumentKind.ACHIEVEMENT, 3),
    (DocumentKind.SUMMARY, 1),
    (DocumentKind.LIST, 1),
]


def recognised_on(model: DvkModel) -> date | None:
    """The day the model was recognised: the date of its latest "được công nhận" step."""
    event = model.events.filter(step=Step.RECOGNISED).order_by("-on").first()
    return event.on if event else None


def nomination_errors(
    *, model: DvkModel, name: str, on: date | None, is_leader=False, leader_criteria_met=False
) -> Errors:
    """Every reason to refuse a nomination, by the form field it is about."""
    if model.step != Step.RECOGNISED:
        return {"model": [_("Chỉ đề nghị điển hình từ mô hình đã được công nhận.")]}
    errors: Errors = {}
    if is_leader and not leader_criteria_met:
        errors["leader_criteria_met"] = [
            _("Cá nhân lãnh đạo, quản lý phải đạt thêm các tiêu chí đối với lãnh đạo.")
        ]
    name = (name or "").strip()
    if model.exemplars.filter(name__iexact=name).exists():
        errors["name"] = [_duplicate(name)]
    not_in_future(errors, "nominated_on", _("ngày đề nghị"), on)
    recognised = recognised_on(model)
    if on and recognised and on < recognised:
        errors.setdefault("nominated_on", []).append(
            _("Ngày đề nghị (%(day)s) không được trước ngày công nhận mô hình (%(recognised)s).")
            % {"day": wording.day(on), "recognised": wording.day(recognised)}
        )
    return errors


def _duplicate(name: str) -> str:
    return _("“%(name)s” đã được đề nghị điển hình từ mô hình này.") % {"name": name}


@transaction.atomic
def exemplar_nominate(
    *, model: DvkModel, user, name: str, on: date, is_leader=False, leader_criteria_met=False
) -> Exemplar:
    if not may_coordinate(user, model.campaign):
        raise PermissionDenied
    name = (name or "").strip()
    refuse(
        nomination_errors(
            model=model,
            name=name,
            on=on,
            is_leader=is_leader,
            leader_criteria_met=leader_criteria_met,
        )
    )
    try:
        with transaction.atomic():
            exemplar = Exemplar.objects.create(
                campaign=model.campaign,
                model=model,
                subject=model.subject,
                name=name,
                is_leader=is_leader,
                leader_criteria_met=leader_criteria_met,
                nominated_on=on,
            )
    except IntegrityError:  # the same nomination saved a moment ago by someone else
        raise ValidationError({"name": [_duplicate(name)]}) from None
    # The appraisal conference's minutes belong to the model, so every exemplar nominated from
    # it shares them; the other papers are each exemplar's own.
    minutes = model.documents.filter(kind=DocumentKind.MINUTES).order_by("-uploaded_at").first()
    DossierItem.objects.bulk_create(
        DossierItem(
            exemplar=exemplar,
            kind=kind,
            copies=copies,
            document=minutes if kind == DocumentKind.MINUTES else None,
        )
        for kind, copies in DOSSIER
    )
    return exemplar


@transaction.atomic
def exemplar_recognition_save(*, exemplar: Exemplar, user, number: str, on: date | None) -> None:
    if not may_coordinate(user, exemplar.campaign):
        raise PermissionDenied
    number = (number or "").strip()
    if bool(number) != bool(on):
        raise ValidationError(_("Ghi cả số quyết định và ngày công nhận điển hình."))
    errors: Errors = {}
    not_in_future(errors, "recognised_on", _("ngày công nhận điển hình"), on)
    if on and on < exemplar.nominated_on:
        message = _(
            "Ngày công nhận điển hình (%(day)s) không được trước ngày đề nghị (%(nominated)s)."
        ) % {"day": wording.day(on), "nominated": wording.day(exemplar.nominated_on)}
        errors.setdefault("recognised_on", []).append(message)
    refuse(errors)
    exemplar.recognised_number = number
    exemplar.recognised_on = on
    exemplar.save(update_fields=["recognised_number", "recognised_on"])


@atomic_with_files()
def dossier_attach(*, item: DossierItem, upload, user, title: str = "") -> DossierItem:
    """A paper of the city-level dossier: stored like every DVK document, then linked."""
    exemplar = item.exemplar
    if not may_coordinate(user, exemplar.campaign):
        raise PermissionDenied
    document = document_attach(
        campaign=exemplar.campaign,
        model=exemplar.model,
        upload=upload,
        kind=item.kind,
        user=user,
        title=title or f"{item.get_kind_display()} — {exemplar.name}",
    )
    item.document = document
    item.save(update_fields=["document"])
    return item
