"""The criteria app in the admin site: frameworks and their items, rounds and assignments.

A framework used by rounds is frozen, here as on the pages: it, its criteria, items and class
bands are shown read-only with the reason. Points are checked against the framework's totals
with the service's rule before anything is saved. A round is opened through `round_create`,
so it gets its assignment grid; an assignment (who does an item, by when) is corrected through
`grid_save`, the assignment grid's own save: the same checks, the same conflict refusal, the
same history row, with the administrator as its author.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dvcq.admin_kit import ReadOnlyTabularInline, RecordAdmin
from dvcq.forms import DayField
from dvcq.locking import conflict_message
from dvcq.org.models import Position, Unit

from .forms import AssignmentRowForm
from .models import AssessmentRound, Assignment, ClassBand, Criterion, Framework, Item
from .permissions import SCALE_OWNER_KINDS
from .services import (
    GridRow,
    assignment_fingerprint,
    framework_assert_editable,
    framework_check_totals,
    grid_save,
    round_create,
)


def frozen_reason(framework: Framework | None) -> str:
    """The service's refusal for a framework in use, as the admin's read-only notice."""
    if framework is None or framework.pk is None:
        return ""
    try:
        framework_assert_editable(framework)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _totals_error(framework: Framework, items: list[Item]) -> ValidationError | None:
    try:
        framework_check_totals(framework, items)
    except ValidationError as error:
        return error
    return None


def _items_after(framework: Framework, edited: list[Item], removed: set[int] = frozenset()):
    """The framework's items as stored, with `edited` in place of their stored selves."""
    replaced = {i.pk for i in edited if i.pk} | set(removed)
    stored = Item.objects.filter(criterion__framework=framework).exclude(pk__in=replaced)
    return list(stored) + list(edited)


class FrozenInline:
    """An inline of a framework's children: read-only once the framework is frozen."""

    def _frozen(self, obj) -> bool:
        framework = obj if isinstance(obj, Framework) else getattr(obj, "framework", None)
        return bool(frozen_reason(framework))

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


# --- frameworks ----------------------------------------------------------------------------


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = [
            "owner",
            "year",
            "name",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "total_points",
            "max_bonus_points",
            "is_sample_scale",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            # A scale is issued by a province-level unit, as on the import page.
            self.fields["owner"].queryset = Unit.objects.filter(kind__in=SCALE_OWNER_KINDS)

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and not self.errors:
            error = _totals_error(self.instance, _items_after(self.instance, []))
            if error is not None:
                field = "max_bonus_points" if error.code == "bonus_over_cap" else "total_points"
                self.add_error(field, error)


class CriterionInline(FrozenInline, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "title"]
    show_change_link = True


class ClassBandInlineFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            _limit_criteria(form, self.instance)


def _limit_criteria(form, framework: Framework | None) -> None:
    field = form.fields.get("no_deduction_on")
    if field is not None:
        field.queryset = (
            Criterion.objects.filter(framework=framework)
            if framework is not None and framework.pk
            else Criterion.objects.none()
        )


class ClassBandInline(FrozenInline, admin.TabularInline):
    model = ClassBand
    formset = ClassBandInlineFormSet
    extra = 0
    fields = ["classification", "min_score", "no_deduction_on"]


@admin.register(Framework)
class FrameworkAdmin(RecordAdmin):
    form = FrameworkForm
    list_display = [
        "name",
        "year",
        "owner",
        "decision_number",
        "is_sample_scale",
        "points_sum_display",
        "in_use_display",
    ]
    list_filter = ["year", "is_sample_scale", ("owner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = ["name", "decision_number", "owner__name", "year"]
    autocomplete_fields = ["owner"]
    fields = [
        "owner",
        "year",
        "name",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "total_points",
        "max_bonus_points",
        "is_sample_scale",
        "created_at",
    ]
    locked_fields = ("created_at",)
    inlines = [CriterionInline, ClassBandInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    def workflow_locked(self, obj) -> str:
        return frozen_reason(obj)

    @admin.display(description=_("tổng điểm các nội dung"))
    def points_sum_display(self, obj):
        return obj.points_sum

    @admin.display(description=_("đang được dùng"), boolean=True)
    def in_use_display(self, obj):
        return obj.in_use


# --- criteria and items --------------------------------------------------------------------


class NotIntoFrozen(forms.ModelForm):
    """A new child may not be added to a frozen framework (`frozen_field` names its link)."""

    frozen_field = "framework"

    def _framework(self):
        return self.cleaned_data.get(self.frozen_field)

    def clean(self):
        cleaned = super().clean()
        reason = frozen_reason(self._framework())
        if reason and not self.instance.pk:
            self.add_error(self.frozen_field, reason)
        return cleaned


class CriterionForm(NotIntoFrozen):
    class Meta:
        model = Criterion
        fields = ["framework", "number", "title"]


class ItemInlineFormSet(forms.BaseInlineFormSet):
    """The criterion's items: their points, as edited, must fit the framework's totals."""

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.framework_id:
            return
        edited, removed = [], set()
        for form in self.forms:
            if not form.has_changed() and form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    removed.add(form.instance.pk)
                continue
            if form.cleaned_data:
                form.instance.criterion = self.instance
                edited.append(form.instance)
        framework = self.instance.framework
        error = _totals_error(framework, _items_after(framework, edited, removed))
        if error is not None:
            raise error


class ItemInline(FrozenInline, admin.TabularInline):
    model = Item
    formset = ItemInlineFormSet
    extra = 0
    fields = ["number", "text", "max_points", "is_bonus", "is_reviewer_only"]
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(RecordAdmin):
    form = CriterionForm
    list_display = ["__str__", "framework"]
    list_filter = ["framework__year", ("framework", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["framework__owner"]
    search_fields = ["title", "framework__name", "framework__owner__name"]
    autocomplete_fields = ["framework"]
    fields = ["framework", "number", "title"]
    inlines = [ItemInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # A criterion does not move between frameworks.
        return fields if obj is None else [*fields, "framework"]

    def workflow_locked(self, obj) -> str:
        return frozen_reason(obj.framework)


class ItemForm(NotIntoFrozen):
    frozen_field = "criterion"

    class Meta:
        model = Item
        fields = [
            "criterion",
            "number",
            "text",
            "max_points",
            "guidance",
            "is_bonus",
            "is_reviewer_only",
            "max_penalty_points",
            "default_assignees",
            "default_action",
            "default_deadline",
        ]

    def _framework(self):
        criterion = self.cleaned_data.get("criterion")
        return criterion.framework if criterion else None

    def _post_clean(self):
        super()._post_clean()
        criterion = (
            getattr(self.instance, "criterion", None) if self.instance.criterion_id else None
        )
        if criterion is not None and not self.errors:
            framework = criterion.framework
            error = _totals_error(framework, _items_after(framework, [self.instance]))
            if error is not None:
                self.add_error("max_points", error)


@admin.register(Item)
class ItemAdmin(RecordAdmin):
    form = ItemForm
    list_display = [
        "code_display",
        "text_display",
        "framework_display",
        "max_points",
        "is_bonus",
        "is_reviewer_only",
    ]
    list_filter = ["criterion__framework__year", "is_bonus", "is_reviewer_only"]
    list_select_related = ["criterion__framework__owner"]
    search_fields = ["text", "criterion__title", "default_assignees"]
    autocomplete_fields = ["criterion"]
    fields = ItemForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # An item does not move between criteria: its scores and assignments refer to it.
        return fields if obj is None else [*fields, "criterion"]

    def workflow_locked(self, obj) -> str:
        return frozen_reason(obj.criterion.framework)

    @admin.display(description=_("mã"), ordering="criterion__number")
    def code_display(self, obj):
        return obj.code

    @admin.display(description=_("nội dung tiêu chí"))
    def text_display(self, obj):
        return obj.text[:100]

    @admin.display(description=_("khung tiêu chí"), ordering="criterion__framework__year")
    def framework_display(self, obj):
        return obj.criterion.framework


class ClassBandForm(NotIntoFrozen):
    class Meta:
        model = ClassBand
        fields = ["framework", "classification", "min_score", "no_deduction_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            _limit_criteria(self, self.instance.framework)
        else:
            self.fields["no_deduction_on"].queryset = Criterion.objects.select_related("framework")

    def clean(self):
        cleaned = super().clean()
        framework = cleaned.get("framework")
        if framework is None and self.instance.framework_id:
            framework = self.instance.framework
        chosen = cleaned.get("no_deduction_on") or []
        if framework is not None and any(c.framework_id != framework.pk for c in chosen):
            self.add_error(
                "no_deduction_on", _("Chỉ chọn được các tiêu chí của cùng khung tiêu chí.")
            )
        return cleaned


@admin.register(ClassBand)
class ClassBandAdmin(RecordAdmin):
    form = ClassBandForm
    list_display = ["classification", "min_score", "framework"]
    list_filter = ["framework__year", "classification"]
    list_select_related = ["framework__owner"]
    search_fields = ["framework__name", "framework__owner__name"]
    autocomplete_fields = ["framework"]
    fields = ["framework", "classification", "min_score", "no_deduction_on"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "framework"]

    def workflow_locked(self, obj) -> str:
        return frozen_reason(obj.framework)


# --- rounds and assignments ----------------------------------------------------------------


class RoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["unit", "framework", "plan_number", "plan_date", "reviewing_unit"]

    def clean(self):
        cleaned = super().clean()
        unit, framework = cleaned.get("unit"), cleaned.get("framework")
        reviewing = cleaned.get("reviewing_unit")
        if unit is not None and reviewing is not None and reviewing.pk == unit.pk:
            self.add_error("reviewing_unit", _("Đơn vị không tự thẩm định kết quả của chính mình."))
        if unit is not None and framework is not None and not self.instance.pk:
            # The frameworks a unit may use: those of its own unit or a unit above it, as the
            # compiler's "create a round" choice offers them.
            above, node = set(), unit
            while node is not None:
                above.add(node.pk)
                node = node.parent
            if framework.owner_id not in above:
                self.add_error(
                    "framework",
                    _("Khung tiêu chí của %(owner)s không áp dụng cho %(unit)s.")
                    % {"owner": framework.owner, "unit": unit},
                )
        return cleaned


class AssignmentInline(ReadOnlyTabularInline):
    model = Assignment
    fields = ["item", "deadline", "assignee_note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__criterion")


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(RecordAdmin):
    form = RoundForm
    list_display = [
        "unit",
        "year_display",
        "framework",
        "reviewing_unit",
        "plan_number",
        "plan_date",
        "created_at",
    ]
    list_select_related = ["unit", "framework__owner", "reviewing_unit"]
    list_filter = ["framework__year", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["unit__name", "unit__code", "plan_number"]
    autocomplete_fields = ["unit", "framework", "reviewing_unit"]
    fields = ["unit", "framework", "reviewing_unit", "plan_number", "plan_date", "created_at"]
    locked_fields = ("created_at",)
    inlines = [AssignmentInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # A round's unit and framework are what its grid, evidence and scores were made for.
        return fields if obj is None else [*fields, "unit", "framework"]

    @admin.display(description=_("năm"), ordering="framework__year")
    def year_display(self, obj):
        return obj.framework.year

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Opened as a compiler opens one: with its grid from the previous round or defaults.
        created = round_create(
            unit=obj.unit,
            framework=obj.framework,
            plan_number=obj.plan_number,
            plan_date=obj.plan_date,
            reviewing_unit=obj.reviewing_unit,
        )
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding = False


class AssignmentForm(forms.ModelForm):
    """One row of the grid, checked by the grid's own row form and saved by `grid_save`."""

    deadline = DayField(label=_("Hạn nộp minh chứng"), required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Assignment
        fields = ["lead_positions", "cooperating_positions", "assignee_note", "action", "deadline"]
        widgets = {
            "lead_positions": forms.CheckboxSelectMultiple,
            "cooperating_positions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignment = self.instance
        positions = Position.objects.filter(unit=assignment.round.unit_id).order_by("order")
        self.positions = list(positions)
        for name in ("lead_positions", "cooperating_positions"):
            self.fields[name].queryset = positions
        self.fields["seen_version"].initial = assignment.version
        self.fields["fingerprint"].initial = assignment_fingerprint(assignment)

    def clean(self):
        cleaned = super().clean()
        row = AssignmentRowForm(
            {
                "id": self.instance.pk,
                "version": cleaned.get("seen_version"),
                "fingerprint": cleaned.get("fingerprint", ""),
                "lead": [p.pk for p in cleaned.get("lead_positions") or []],
                "cooperating": [p.pk for p in cleaned.get("cooperating_positions") or []],
                "assignee_note": cleaned.get("assignee_note", ""),
                "action": cleaned.get("action", ""),
                "deadline": cleaned["deadline"].isoformat() if cleaned.get("deadline") else "",
            },
            position_choices=[(p.pk, p.name) for p in self.positions],
        )
        if not row.is_valid():
            for name, errors in row.errors.items():
                field = {"lead": "lead_positions", "cooperating": "cooperating_positions"}.get(
                    name, name
                )
                self.add_error(field if field in self.fields else None, errors)
            return cleaned
        self.row = row.cleaned_data
        # The grid's conflict rule, before anything is saved: a row saved by someone else
        # since this page was opened is refused (grid_save checks it again, locked).
        current = Assignment.objects.get(pk=self.instance.pk)
        if current.version != cleaned.get("seen_version"):
            self.add_error(None, conflict_message(current))
        return cleaned


@admin.register(Assignment)
class AssignmentAdmin(RecordAdmin):
    form = AssignmentForm
    list_display = [
        "unit_display",
        "year_display",
        "item_display",
        "leads_display",
        "assignee_note",
        "deadline",
    ]
    list_select_related = ["round__unit", "round__framework", "item__criterion"]
    list_filter = [
        "round__framework__year",
        ("round__unit", admin.RelatedOnlyFieldListFilter),
        "deadline",
    ]
    search_fields = ["round__unit__name", "item__text", "assignee_note", "action"]
    fields = [
        "round",
        "item",
        "lead_positions",
        "cooperating_positions",
        "assignee_note",
        "action",
        "deadline",
        "version",
        "seen_version",
        "fingerprint",
    ]
    locked_fields = ("round", "item", "version")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_positions")

    def has_add_permission(self, request):
        # Assignments are the grid of a round: made when the round is opened.
        return False

    @admin.display(description=_("đơn vị"), ordering="round__unit__name")
    def unit_display(self, obj):
        return obj.round.unit

    @admin.display(description=_("năm"), ordering="round__framework__year")
    def year_display(self, obj):
        return obj.round.framework.year

    @admin.display(description=_("nội dung"), ordering="item__criterion__number")
    def item_display(self, obj):
        return obj.item

    @admin.display(description=_("chủ trì"))
    def leads_display(self, obj):
        return ", ".join(p.name for p in obj.lead_positions.all())

    def save_model(self, request, obj, form, change):
        row = form.row
        grid_save(
            assessment_round=obj.round,
            rows=[
                GridRow(
                    assignment_id=obj.pk,
                    version=row["version"],
                    lead_ids=row["lead"],
                    cooperating_ids=row["cooperating"],
                    assignee_note=row["assignee_note"],
                    action=row["action"],
                    deadline=row["deadline"],
                    fingerprint=row["fingerprint"],
                )
            ],
            user=request.user,
        )

    def save_related(self, request, form, formsets, change):
        # grid_save has set the positions and written the history row with them.
        pass
