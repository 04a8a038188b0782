"""Every input of the scoring pages: self-scoring, the review, the workflow notes, the plan
editor and the dashboard's filters. Errors sit beside their field or row (`add_error`)."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from criteria.deadlines import deadline_dates
from criteria.models import Classification, GridWarning
from dvcq.org.models import UnitKind
from dvcq.wording import day

from .models import POINTS, Status
from .selectors import (
    INELIGIBLE,
    INELIGIBLE_LABEL,
    NO_ROUND,
    NO_ROUND_LABEL,
    PLAN_FIELDS,
    SORTS,
    UNCLASSIFIED,
    UNCLASSIFIED_LABEL,
    ItemRow,
    PlanDraft,
)
from .services import SelfRow, needs_explanation, parse_points, self_points_errors


class SelfScoreForm(forms.Form):
    """The self-score rows of the scorecard page. Each item score posted by the page has three
    fields: `p-<pk>` (points as typed, "2,5"), `e-<pk>` (explanation) and `v-<pk>` (the version
    the page read). Rows the page did not post are left alone.

    `clean()` applies the services' rules to the rows that changed and puts each problem on the
    row's own field, so the page shows it beside the item in any language."""

    def __init__(self, data, *, rows: list[ItemRow], accepted: set[int]):
        super().__init__(data)
        self.accepted = accepted
        self.rows = [row for row in rows if self.points_name(row) in data]
        for row in self.rows:
            pk = row.score.pk
            self.fields[f"p-{pk}"] = forms.CharField(required=False, strip=True)
            self.fields[f"e-{pk}"] = forms.CharField(required=False, strip=True)
            self.fields[f"v-{pk}"] = forms.CharField(required=False, strip=True)

    @staticmethod
    def points_name(row: ItemRow) -> str:
        return f"p-{row.score.pk}"

    def clean(self):
        data = super().clean()
        self.parsed: dict[int, tuple] = {}
        for row in self.rows:
            pk = row.score.pk
            typed = data.get(f"p-{pk}", "")
            explanation = data.get(f"e-{pk}", "")
            try:
                points = parse_points(typed)
                version = int(data.get(f"v-{pk}", ""))
            except ValueError:
                self.add_error(
                    f"p-{pk}", gettext_now("“%(value)s” không phải là số.") % {"value": typed}
                )
                continue
            self.parsed[pk] = (points, explanation, version)
            score = row.score
            if score.self_points == points and score.explanation == explanation:
                continue  # unchanged rows are not checked again
            problems = self_points_errors(row.item, points)
            for problem in problems:
                self.add_error(f"p-{pk}", problem)
            accepted = row.item.pk in self.accepted
            if not problems and needs_explanation(points, accepted) and not explanation:
                self.add_error(
                    f"e-{pk}",
                    gettext_now(
                        "cần giải trình khi chấm điểm mà minh chứng chưa được duyệt “Đạt”."
                    ),
                )
        return data

    def row_errors(self, row: ItemRow) -> list[str]:
        pk = row.score.pk
        return [e for name in (f"p-{pk}", f"e-{pk}", f"v-{pk}") for e in self.errors.get(name, [])]

    def self_rows(self) -> list[SelfRow]:
        """What to save, for `services.self_score_save`."""
        return [SelfRow(pk, *values) for pk, values in self.parsed.items()]


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


# --- the remediation plan editor -----------------------------------------------------------

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

    @cached_property
    def warnings(self) -> dict[str, list[str]]:
        """{field: [warning]}: a deadline written in a text ("trước ngày 30/06/2024"), read as
        the grid reads an action text, outside the plan's year gets the grid's warning. A warning, not a refusal: the text
        is saved as typed (the text as typed, or as stored when the page is only shown)."""
        year = self.draft.next_year
        found = {}
        for name in self.fields:
            if name == "version" or name.startswith("reset_"):
                continue
            outside = [d for d in deadline_dates(self[name].value() or "") if d.year != year]
            if outside:
                found[name] = [
                    gettext_now("%(warning)s: %(days)s (kế hoạch năm %(year)s).")
                    % {
                        "warning": GridWarning.DEADLINE_OUTSIDE_YEAR.label,
                        "days": ", ".join(day(d) for d in outside),
                        "year": year,
                    }
                ]
        return found

    def rows(self):
        """(entry, responsibility field, its reset, remedy field, its reset, the remedy's
        warnings) per deducted item."""
        for entry in self.draft.deducted:
            r, m = item_field(entry.item.pk, "responsibility"), item_field(entry.item.pk, "remedy")
            yield (
                entry,
                self[r],
                self[f"reset_{r}"],
                self[m],
                self[f"reset_{m}"],
                self.warnings.get(r, []) + self.warnings.get(m, []),
            )

    def plan_fields(self):
        for name in PLAN_FIELDS:
            yield self[name], self[f"reset_{name}"], self.warnings.get(name, [])


# --- the reviewers' dashboard --------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    """Plain form: five GET fields do not justify a django-filter dependency, and the sort keys
    are annotations that a FilterSet would not know anyway."""

    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), (NO_ROUND, NO_ROUND_LABEL), *Status.choices],
    )
    classification = forms.ChoiceField(
        label=_("Xếp loại"),
        required=False,
        choices=[
            ("", _("Mọi xếp loại")),
            *Classification.choices,
            (INELIGIBLE, INELIGIBLE_LABEL),
            (UNCLASSIFIED, UNCLASSIFIED_LABEL),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        required=False,
        choices=[("", _("Mọi loại đơn vị")), *UnitKind.choices],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(k, k) for key in SORTS for k in (key, f"-{key}")]
    )

    def values(self) -> dict[str, str]:
        """The valid fields; a bad value in one field is dropped, not an error page."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
