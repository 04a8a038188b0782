"""The Dân vận khéo records in the admin site (`/quan-tri/`), with no way around the workflow.

- What the workflow writes is shown, never changed here: a model's step and its dated steps
  (`ModelEvent`), the documents and their hashes, the members' scores, a concluded appraisal, a
  recognised exemplar, a scoring sheet an appraisal already uses.
- What an administrator may correct goes through the app's own checks: a registration through
  `DvkModelForm` and `services.registration.model_update` (its history names the
  administrator), an appraisal's plan and team through `services.appraisal.appraisal_setup`,
  a campaign and its targets, milestones and participants through the campaign forms.
- Nothing is deleted that the app keeps: a model is dropped (its soft delete, the step "Loại
  bỏ" with a reason) by an action calling `services.lifecycle.model_step`; only targets,
  milestones and participants, which the campaign page deletes too, may be deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from dvcq.admin_kit import ReadOnlyTabularInline, RecordAdmin
from dvcq.forms import DayField

from .forms import CampaignForm, DvkModelForm, MilestoneForm, TargetForm, unit_people
from .models import (
    OPEN_STEPS,
    Appraisal,
    Campaign,
    DossierItem,
    DvkModel,
    Exemplar,
    MemberScore,
    Milestone,
    ModelDocument,
    ModelEvent,
    Participant,
    PlanSection,
    Rubric,
    RubricCriterion,
    Step,
    Target,
)
from .services.appraisal import appraisal_date_errors, appraisal_setup
from .services.exemplar import nomination_errors
from .services.lifecycle import model_step
from .services.registration import model_update


def _add_errors(form: forms.BaseForm, errors: dict) -> None:
    """The services' refusals ({field: [message]}) beside their field, or above the form."""
    for field, messages_ in errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


class ViewOnlyAdmin(RecordAdmin):
    """Records only the workflow writes: listed, searched, exported and read, never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- campaigns ------------------------------------------------------------------------------


class TargetInline(admin.TabularInline):
    model = Target
    form = TargetForm
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    extra = 0


class ParticipantAdminForm(forms.ModelForm):
    """ParticipantForm's rule: the accounts registering for a participant are the active
    accounts of the campaign's unit."""

    class Meta:
        model = Participant
        fields = ["campaign", "name", "kind", "is_party_org", "members"]

    def clean(self):
        data = super().clean()
        # In the campaign's inline, "campaign" is the parent, cleaned after the other fields.
        campaign = data.get("campaign") or (
            self.instance.campaign if self.instance.campaign_id else None
        )
        members = data.get("members")
        if campaign is not None and members:
            outside = [m for m in members if not m.is_active or m.unit_id != campaign.unit_id]
            if outside:
                self.add_error(
                    "members",
                    _("Chỉ chọn tài khoản đang hoạt động của %(unit)s: %(names)s.")
                    % {"unit": campaign.unit, "names": ", ".join(str(m) for m in outside)},
                )
        return data


class ParticipantInline(admin.TabularInline):
    model = Participant
    form = ParticipantAdminForm
    extra = 0
    autocomplete_fields = ["members"]
    show_change_link = True


class CampaignAdminForm(CampaignForm):
    """The campaign page's form (its year rule, its date field) plus the unit and the previous
    campaign, which only the admin sets."""

    class Meta(CampaignForm.Meta):
        fields = ["unit", *CampaignForm.Meta.fields, "previous"]

    def clean_previous(self):
        previous = self.cleaned_data.get("previous")
        unit, year = self.cleaned_data.get("unit"), self.cleaned_data.get("year")
        if previous and unit and year and (previous.unit_id != unit.pk or previous.year >= year):
            raise forms.ValidationError(
                _("Phong trào năm trước phải của cùng đơn vị, ở năm trước.")
            )
        return previous


@admin.register(Campaign)
class CampaignAdmin(RecordAdmin):
    form = CampaignAdminForm
    list_display = ["organiser", "year", "unit", "guide_number", "model_count"]
    list_filter = ["year", "unit"]
    list_select_related = ["unit"]
    search_fields = ["organiser", "title", "guide_number", "unit__name"]
    autocomplete_fields = ["unit", "previous"]
    fields = [*CampaignAdminForm.Meta.fields, "created_at"]
    locked_fields = ("created_at",)
    inlines = [TargetInline, MilestoneInline, ParticipantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models", distinct=True))

    @admin.display(description=_("số mô hình"), ordering="model_count")
    def model_count(self, obj):
        return obj.model_count

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            # The unit and year are what its models, dates and scoring sheet hang on; the
            # previous year's campaign is what its continued models are linked to.
            fields = [*fields, *(f for f in ("unit", "year", "previous") if f not in fields)]
        return fields


class CampaignChildAdmin(RecordAdmin):
    """A target, milestone or participant on its own (usually edited with its campaign)."""

    # The campaign page deletes them too; nothing keeps a history of them.
    deletable = True
    autocomplete_fields = ["campaign"]
    list_select_related = ["campaign"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "campaign"] if obj is not None else fields


@admin.register(Target)
class TargetAdmin(CampaignChildAdmin):
    form = TargetForm
    fields = ["campaign", "kind", "label", "value"]
    list_display = ["label", "kind", "value", "campaign"]
    list_filter = ["kind", "campaign__year", "campaign__unit"]
    search_fields = ["label", "campaign__organiser", "campaign__unit__name"]


class MilestoneAdminForm(MilestoneForm):
    def clean_due(self):
        # A new milestone's campaign is chosen in the same form (cleaned before "due").
        if not self.instance.campaign_id and self.cleaned_data.get("campaign"):
            self.instance.campaign = self.cleaned_data["campaign"]
        return super().clean_due()


@admin.register(Milestone)
class MilestoneAdmin(CampaignChildAdmin):
    form = MilestoneAdminForm
    fields = ["campaign", "kind", "label", "due"]
    list_display = ["__str__", "kind", "due", "campaign"]
    list_filter = ["kind", "campaign__year", "campaign__unit"]
    search_fields = ["label", "campaign__organiser", "campaign__unit__name"]


@admin.register(Participant)
class ParticipantAdmin(CampaignChildAdmin):
    form = ParticipantAdminForm
    fields = ["campaign", "name", "kind", "is_party_org", "members"]
    list_display = ["name", "kind", "is_party_org", "campaign"]
    list_filter = ["kind", "is_party_org", "campaign__year", "campaign__unit"]
    search_fields = ["name", "campaign__organiser", "campaign__unit__name"]
    autocomplete_fields = ["campaign", "members"]


# --- models and their lifecycle ---------------------------------------------------------------


class ModelEventInline(ReadOnlyTabularInline):
    model = ModelEvent
    fields = ["step", "on", "note", "user", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class ModelDocumentInline(ReadOnlyTabularInline):
    model = ModelDocument
    fk_name = "model"
    fields = ["kind", "title", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class DropForm(forms.Form):
    """The drop action's page: the day and the reason, as the model page's step form asks."""

    on = DayField(label=_("Ngày loại bỏ"))
    note = forms.CharField(
        label=_("Lý do loại bỏ"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


@admin.register(DvkModel)
class DvkModelAdmin(RecordAdmin):
    form = DvkModelForm
    list_display = ["name", "participant", "campaign", "field", "origin", "step", "version"]
    list_filter = ["step", "field", "origin", "subject", "campaign__year", "campaign__unit"]
    list_select_related = ["campaign", "participant"]
    search_fields = ["name", "location", "host", "participant__name", "campaign__unit__name"]
    # The participant and last year's model are chosen among the campaign's few (the
    # registration form's lists), not searched in every campaign.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "campaign",
                    "participant",
                    "name",
                    "quantity",
                    "location",
                    "host",
                    "field",
                    "scale",
                    "subject",
                    "subject_name",
                    "origin",
                    "previous",
                    "higher_targets",
                    "version",
                ]
            },
        ),
        (
            _("Nội dung mô hình"),
            {
                "fields": [
                    "situation",
                    "goals",
                    "methods",
                    "forces",
                    "resources",
                    "timeline",
                    "outputs",
                    "sustainability",
                    "leader",
                    "results",
                ]
            },
        ),
        (
            _("Quy trình (ghi ở trang của mô hình)"),
            {"fields": ["step", "drop_reason", "registered_by", "created_at"]},
        ),
    ]
    locked_fields = ("campaign", "step", "drop_reason", "registered_by", "created_at")
    inlines = [ModelEventInline, ModelDocumentInline]
    actions = ["drop_models"]

    def has_add_permission(self, request):
        # A registration is made on its campaign's page (or imported from Phụ lục 1), which
        # records its registered step with the day.
        return False

    def workflow_locked(self, obj) -> str:
        if obj.step in OPEN_STEPS:
            return ""
        return _("Mô hình đã ở bước “%(step)s”: đăng ký không sửa được nữa.") % {
            "step": obj.get_step_display()
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or self.workflow_locked(obj):
            return super().get_form(request, obj, change, form=forms.ModelForm, **kwargs)
        form = super().get_form(request, obj, change, **kwargs)
        campaign, user = obj.campaign, request.user

        class RegistrationForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, campaign=campaign, user=user, **kw)

            def clean(self):
                data = super().clean()
                sent = data.get("version")
                now = DvkModel.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
                if sent is not None and sent != now.first():
                    self.add_error(
                        None,
                        _(
                            "Chưa lưu: mô hình vừa được người khác sửa hoặc chuyển bước. Hãy mở "
                            "lại trang và nhập lại thay đổi."
                        ),
                    )
                return data

        return RegistrationForm

    def save_model(self, request, obj, form, change):
        # The registration's own write: permission, version, rules, full_clean, history.
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "registered_on")}
        saved = model_update(
            model=obj, user=request.user, data=data, version=form.cleaned_data.get("version")
        )
        obj.version = saved.version

    @admin.action(description=_("Loại bỏ các mô hình đã chọn (ghi lý do)"))
    def drop_models(self, request, queryset):
        form = DropForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            dropped = 0
            for model in queryset.select_related("campaign", "participant"):
                try:
                    model_step(
                        model=model,
                        step=Step.DROPPED,
                        on=form.cleaned_data["on"],
                        user=request.user,
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    messages.error(request, f"{model}: {' '.join(error.messages)}")
                else:
                    dropped += 1
            if dropped:
                messages.success(request, _("Đã loại bỏ %(count)s mô hình.") % {"count": dropped})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Loại bỏ mô hình"),
            "opts": self.opts,
            "form": form,
            "models": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/models_dvk/dvkmodel/drop.html", context)


@admin.register(ModelEvent)
class ModelEventAdmin(ViewOnlyAdmin):
    list_display = ["model", "step", "on", "user", "created_at"]
    list_filter = ["step", "model__campaign__year", "model__campaign__unit"]
    list_select_related = ["model", "user"]
    search_fields = ["model__name", "note", "user__username", "user__full_name"]
    date_hierarchy = "on"


@admin.register(PlanSection)
class PlanSectionAdmin(ViewOnlyAdmin):
    """A campaign plan's edited sections: written on the plan page (its version check and
    history); read here with their history."""

    list_display = ["campaign", "key", "updated_by", "updated_at", "version"]
    list_filter = ["campaign__year", "campaign__unit"]
    list_select_related = ["campaign", "updated_by"]
    search_fields = ["campaign__organiser", "key", "text"]


@admin.register(ModelDocument)
class ModelDocumentAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "kind", "model", "campaign", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "campaign__year", "campaign__unit"]
    list_select_related = ["model", "campaign", "uploaded_by"]
    search_fields = ["title", "original_name", "sha256", "model__name", "campaign__unit__name"]


# --- scoring sheets -----------------------------------------------------------------------------


def _rubric_in_use(rubric: Rubric) -> str:
    count = rubric.appraisals.count()
    if not count:
        return ""
    return _(
        "Biểu chấm “%(rubric)s” đang được dùng cho %(count)s cuộc thẩm định: không sửa được nữa."
    ) % {"rubric": rubric, "count": count}


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0
    can_delete = False
    fields = ["part", "number", "text", "max_points", "is_key"]


class CriterionReadOnlyInline(ReadOnlyTabularInline):
    model = RubricCriterion
    fields = ["part", "number", "text", "max_points", "is_key"]
    readonly_fields = fields


@admin.register(Rubric)
class RubricAdmin(RecordAdmin):
    list_display = ["name", "year", "kind", "pass_total", "appraisal_count"]
    list_filter = ["year", "kind"]
    search_fields = ["name", "source"]
    fields = ["year", "kind", "name", "source", "pass_total"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appraisal_count=Count("appraisals"))

    @admin.display(description=_("số cuộc thẩm định"), ordering="appraisal_count")
    def appraisal_count(self, obj):
        return obj.appraisal_count

    def workflow_locked(self, obj) -> str:
        return _rubric_in_use(obj)

    def get_inlines(self, request, obj):
        if obj is not None and self.workflow_locked(obj):
            return [CriterionReadOnlyInline]
        return [CriterionInline]


class RubricCriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["rubric", "part", "number", "text", "max_points", "is_key"]

    def clean_rubric(self):
        rubric = self.cleaned_data["rubric"]
        if rubric is not None and (reason := _rubric_in_use(rubric)):
            raise forms.ValidationError(reason)
        return rubric


@admin.register(RubricCriterion)
class RubricCriterionAdmin(RecordAdmin):
    form = RubricCriterionForm
    list_display = ["number", "part", "short_text", "max_points", "is_key", "rubric"]
    list_filter = ["rubric__year", "rubric__kind", "part", "is_key"]
    list_select_related = ["rubric"]
    search_fields = ["text", "rubric__name"]
    fields = ["rubric", "part", "number", "text", "max_points", "is_key"]

    @admin.display(description=_("tiêu chí"))
    def short_text(self, obj):
        return obj.text[:80]

    def workflow_locked(self, obj) -> str:
        return _rubric_in_use(obj.rubric)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "rubric"] if obj is not None and "rubric" not in fields else fields


# --- appraisals ---------------------------------------------------------------------------------


class MemberScoreInline(ReadOnlyTabularInline):
    model = MemberScore
    fields = ["member", "criterion", "points", "met", "note"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "criterion")


class AppraisalAdminForm(forms.ModelForm):
    """The setup of `appraisal_setup` (plan, conference day, team, sheet) and its checks."""

    plan_date = DayField(label=_("Ngày kế hoạch thẩm định"), required=False)
    conference_on = DayField(label=_("Ngày hội nghị thẩm định"), required=False)
    report_received_on = DayField(label=_("Ngày tổ thẩm định nhận báo cáo"), required=False)

    class Meta:
        model = Appraisal
        fields = [
            "rubric",
            "plan_number",
            "plan_date",
            "conference_on",
            "report_received_on",
            "members",
        ]
        error_messages = {"members": {"required": _("Tổ thẩm định cần ít nhất một thành viên.")}}

    def clean(self):
        data = super().clean()
        appraisal = self.instance
        model = appraisal.model
        if model.step != Step.APPRAISING:
            self.add_error(
                None,
                _("Mô hình phải ở bước “Thẩm định” (hiện: “%(step)s”).")
                % {"step": model.get_step_display()},
            )
        dates = {k: data.get(k) for k in ("plan_date", "conference_on", "report_received_on")}
        _add_errors(self, appraisal_date_errors(model=model, **dates))
        rubric = data.get("rubric")
        if rubric is not None:
            if rubric.year > model.campaign.year:
                self.add_error("rubric", _("Biểu chấm điểm: lựa chọn không hợp lệ."))
            elif rubric.pk != appraisal.rubric_id and appraisal.scores.exists():
                self.add_error(
                    "rubric",
                    _("Đã có thành viên chấm theo “%(rubric)s”: không đổi biểu chấm được nữa.")
                    % {"rubric": appraisal.rubric.name},
                )
        members = data.get("members")
        if members is not None:
            allowed = set(unit_people(model.campaign.unit).values_list("pk", flat=True))
            if any(m.pk not in allowed for m in members):
                self.add_error("members", _("Tổ thẩm định: chỉ chọn người của đơn vị."))
        return data


@admin.register(Appraisal)
class AppraisalAdmin(RecordAdmin):
    form = AppraisalAdminForm
    list_display = ["model", "unit", "rubric", "conference_on", "passed", "decision_number"]
    list_filter = ["passed", "model__campaign__year", "model__campaign__unit"]
    list_select_related = ["model__campaign__unit", "rubric"]
    search_fields = [
        "model__name",
        "plan_number",
        "notice_number",
        "decision_number",
        "model__campaign__unit__name",
    ]
    autocomplete_fields = ["members"]
    fieldsets = [
        (
            _("Kế hoạch và tổ thẩm định"),
            {
                "fields": [
                    "model",
                    "rubric",
                    "plan_number",
                    "plan_date",
                    "conference_on",
                    "report_received_on",
                    "members",
                ]
            },
        ),
        (
            _("Kết luận và quyết định (ghi ở trang thẩm định)"),
            {
                "fields": [
                    "minutes",
                    "notice_number",
                    "notice_date",
                    "passed",
                    "decision_number",
                    "decision_date",
                    "version",
                ]
            },
        ),
    ]
    locked_fields = (
        "model",
        "minutes",
        "notice_number",
        "notice_date",
        "passed",
        "decision_number",
        "decision_date",
        "version",
    )
    inlines = [MemberScoreInline]

    @admin.display(description=_("đơn vị"), ordering="model__campaign__unit__name")
    def unit(self, obj):
        return obj.model.campaign.unit

    def has_add_permission(self, request):
        # Opened from the model's page once the model is proposed for appraisal.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("model__campaign__unit")

    def workflow_locked(self, obj) -> str:
        if obj.passed is None:
            return ""
        return _(
            "Hội nghị thẩm định đã kết luận (%(verdict)s): thẩm định và điểm của các thành viên "
            "không sửa được nữa."
        ) % {"verdict": _("đạt") if obj.passed else _("không đạt")}

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        appraisal_setup(
            model=obj.model,
            user=request.user,
            members=list(data["members"]),
            rubric=data["rubric"],
            plan_number=data["plan_number"].strip(),
            plan_date=data["plan_date"],
            conference_on=data["conference_on"],
            report_received_on=data["report_received_on"],
        )

    def save_related(self, request, form, formsets, change):
        # appraisal_setup set the team and wrote the history row that names it.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(MemberScore)
class MemberScoreAdmin(ViewOnlyAdmin):
    """A member's sheet is theirs: entered on the appraisal's page, never changed here."""

    list_display = ["appraisal", "member", "criterion_number", "points", "met"]
    list_filter = ["appraisal__model__campaign__year", "appraisal__model__campaign__unit"]
    list_select_related = ["appraisal__model", "member", "criterion"]
    search_fields = ["appraisal__model__name", "member__username", "member__full_name"]

    @admin.display(description=_("tiêu chí"), ordering="criterion__number")
    def criterion_number(self, obj):
        return f"{obj.criterion.get_part_display()} — {obj.criterion.number}"


# --- exemplars ------------------------------------------------------------------------------------


class DossierItemInline(ReadOnlyTabularInline):
    model = DossierItem
    fields = ["kind", "copies", "document"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


class ExemplarAdminForm(forms.ModelForm):
    """The nomination's checks (`nomination_errors`), the exemplar itself aside."""

    nominated_on = DayField(label=_("Ngày đề nghị"))

    class Meta:
        model = Exemplar
        fields = ["name", "is_leader", "leader_criteria_met", "nominated_on"]

    def clean(self):
        data = super().clean()
        exemplar = self.instance
        name = (data.get("name") or "").strip()
        errors = nomination_errors(
            model=exemplar.model,
            name=name,
            on=data.get("nominated_on"),
            is_leader=data.get("is_leader", False),
            leader_criteria_met=data.get("leader_criteria_met", False),
        )
        if not exemplar.model.exemplars.exclude(pk=exemplar.pk).filter(name__iexact=name).exists():
            errors.pop("name", None)  # only itself
        _add_errors(self, errors)
        if "name" in data:
            data["name"] = name
        return data


@admin.register(Exemplar)
class ExemplarAdmin(RecordAdmin):
    form = ExemplarAdminForm
    list_display = ["name", "model", "campaign", "subject", "nominated_on", "recognised_on"]
    list_filter = ["subject", "campaign__year", "campaign__unit"]
    list_select_related = ["model", "campaign"]
    search_fields = ["name", "model__name", "recognised_number", "campaign__unit__name"]
    fields = [
        "campaign",
        "model",
        "subject",
        "name",
        "is_leader",
        "leader_criteria_met",
        "nominated_on",
        "recognised_number",
        "recognised_on",
    ]
    locked_fields = ("campaign", "model", "subject", "recognised_number", "recognised_on")
    inlines = [DossierItemInline]

    def has_add_permission(self, request):
        # Nominated from a recognised model on the campaign's page (its dossier is made then).
        return False

    def workflow_locked(self, obj) -> str:
        if obj.recognised_on is None:
            return ""
        return _(
            "Điển hình đã được công nhận (quyết định số %(number)s ngày %(day)s): không sửa "
            "được nữa."
        ) % {"number": obj.recognised_number, "day": f"{obj.recognised_on:%d/%m/%Y}"}


@admin.register(DossierItem)
class DossierItemAdmin(ViewOnlyAdmin):
    list_display = ["exemplar", "kind", "copies", "document"]
    list_filter = ["kind", "exemplar__campaign__year", "exemplar__campaign__unit"]
    list_select_related = ["exemplar", "document"]
    search_fields = ["exemplar__name", "exemplar__model__name"]
