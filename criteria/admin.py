from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .models import AssessmentRound, ClassBand, Criterion, Framework, Item
from .services import framework_assert_editable


class FrozenWhenInUse:
    """Admin pages of a framework become read-only once rounds use it."""

    def _framework(self, obj):
        return obj if isinstance(obj, Framework) else getattr(obj, "framework", None)

    def has_change_permission(self, request, obj=None):
        framework = self._framework(obj) if obj else None
        if framework is not None and framework.is_in_use():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework(obj) if obj else None
        if framework is not None and framework.is_in_use():
            return False
        return super().has_delete_permission(request, obj)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "title"]


class ClassBandInline(admin.TabularInline):
    model = ClassBand
    extra = 0
    fields = ["classification", "min_score", "no_deduction_on"]


@admin.register(Framework)
class FrameworkAdmin(FrozenWhenInUse, admin.ModelAdmin):
    list_display = ["name", "year", "owner", "decision_number", "is_sample_scale"]
    list_filter = ["year", "is_sample_scale"]
    list_select_related = ["owner"]
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
    ]
    inlines = [CriterionInline, ClassBandInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            from .services import framework_check_totals

            framework_check_totals(form.instance)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_points", "is_bonus", "is_reviewer_only"]
    list_filter = ["criterion__framework", "is_bonus", "is_reviewer_only"]
    list_select_related = ["criterion__framework"]
    search_fields = ["text"]
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
    raw_id_fields = ["criterion"]

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            try:
                framework_assert_editable(obj.criterion.framework)
            except ValidationError:
                return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin):
    list_display = ["unit", "framework", "plan_number", "created_at"]
    list_select_related = ["unit", "framework"]
    list_filter = ["framework__year"]
    search_fields = ["unit__name"]
    fields = ["unit", "framework", "plan_number", "plan_date"]
    autocomplete_fields = ["unit"]
