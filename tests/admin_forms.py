"""What an admin change page posts back when nothing is changed, for tests to edit and post."""

from datetime import date
from decimal import Decimal

from django.db import models


def _value(value):
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return value


def _put(data: dict, form) -> None:
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [_value(v) for v in value]
        else:
            data[form.add_prefix(name)] = _value(value)


def unchanged_post(response) -> dict:
    """The data of the page's form and inline formsets as shown (`response` is the GET)."""
    data: dict = {}
    _put(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _put(data, formset.management_form)
        for form in formset.forms:
            _put(data, form)
    return data
