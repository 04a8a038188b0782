from django import forms
from django.utils.translation import gettext_lazy as _

from dvcq.forms import DayField

from .models import EvidenceRecord, ItemStatus, ReviewStatus


class RecordForm(forms.ModelForm):
    class Meta:
        model = EvidenceRecord
        fields = ["kind", "number", "issued_on", "issuer", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"issued_on": DayField}


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Kết quả"), choices=ReviewStatus.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi cần bổ sung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ReviewStatus.NEEDS_MORE
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Ghi rõ cần bổ sung gì để cán bộ biết."))
        return cleaned


class OverviewFilterForm(forms.Form):
    """The filters of a round's evidence overview (GET): an unknown value filters nothing."""

    criterion = forms.IntegerField(required=False, min_value=1)
    position = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(required=False, choices=[("", "")] + ItemStatus.choices)
    overdue = forms.BooleanField(required=False)

    def filters(self) -> dict:
        """What was chosen, as the page shows it back; nothing for a field that is not valid."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
