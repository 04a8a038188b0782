"""Who hears a model's appraisal result: the campaign's Party staff and the accounts that
register for the model's organisation (in the app and by e-mail)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.org.models import Role, User
from evidence.notifications import Line, Message, deliver

from .models import Appraisal


def notify_appraisal_result(appraisal: Appraisal) -> int:
    model = appraisal.model
    campaign = model.campaign
    people = list(
        User.objects.filter(
            Q(unit_id=campaign.unit_id, role_grants__role=Role.PARTY)
            | Q(dvk_participations=model.participant_id),
            is_active=True,
        ).distinct()
    )
    verdict = _("đạt") if appraisal.passed else _("không đạt")
    url = reverse("dvk:appraisal", args=[model.pk])
    message = Message(
        f"appraisal-{appraisal.pk}",
        _("Mô hình “%(name)s”: kết quả thẩm định") % {"name": model.name},
        [
            Line(
                _(
                    "Hội nghị thẩm định kết luận mô hình %(verdict)s (thông báo số %(number)s ngày %(day)s)."
                )
                % {
                    "verdict": verdict,
                    "number": appraisal.notice_number or "—",
                    "day": wording.day(appraisal.notice_date),
                },
                url,
            )
        ],
        url,
    )
    for person in people:
        deliver(person, message, replace=True)
    return len(people)
