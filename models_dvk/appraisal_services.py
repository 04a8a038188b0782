"""Writes the appraisal and exemplar pages need beyond `services`: they check the same may_*
rules and call the services for everything `services` already does."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvcq.storage import atomic_with_files

from .models import Appraisal, DossierItem, DvkModel, Exemplar, Rubric
from .services import appraisal_open, day_text, document_attach, may_coordinate


@transaction.atomic
def appraisal_setup(
    *, model: DvkModel, user, members, rubric: Rubric | None = None, **details
) -> Appraisal:
    """Open (or correct) the appraisal; the sheet cannot change once a member has scored on it,
    nor anything once the conference has concluded."""
    DvkModel.objects.select_for_update().get(pk=model.pk)  # then read: a conclusion is seen
    existing = Appraisal.objects.filter(model=model).first()
    if existing is not None:
        if existing.passed is not None:
            raise ValidationError(_("Hội nghị thẩm định đã kết luận: không sửa được nữa."))
        if rubric and rubric.pk != existing.rubric_id and existing.scores.exists():
            raise ValidationError(
                _("Đã có thành viên chấm theo “%(rubric)s”: không đổi biểu chấm được nữa.")
                % {"rubric": existing.rubric.name}
            )
    return appraisal_open(model=model, user=user, members=members, rubric=rubric, **details)


@transaction.atomic
def exemplar_recognition_save(*, exemplar: Exemplar, user, number: str, on: date | None) -> None:
    if not may_coordinate(user, exemplar.campaign):
        raise PermissionDenied
    number = (number or "").strip()
    if bool(number) != bool(on):
        raise ValidationError(_("Ghi cả số quyết định và ngày công nhận điển hình."))
    if on and on < exemplar.nominated_on:
        raise ValidationError(
            _("Ngày công nhận điển hình (%(day)s) không được trước ngày đề nghị (%(nominated)s).")
            % {"day": day_text(on), "nominated": day_text(exemplar.nominated_on)}
        )
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
