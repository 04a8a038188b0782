"""A model's life: the steps it may take and their dates, and the documents attached on the way
(a plan, the launch, the conference minutes...)."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvcq.locking import bump
from dvcq.storage import atomic_with_files, store_file
from dvcq.wording import day

from ..models import (
    OPEN_STEPS,
    Campaign,
    DocumentKind,
    DossierItem,
    DvkModel,
    ModelDocument,
    ModelEvent,
    Origin,
    Step,
)
from ..permissions import may_coordinate, may_register_for
from .refusals import Errors, add, not_in_future, refuse

# The steps a model may move to from each open step (OPEN_STEPS); dropping is possible from
# any open step.
NEXT_STEPS = {
    Step.REGISTERED: [Step.PLANNED, Step.LAUNCHED, Step.IMPLEMENTING],
    Step.PLANNED: [Step.LAUNCHED, Step.IMPLEMENTING],
    Step.LAUNCHED: [Step.IMPLEMENTING],
    Step.IMPLEMENTING: [Step.SELF_ASSESSED],
    Step.SELF_ASSESSED: [Step.APPRAISING],
    Step.APPRAISING: [Step.RECOGNISED, Step.NOT_RECOGNISED],
}


# How a step's date is called in a message ("ngày ra mắt (10/01/2026) không được trước ngày
# đăng ký …"): the field a person typed, named by what happened that day.
STEP_DAY = {
    Step.REGISTERED: gettext_lazy("ngày đăng ký"),
    Step.PLANNED: gettext_lazy("ngày có kế hoạch"),
    Step.LAUNCHED: gettext_lazy("ngày ra mắt"),
    Step.IMPLEMENTING: gettext_lazy("ngày triển khai"),
    Step.SELF_ASSESSED: gettext_lazy("ngày tự đánh giá"),
    Step.APPRAISING: gettext_lazy("ngày đề nghị thẩm định"),
    Step.RECOGNISED: gettext_lazy("ngày quyết định công nhận"),
    Step.NOT_RECOGNISED: gettext_lazy("ngày quyết định không công nhận"),
    Step.DROPPED: gettext_lazy("ngày loại bỏ"),
}


def last_event(model: DvkModel) -> ModelEvent | None:
    """The step the next one follows: the latest by date of the model's recorded steps."""
    return model.events.order_by("-on", "-pk").first()


def step_date_errors(model: DvkModel, step: str, on: date | None) -> Errors:
    """A step's date, by the form field "on": a step records what happened, so not after
    today; within the campaign's year (or the next); and not before the step it follows."""
    errors: Errors = {}
    if on is None:
        return errors
    what = STEP_DAY.get(step, gettext_lazy("ngày"))
    not_in_future(errors, "on", what, on)
    if on.year not in (model.campaign.year, model.campaign.year + 1):
        add(
            errors,
            "on",
            _("Ngày %(day)s nằm ngoài năm của phong trào (%(year)s).")
            % {"day": day(on), "year": model.campaign.year},
        )
    previous = last_event(model)
    if previous is not None and on < previous.on:
        add(
            errors,
            "on",
            _("%(what)s (%(day)s) không được trước %(previous)s (%(previous_day)s).")
            % {
                "what": capfirst(what),
                "day": day(on),
                "previous": STEP_DAY.get(previous.step, gettext_lazy("ngày")),
                "previous_day": day(previous.on),
            },
        )
    return errors


def has_launch(model: DvkModel) -> bool:
    return model.events.filter(step=Step.LAUNCHED).exists()


def step_errors(model: DvkModel, step: str) -> list[str]:
    if step == Step.DROPPED:
        return [] if model.step in OPEN_STEPS else [_("Mô hình đã kết thúc, không loại bỏ được.")]
    if step not in NEXT_STEPS.get(model.step, []):
        return [
            _("Không thể chuyển mô hình từ bước “%(src)s” sang “%(dst)s”.")
            % {"src": model.get_step_display(), "dst": Step(step).label}
        ]
    if step == Step.APPRAISING and model.origin == Origin.NEW and not has_launch(model):
        return [
            _(
                "Mô hình xây dựng mới chưa có ngày ra mắt: ghi nhận buổi ra mắt trước khi đề nghị "
                "thẩm định, công nhận."
            )
        ]
    if step == Step.IMPLEMENTING and model.origin == Origin.NEW and not has_launch(model):
        return [_("Mô hình xây dựng mới phải ra mắt trước khi triển khai.")]
    return []


@transaction.atomic
def model_step(*, model: DvkModel, step: str, on: date, user, note: str = "") -> ModelEvent:
    """Record a step of the model's life with its date; dropping needs a reason. Refusals
    are keyed by the StepForm's fields: "step", "on" (the date: not in the future, not before
    the step it follows), "note"."""
    given, model = (
        model,
        DvkModel.objects.select_for_update().select_related("campaign").get(pk=model.pk),
    )
    if not may_coordinate(user, model.campaign) and not may_register_for(user, model.participant):
        raise PermissionDenied
    if step in (Step.RECOGNISED, Step.NOT_RECOGNISED):
        raise ValidationError(
            {"step": [_("Kết quả công nhận được ghi qua quyết định sau thẩm định.")]}
        )
    errors: Errors = {"step": step_errors(model, step)}
    note = (note or "").strip()
    if step == Step.DROPPED and not note:
        add(errors, "note", _("Cần ghi lý do loại bỏ mô hình."))
    for field, messages in step_date_errors(model, step, on).items():
        errors.setdefault(field, []).extend(messages)
    refuse(errors)
    model.step = step
    if step == Step.DROPPED:
        model.drop_reason = note
    bump(model)
    model._history_user = user
    model.save(update_fields=["step", "drop_reason", "version"])
    given.step, given.drop_reason, given.version = model.step, model.drop_reason, model.version
    return ModelEvent.objects.create(model=model, step=step, on=on, note=note, user=user)


@atomic_with_files()
def document_attach(
    *, campaign: Campaign, upload, kind: str, user, model=None, event=None, title: str = ""
) -> ModelDocument:
    """A file checked like evidence (type from the bytes, size limit) and stored under a
    generated name through Django's storage; deleted again if the row is not saved."""
    from evidence.validation import RefusedFile, sniff

    try:
        sniffed = sniff(upload)
    except RefusedFile as refused:
        raise ValidationError(str(refused)) from None
    limit = settings.EVIDENCE_MAX_FILE_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s”: tệp lớn hơn %(mb)s MB.")
            % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    document = ModelDocument(
        campaign=campaign,
        model=model,
        event=event,
        kind=kind,
        title=title,
        original_name=upload.name[:255],
        content_type=sniffed.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    store_file(document.file, upload.name, upload)
    document.save()
    dossier_minutes_fill(document)
    return document


def dossier_minutes_fill(document: ModelDocument) -> int:
    """Here rather than with the exemplars: every attached document passes through it.

    Conference minutes attached to a model after its exemplars were nominated fill their
    dossiers where the minutes are still missing."""
    if document.model_id is None or document.kind != DocumentKind.MINUTES:
        return 0
    return DossierItem.objects.filter(
        exemplar__model_id=document.model_id, kind=DocumentKind.MINUTES, document__isnull=True
    ).update(document=document)
