from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Từ cần tìm, số văn bản (45/KH-UBND) hoặc ngày (12/03/2026)"),
            }
        ),
    )
    # The round whose pages the search box was on (optional: without it, every round one sees).
    ky = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
