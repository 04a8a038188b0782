"""Form pieces every app uses."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 15/10/2026, also 5/3/2026, 15-10-2026, 15.10.2026 and 15102026 (eight digits typed without
# the slashes, as people type on a phone's number pad); an ISO date (what a script or an old
# page posts) is read too.
DAY = re.compile(r"^\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$")
DIGITS_DAY = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class DayInput(forms.DateInput):
    """A text box showing dd/mm/yyyy.

    Not `type="date"`: a browser's date picker shows its own language's order (mm/dd/yyyy in an
    English browser), while every Vietnamese document and person writes dd/mm/yyyy.
    """

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy; a day that does not exist (31/11) is named as such."""

    widget = DayInput
    default_error_messages = {
        "invalid": _("“%(value)s” không phải là ngày (viết dd/mm/yyyy)."),
        "no_such_day": _("Ngày %(value)s không tồn tại."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if match := DAY.match(text):
            day, month, year = (int(match[1]), int(match[3]), int(match[4]))
        elif match := DIGITS_DAY.match(text):
            day, month, year = (int(g) for g in match.groups())
        elif match := ISO_DAY.match(text):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            )
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(
                self.error_messages["no_such_day"], code="no_such_day", params={"value": text}
            ) from None
