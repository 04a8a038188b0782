"""Refusals by field. The checks of the services return their messages keyed by the form field
they are about ({field: [message]}, NON_FIELD_ERRORS for the rest): the forms put each one
beside its field (`add_error(None, ValidationError(errors))`), and the services raise them as
one ValidationError, every refusal at once."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dvcq.wording import day

Errors = dict[str, list[str]]


def add(errors: Errors, field: str | None, message: str) -> None:
    errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)


def refuse(errors: Errors) -> None:
    """Raise the collected refusals, if any, as one ValidationError by field."""
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})


def not_in_future(errors: Errors, field: str | None, what: str, on: date | None) -> None:
    """A date that records what happened (a step, a document issued, a report received)
    cannot be after today. `what` names the field: "ngày ra mắt"."""
    today = timezone.localdate()
    if on is not None and on > today:
        add(
            errors,
            field,
            _("%(what)s (%(day)s) không được sau hôm nay (%(today)s).")
            % {"what": capfirst(what), "day": day(on), "today": day(today)},
        )
