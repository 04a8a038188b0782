"""The scoring app in the admin site: scorecards and what the workflow recorded on them.

Points, deductions, totals, statuses and transitions are written by the services of the
workflow (self-scoring, review, `transition`) and are only shown here. A published scorecard is
read-only as a whole: the workflow offers no action that reopens a published scorecard, so the
admin offers none either. What the admin may change goes through the pages' own rules: the
document references of a scorecard not yet published (no page edits them), and the texts of a
published scorecard's remediation plan through `plan_save`, with its conflict check.
"""

from django import forms
from django.contrib import admin
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from dvcq.admin_kit import ReadOnlyTabularInline, RecordAdmin

from .models import (
    CriterionResult,
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
    Status,
    Transition,
)
from .selectors import PLAN_FIELDS, next_round_of, plan_draft
from .services import ACTIONS, plan_conflict, plan_save

# The scorecard's own fields no page edits: the references of the documents around it.
REFERENCE_FIELDS = (
    "self_report_number",
    "self_report_date",
    "result_decision_number",
    "result_decision_date",
    "result_decision_issuer",
)
UNIT = ("round__unit", admin.RelatedOnlyFieldListFilter)


class WorkflowRecordAdmin(RecordAdmin):
    """A record the workflow writes: listed, shown, exported; never added or changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _status_label(code: str) -> str:
    return Status(code).label if code in Status.values else code


# --- scorecards ----------------------------------------------------------------------------


class ItemScoreInline(ReadOnlyTabularInline):
    model = ItemScore
    fields = ["item", "self_points", "awarded_points", "review_points", "explanation"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__criterion")


class CriterionResultInline(ReadOnlyTabularInline):
    model = CriterionResult
    fields = ["criterion", "max_points", "self_points", "review_points", "review_note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


class TransitionInline(ReadOnlyTabularInline):
    model = Transition
    fields = ["at", "action_label", "from_status", "to_status", "user", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("thao tác"))
    def action_label(self, obj):
        return _action_label(obj.action)


def _action_label(code: str) -> str:
    action = ACTIONS.get(code)
    return str(action.label) if action else code


@admin.register(Scorecard)
class ScorecardAdmin(RecordAdmin):
    list_display = [
        "unit_display",
        "year_display",
        "status",
        "self_total",
        "review_total",
        "class_display",
        "submitted_at",
        "published_at",
    ]
    list_select_related = ["round__unit", "round__framework"]
    list_filter = ["status", "round__framework__year", UNIT, "classification", "ineligible"]
    search_fields = [
        "round__unit__name",
        "round__unit__code",
        "self_report_number",
        "result_decision_number",
    ]
    fields = [
        "round",
        "status",
        "self_total",
        "review_total",
        "classification",
        "ineligible",
        "ineligible_reason",
        *REFERENCE_FIELDS,
        "submitted_at",
        "published_at",
        "updated_at",
        "version",
        "deductions_display",
    ]
    # Written by the workflow's services (status and dates by `transition`, totals and class by
    # `store_totals`, the ruling by `ineligible_save`), never here.
    locked_fields = tuple(f for f in fields if f not in REFERENCE_FIELDS)
    inlines = [ItemScoreInline, CriterionResultInline, TransitionInline]

    def has_add_permission(self, request):
        # A scorecard is made with its round's first page (`scorecard_for_round`).
        return False

    def workflow_locked(self, obj) -> str:
        if obj.status == Status.PUBLISHED:
            return str(
                _(
                    "Phiếu chấm đã công bố kết quả nên chỉ xem được. Quy trình chấm điểm không có "
                    "thao tác mở lại phiếu đã công bố."
                )
            )
        return ""

    @admin.display(description=_("đơn vị"), ordering="round__unit__name")
    def unit_display(self, obj):
        return obj.round.unit

    @admin.display(description=_("năm"), ordering="round__framework__year")
    def year_display(self, obj):
        return obj.round.framework.year

    @admin.display(description=_("xếp loại"), ordering="classification")
    def class_display(self, obj):
        return obj.class_label

    @admin.display(description=_("điểm bị trừ"))
    def deductions_display(self, obj):
        deductions = Deduction.objects.filter(item_score__scorecard=obj).select_related(
            "item_score__item__criterion"
        )
        return (
            "; ".join(f"{d.item_score.item.code}: {d.points} ({d.reason})" for d in deductions)
            or "—"
        )

    def save_model(self, request, obj, form, change):
        # Only the references this form may change are written: the status, totals and version
        # stay as the workflow last stored them, even if it moved since the page was read.
        changed = [name for name in form.changed_data if name in REFERENCE_FIELDS]
        if changed:
            obj.save(update_fields=changed)


class DeductionInline(ReadOnlyTabularInline):
    model = Deduction
    fields = ["points", "reason", "position"]
    readonly_fields = fields


@admin.register(ItemScore)
class ItemScoreAdmin(WorkflowRecordAdmin):
    list_display = [
        "unit_display",
        "year_display",
        "code_display",
        "self_points",
        "awarded_points",
        "review_points",
        "status_display",
    ]
    list_select_related = [
        "scorecard__round__unit",
        "scorecard__round__framework",
        "item__criterion",
    ]
    list_filter = [
        "scorecard__status",
        "scorecard__round__framework__year",
        ("scorecard__round__unit", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["scorecard__round__unit__name", "item__text", "explanation"]
    inlines = [DeductionInline]

    @admin.display(description=_("đơn vị"), ordering="scorecard__round__unit__name")
    def unit_display(self, obj):
        return obj.scorecard.round.unit

    @admin.display(description=_("năm"), ordering="scorecard__round__framework__year")
    def year_display(self, obj):
        return obj.scorecard.round.framework.year

    @admin.display(description=_("nội dung"), ordering="item__criterion__number")
    def code_display(self, obj):
        return obj.item.code

    @admin.display(description=_("trạng thái phiếu"), ordering="scorecard__status")
    def status_display(self, obj):
        return obj.scorecard.get_status_display()


@admin.register(Deduction)
class DeductionAdmin(WorkflowRecordAdmin):
    list_display = ["unit_display", "year_display", "code_display", "points", "reason"]
    list_select_related = [
        "item_score__scorecard__round__unit",
        "item_score__scorecard__round__framework",
        "item_score__item__criterion",
    ]
    list_filter = [
        "item_score__scorecard__round__framework__year",
        ("item_score__scorecard__round__unit", admin.RelatedOnlyFieldListFilter),
        "item_score__scorecard__status",
    ]
    search_fields = ["item_score__scorecard__round__unit__name", "reason"]

    @admin.display(description=_("đơn vị"), ordering="item_score__scorecard__round__unit__name")
    def unit_display(self, obj):
        return obj.item_score.scorecard.round.unit

    @admin.display(description=_("năm"), ordering="item_score__scorecard__round__framework__year")
    def year_display(self, obj):
        return obj.item_score.scorecard.round.framework.year

    @admin.display(description=_("nội dung"))
    def code_display(self, obj):
        return obj.item_score.item.code


@admin.register(CriterionResult)
class CriterionResultAdmin(WorkflowRecordAdmin):
    list_display = [
        "unit_display",
        "year_display",
        "number_display",
        "max_points",
        "self_points",
        "review_points",
    ]
    list_select_related = ["scorecard__round__unit", "scorecard__round__framework", "criterion"]
    list_filter = [
        "scorecard__round__framework__year",
        ("scorecard__round__unit", admin.RelatedOnlyFieldListFilter),
        "scorecard__status",
    ]
    search_fields = ["scorecard__round__unit__name", "criterion__title", "review_note"]

    @admin.display(description=_("đơn vị"), ordering="scorecard__round__unit__name")
    def unit_display(self, obj):
        return obj.scorecard.round.unit

    @admin.display(description=_("năm"), ordering="scorecard__round__framework__year")
    def year_display(self, obj):
        return obj.scorecard.round.framework.year

    @admin.display(description=_("tiêu chí"), ordering="criterion__number")
    def number_display(self, obj):
        return obj.criterion.number


@admin.register(Transition)
class TransitionAdmin(WorkflowRecordAdmin):
    list_display = [
        "at",
        "unit_display",
        "year_display",
        "action_display",
        "from_status",
        "to_status",
        "user",
        "note",
    ]
    list_select_related = ["scorecard__round__unit", "scorecard__round__framework", "user"]
    list_filter = [
        "to_status",
        "action",
        "scorecard__round__framework__year",
        ("scorecard__round__unit", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "scorecard__round__unit__name",
        "user__username",
        "user__full_name",
        "note",
    ]

    @admin.display(description=_("đơn vị"), ordering="scorecard__round__unit__name")
    def unit_display(self, obj):
        return obj.scorecard.round.unit

    @admin.display(description=_("năm"), ordering="scorecard__round__framework__year")
    def year_display(self, obj):
        return obj.scorecard.round.framework.year

    @admin.display(description=_("thao tác"), ordering="action")
    def action_display(self, obj):
        return _action_label(obj.action)


# --- the remediation plan ------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    """The plan's texts, within the plan page's limits; saved by `plan_save`."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = RemediationPlan
        fields = list(PLAN_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PLAN_FIELDS:
            if name in self.fields:
                # The plan page's limit (scoring.forms.PlanForm)
                self.fields[name].validators.append(MaxLengthValidator(20000))
        if "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        current = RemediationPlan.objects.select_related("updated_by").get(pk=self.instance.pk)
        if cleaned.get("seen_version") is not None and current.version != cleaned["seen_version"]:
            self.add_error(None, str(plan_conflict(current)))
        return cleaned


class RemediationItemForm(forms.ModelForm):
    class Meta:
        model = RemediationItem
        fields = ["responsibility", "remedy"]


class RemediationItemInline(admin.TabularInline):
    model = RemediationItem
    form = RemediationItemForm
    extra = 0
    fields = ["item", "responsibility", "remedy"]
    readonly_fields = ["item"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Rows are the deducted items of the review; the plan page makes them.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.scorecard.status != Status.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__criterion")


@admin.register(RemediationPlan)
class RemediationPlanAdmin(RecordAdmin):
    form = PlanForm
    list_display = ["unit_display", "year_display", "updated_at", "updated_by"]
    list_select_related = ["scorecard__round__unit", "scorecard__round__framework", "updated_by"]
    list_filter = [
        "scorecard__round__framework__year",
        ("scorecard__round__unit", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["scorecard__round__unit__name", "goals", "targets"]
    fields = ["scorecard", *PLAN_FIELDS, "updated_at", "updated_by", "version", "seen_version"]
    locked_fields = ("scorecard", "updated_at", "updated_by", "version")
    inlines = [RemediationItemInline]

    def has_add_permission(self, request):
        # A plan is started on the plan page of a published scorecard.
        return False

    def workflow_locked(self, obj) -> str:
        if obj.scorecard.status != Status.PUBLISHED:
            return str(_("Kế hoạch khắc phục chỉ sửa được khi kết quả đánh giá đã công bố."))
        return ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scorecard__round")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self.workflow_locked(obj):
            # Nothing will be posted back, so no version is carried.
            fields = [f for f in fields if f != "seen_version"]
        return fields

    @admin.display(description=_("đơn vị"), ordering="scorecard__round__unit__name")
    def unit_display(self, obj):
        return obj.scorecard.round.unit

    @admin.display(description=_("năm kết quả"), ordering="scorecard__round__framework__year")
    def year_display(self, obj):
        return obj.scorecard.round.framework.year

    def save_model(self, request, obj, form, change):
        # Saved with its items by `plan_save` once the inline rows are known (save_related).
        pass

    def save_related(self, request, form, formsets, change):
        items = {}
        for formset in formsets:
            formset.save(commit=False)  # what changed, for the admin's log; saved below
            for row in formset.forms:
                if row.instance.pk and row.cleaned_data:
                    items[row.instance.item_id] = (
                        row.cleaned_data.get("responsibility", ""),
                        row.cleaned_data.get("remedy", ""),
                    )
        scorecard = form.instance.scorecard
        plan_save(
            draft=plan_draft(scorecard, next_round_of(scorecard)),
            user=request.user,
            version=form.cleaned_data["seen_version"],
            texts={name: form.cleaned_data.get(name, "") for name in PLAN_FIELDS},
            items=items,
        )
