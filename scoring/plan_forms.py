"""The plan editor's form: the plan's free texts and, per deducted item, responsibility and
remedy. Fields are named after the item id so a save touches only the items on the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .plan_services import PLAN_FIELDS, PlanDraft

LABELS = {
    "legal_bases": _("Căn cứ khác (mỗi dòng một căn cứ)"),
    "goals": _("I.1. Mục tiêu"),
    "targets": _("I.2. Chỉ tiêu chủ yếu"),
    "implementation": _("IV. Tổ chức thực hiện"),
}


def item_field(item_id: int, part: str) -> str:
    return f"item_{item_id}_{part}"


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, draft: PlanDraft, **kwargs):
        self.draft = draft
        kwargs.setdefault("initial", self.initial_from(draft))
        super().__init__(*args, **kwargs)
        for name in PLAN_FIELDS:
            self.fields[name] = forms.CharField(
                label=LABELS[name],
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6 if name == "implementation" else 3}),
            )
            self.fields[f"reset_{name}"] = forms.BooleanField(
                label=_("Khôi phục văn bản gợi ý"), required=False
            )
        for entry in draft.deducted:
            for part, label in (
                ("responsibility", _("Trách nhiệm tham mưu")),
                ("remedy", _("Hướng khắc phục")),
            ):
                name = item_field(entry.item.pk, part)
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 2 if part == "responsibility" else 4}),
                )
                self.fields[f"reset_{name}"] = forms.BooleanField(
                    label=_("Khôi phục văn bản gợi ý"), required=False
                )

    @staticmethod
    def initial_from(draft: PlanDraft) -> dict:
        initial = {"version": draft.version}
        initial.update({name: draft.text(name) for name in PLAN_FIELDS})
        for entry in draft.deducted:
            initial[item_field(entry.item.pk, "responsibility")] = entry.responsibility
            initial[item_field(entry.item.pk, "remedy")] = entry.remedy
        return initial

    def _text(self, name: str) -> str | None:
        """The submitted text; None (back to the suggestion) when "restore" is ticked."""
        if self.cleaned_data.get(f"reset_{name}"):
            return None
        return self.cleaned_data.get(name, "")

    def texts(self) -> dict[str, str]:
        return {
            name: self.draft.suggestions[name] if (text := self._text(name)) is None else text
            for name in PLAN_FIELDS
        }

    def items(self) -> dict[int, tuple[str, str]]:
        found = {}
        for entry in self.draft.deducted:
            responsibility = self._text(item_field(entry.item.pk, "responsibility"))
            remedy = self._text(item_field(entry.item.pk, "remedy"))
            found[entry.item.pk] = (
                entry.suggested_responsibility if responsibility is None else responsibility,
                entry.suggested_remedy if remedy is None else remedy,
            )
        return found

    def rows(self):
        """(entry, responsibility field, its reset, remedy field, its reset) per deducted item."""
        for entry in self.draft.deducted:
            r, m = item_field(entry.item.pk, "responsibility"), item_field(entry.item.pk, "remedy")
            yield entry, self[r], self[f"reset_{r}"], self[m], self[f"reset_{m}"]

    def plan_fields(self):
        for name in PLAN_FIELDS:
            yield self[name], self[f"reset_{name}"]
