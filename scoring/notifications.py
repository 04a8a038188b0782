"""Who hears about a scorecard: its unit's compilers and leaders, when the reviewing level
returns it to be corrected or publishes its result (in the app and by e-mail)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.org.models import Role, User
from evidence.notifications import Line, Message, deliver

from .models import Scorecard


def unit_staff(scorecard: Scorecard) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            unit_id=scorecard.round.unit_id,
            role_grants__role__in=[Role.COMPILER, Role.LEADER],
        ).distinct()
    )


def notify_transition(scorecard: Scorecard, *, action: str, user, note: str = "") -> int:
    """Returns how many people were told; only "return" and "publish" tell anyone."""
    year = scorecard.round.year
    url = reverse("scoring:detail", args=[scorecard.pk])
    if action == "return":
        title = _("Phiếu chấm điểm năm %(year)s bị trả lại để sửa") % {"year": year}
        lines = [Line(_("%(who)s trả lại phiếu: %(note)s") % {"who": user, "note": note}, url)]
    elif action == "publish":
        title = _("Kết quả đánh giá năm %(year)s đã công bố") % {"year": year}
        lines = [
            Line(
                _("Điểm thẩm định: %(points)s — %(class)s.")
                % {
                    "points": wording.points(scorecard.review_total),
                    "class": scorecard.class_label or "—",
                },
                url,
            )
        ]
    else:
        return 0
    message = Message(f"scorecard-{scorecard.pk}", title, lines, url)
    people = unit_staff(scorecard)
    for person in people:
        deliver(person, message, replace=True)
    return len(people)
