"""Registering a model (by hand or from Phụ lục 1) and editing its registration."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.locking import bump, check_version

from ..models import Campaign, DvkModel, ModelEvent, Origin, Participant, Step
from ..permissions import may_edit_model, may_register_for


def registration_errors(campaign: Campaign, data: dict) -> list[str]:
    """Rules a registration must keep, named by field."""
    errors = []
    if data.get("origin") == Origin.CONTINUED:
        previous = data.get("previous")
        if previous is None:
            errors.append(
                _(
                    "Mô hình tiếp tục duy trì: cần chọn mô hình của năm trước mà mô hình này tiếp nối."
                )
            )
        elif (
            previous.campaign.unit_id != campaign.unit_id or previous.campaign.year >= campaign.year
        ):
            errors.append(_("Mô hình năm trước phải thuộc phong trào của đơn vị ở năm trước."))
        if not (data.get("higher_targets") or "").strip():
            errors.append(_("Mô hình tiếp tục duy trì: cần nêu chỉ tiêu cao hơn năm trước."))
    elif data.get("previous") is not None and data.get("origin") == Origin.NEW:
        errors.append(_("Mô hình xây dựng mới không tiếp nối mô hình năm trước."))
    return errors


def registration_date_errors(campaign: Campaign, on: date | None) -> list[str]:
    """The registered step's date (the form's "registered_on"): not after today, in the
    campaign's year or the year before (registrations open before the year starts)."""
    if on is None:
        return []
    if on > timezone.localdate():
        return [_("Ngày đăng ký không được sau hôm nay.")]
    if on.year not in (campaign.year - 1, campaign.year):
        return [
            _("Ngày đăng ký phải trong năm %(year)s hoặc năm %(before)s.")
            % {"year": campaign.year, "before": campaign.year - 1}
        ]
    return []


@transaction.atomic
def model_register(
    *,
    campaign: Campaign,
    participant: Participant,
    data: dict,
    user,
    on: date | None = None,
    reason: str = "",
) -> DvkModel:
    """`reason` goes to the model's history ("Nhập Phụ lục 1 từ tệp …")."""
    if participant.campaign_id != campaign.pk:
        raise ValidationError(_("Tổ chức không tham gia phong trào này."))
    if not may_register_for(user, participant):
        raise PermissionDenied
    errors = registration_errors(campaign, data)
    if errors:
        raise ValidationError(errors)
    errors = registration_date_errors(campaign, on)
    if errors:
        raise ValidationError({"registered_on": errors})
    model = DvkModel(campaign=campaign, participant=participant, registered_by=user, **data)
    model.full_clean(exclude=["campaign", "participant", "registered_by"])
    model._history_user = user
    if reason:
        model._change_reason = reason[:100]
    model.save()
    ModelEvent.objects.create(model=model, step=Step.REGISTERED, on=on or date.today(), user=user)
    return model


@transaction.atomic
def model_update(*, model: DvkModel, user, data: dict, version: int) -> DvkModel:
    """Save the registration form of a model; refused (Conflict) when someone saved it after
    `version` was read, so nobody's change is overwritten unseen."""
    current = (
        DvkModel.objects.select_for_update()
        .select_related("campaign", "participant__campaign")
        .get(pk=model.pk)
    )
    if not may_edit_model(user, current):
        raise PermissionDenied
    check_version(
        current,
        version,
        message=_(
            "Chưa lưu: mô hình vừa được người khác sửa hoặc chuyển bước. Nội dung dưới đây "
            "là bản mới nhất; hãy nhập lại thay đổi của bạn."
        ),
    )
    errors = registration_errors(current.campaign, data)
    if errors:
        raise ValidationError(errors)
    participant = data.get("participant", current.participant)
    if participant.campaign_id != current.campaign_id or not may_register_for(user, participant):
        raise PermissionDenied
    for name, value in data.items():
        setattr(current, name, value)
    bump(current)
    current.full_clean(exclude=["campaign", "registered_by"])
    current._history_user = user
    current.save()
    return current
