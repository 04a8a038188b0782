from django import forms
from django.utils.translation import gettext_lazy as _

from .models import POINTS


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeductionForm(forms.Form):
    points = forms.DecimalField(
        label=_("Số điểm bị trừ"),
        **POINTS,
        localize=True,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}
        ),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )


class BaseDeductionFormSet(forms.BaseFormSet):
    def lines(self) -> list[tuple]:
        """(points, reason) of the lines kept, in order."""
        return [
            (f.cleaned_data["points"], f.cleaned_data["reason"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


DeductionFormSet = forms.formset_factory(
    DeductionForm, formset=BaseDeductionFormSet, extra=1, can_delete=True
)


class AwardForm(forms.Form):
    awarded_points = forms.DecimalField(
        label=_("Điểm thẩm định của nội dung"),
        **POINTS,
        min_value=0,
        localize=True,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}
        ),
    )


class IneligibleForm(forms.Form):
    ineligible = forms.BooleanField(label=_("Không đủ điều kiện xếp loại"), required=False)
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The card's version when the page was opened (see review_notes_save).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel tự chấm (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
