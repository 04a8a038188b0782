"""The GET parameters of the DVK reports, as forms declared with their report kinds: a
parameter that does not validate answers 404 on the export page (an error naming it in
`render_report`) instead of reaching the report's `resolve`."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ScoresheetParams(forms.Form):
    """`?model=<id>`: which model's scoring sheet."""

    model = forms.IntegerField(label=_("Mô hình"), min_value=1)


class ReportParams(forms.Form):
    """`?period=six_month|annual`: the six-month or the annual report (annual when absent)."""

    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        choices=[("six_month", _("Sơ kết 6 tháng")), ("annual", _("Tổng kết năm"))],
        required=False,
    )

    def clean_period(self) -> str:
        return self.cleaned_data["period"] or "annual"
