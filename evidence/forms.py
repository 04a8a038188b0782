from django import forms
from django.utils.translation import gettext_lazy as _

from dvcq.forms import DayField

from .models import EvidenceRecord, ReviewStatus


class RecordForm(forms.ModelForm):
    class Meta:
        model = EvidenceRecord
        fields = ["number", "issued_on", "issuer", "summary"]
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
