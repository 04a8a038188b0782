"""Refusals by field. The checks of the services return their messages keyed by the form field
they are about ({field: [message]}, NON_FIELD_ERRORS for the rest): the forms put each one
beside its field (`add_error(None, ValidationError(errors))`), and the services raise them as
one ValidationError, every refusal at once."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

Errors = dict[str, list[str]]


def add(errors: Errors, field: str | None, message: str) -> None:
    errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)


def refuse(errors: Errors) -> None:
    """Raise the collected refusals, if any, as one ValidationError by field."""
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})
