"""Every input of the Dân vận khéo pages. Each `clean()` runs the services' checks and puts
every refusal beside the field it is about (`add_error`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dvcq.forms import DayField
from dvcq.http import as_id
from dvcq.org.models import User
from dvcq.wording import day
from scoring.services import parse_points

from .models import (
    Appraisal,
    Campaign,
    DocumentKind,
    DvkModel,
    Field,
    Milestone,
    Origin,
    Participant,
    Rubric,
    RubricCriterion,
    RubricKind,
    Step,
    Target,
)
from .permissions import participants_for
from .plan_sections import SECTIONS, outside_year
from .services.appraisal import (
    aggregate,
    appraisal_date_errors,
    conclusion_errors,
    recognition_errors,
    score_errors,
)
from .services.exemplar import nomination_errors
from .services.lifecycle import NEXT_STEPS, step_date_errors, step_errors
from .services.registration import registration_date_errors, registration_errors


class CampaignForm(forms.ModelForm):
    guide_date = DayField(label=_("Ngày văn bản"), required=False)

    class Meta:
        model = Campaign
        fields = [
            "year",
            "organiser",
            "superior_body",
            "title",
            "guide_number",
            "guide_date",
            "guide_summary",
        ]
        widgets = {"guide_summary": forms.Textarea(attrs={"rows": 3})}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Năm phải từ 2000 đến 2100."))
        return year


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sang năm"), min_value=2000, max_value=2100)


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["kind", "label", "value"]


class MilestoneForm(forms.ModelForm):
    due = DayField(label=_("Hạn"))

    class Meta:
        model = Milestone
        fields = ["kind", "label", "due"]

    def clean_due(self):
        due = self.cleaned_data["due"]
        year = self.instance.campaign.year if self.instance.campaign_id else None
        if year and due and due.year not in (year, year + 1):
            raise forms.ValidationError(
                _("Hạn %(day)s nằm ngoài năm của phong trào (%(year)s).")
                % {"day": day(due), "year": year}
            )
        return due


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "kind", "is_party_org", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.fields["members"].queryset = User.objects.filter(
            unit=campaign.unit, is_active=True
        ).order_by("username")

    def validate_unique(self):
        # The campaign is set on the instance, so the (campaign, name) constraint is checked.
        exclude = self._get_validation_exclusions()
        exclude.discard("campaign")
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


PART_FORMS = {"chi-tieu": TargetForm, "moc-thoi-gian": MilestoneForm, "to-chuc": ParticipantForm}

MODEL_FIELDS = [
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
    "situation",
    "goals",
    "methods",
    "forces",
    "resources",
    "timeline",
    "outputs",
    "sustainability",
    "leader",
]


class DvkModelForm(forms.ModelForm):
    """Registration (Phụ lục 1 / 2026 guidance) and its later edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    registered_on = DayField(
        label=_("Ngày đăng ký"),
        required=False,
        help_text=_("dd/mm/yyyy; để trống là hôm nay. Báo cáo sơ kết 6 tháng tính theo ngày này."),
    )

    class Meta:
        model = DvkModel
        fields = [*MODEL_FIELDS, "results"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "higher_targets",
                "situation",
                "goals",
                "methods",
                "forces",
                "resources",
                "timeline",
                "outputs",
                "sustainability",
                "results",
            )
        }

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["participant"].queryset = participants_for(user, campaign)
        self.fields["participant"].empty_label = None
        previous = DvkModel.objects.none()
        if campaign.previous_id:
            previous = DvkModel.objects.filter(campaign_id=campaign.previous_id).select_related(
                "participant"
            )
        self.fields["previous"].queryset = previous
        self.fields["previous"].label_from_instance = lambda m: f"{m.name} — {m.participant}"
        if self.instance.pk is None:
            del self.fields["results"]
            del self.fields["version"]
        else:
            del self.fields["registered_on"]  # a step of the history, not a field to edit
            self.fields["version"].initial = self.instance.version

    def clean_registered_on(self):
        day = self.cleaned_data.get("registered_on")
        errors = registration_date_errors(self.campaign, day)
        if errors:
            raise forms.ValidationError(errors)
        return day

    def clean(self):
        data = super().clean()
        wanted = {k: v for k, v in data.items() if k in ("origin", "previous", "higher_targets")}
        errors = registration_errors(self.campaign, wanted)
        # Tell which messages are about "previous": those that stay when targets are given.
        about_previous = set(registration_errors(self.campaign, {**wanted, "higher_targets": "-"}))
        for message in errors:
            self.add_error("previous" if message in about_previous else "higher_targets", message)
        return data

    def model_data(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("participant", "version", "registered_on")
        }


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Bước tiếp theo"))
    on = DayField(label=_("Ngày"))
    note = forms.CharField(
        label=_("Ghi chú (bắt buộc khi loại bỏ: lý do)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, model: DvkModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        steps = [
            s
            for s in NEXT_STEPS.get(model.step, [])
            if s not in (Step.RECOGNISED, Step.NOT_RECOGNISED)
        ]
        dropped = [(Step.DROPPED, Step.DROPPED.label)]
        self.fields["step"].choices = [(s, Step(s).label) for s in steps] + dropped
        # The list offers only the steps the rules allow now (a new model without its launch
        # cannot go on); a step posted anyway is refused by the services with their reason.
        self.fields["step"].widget.choices = [
            (s, Step(s).label) for s in steps if not step_errors(model, s)
        ] + dropped

    def clean(self):
        data = super().clean()
        if data.get("step") == Step.DROPPED and not (data.get("note") or "").strip():
            self.add_error("note", _("Cần ghi lý do loại bỏ mô hình."))
        if data.get("step") and data.get("on"):
            self.add_error(
                None, ValidationError(step_date_errors(self.model, data["step"], data["on"]))
            )
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=300, required=False)
    event = forms.TypedChoiceField(label=_("Gắn với bước"), coerce=int, required=False)
    file = forms.FileField(label=_("Tệp"))

    def __init__(self, *args, model: DvkModel, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("(cả mô hình)"))] + [
            (e.pk, f"{e.get_step_display()} {day(e.on)}") for e in events
        ]
        self.fields["event"].empty_value = None


class FilterForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Bước"), required=False, choices=[("", _("Mọi bước")), *Step.choices]
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", _("Mọi lĩnh vực")), *Field.choices]
    )
    origin = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=[("", _("Mọi hình thức")), *Origin.choices]
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel Phụ lục 1 (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


# --- the appraisal page: one form per action -------------------------------------------------

APPRAISAL_DOCUMENTS = [
    DocumentKind.APPRAISAL_PLAN,
    DocumentKind.MINUTES,
    DocumentKind.NOTICE,
    DocumentKind.DECISION,
]


def unit_people(unit):
    """Who may sit on an appraisal team: the active accounts of the campaign's unit."""
    return User.objects.filter(unit=unit, is_active=True).order_by("full_name", "username")


class AppraisalOpenForm(forms.Form):
    """The plan and the team (opening the appraisal, or correcting it before anyone scored)."""

    rubric = forms.ModelChoiceField(
        label=_("Biểu chấm điểm"),
        queryset=Rubric.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Biểu chấm điểm: lựa chọn không hợp lệ.")},
    )
    plan_number = forms.CharField(
        label=_("Số kế hoạch thẩm định"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "05-KH/ĐU"}),
    )
    plan_date = DayField(label=_("Ngày kế hoạch"), required=False)
    conference_on = DayField(label=_("Ngày hội nghị thẩm định"), required=False)
    report_received_on = DayField(label=_("Ngày tổ nhận báo cáo"), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên tổ thẩm định"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Tổ thẩm định cần ít nhất một thành viên."),
            "invalid_choice": _("Tổ thẩm định: chỉ chọn người của đơn vị."),
            "invalid_pk_value": _("Tổ thẩm định: chỉ chọn người của đơn vị."),
        },
    )

    def __init__(self, *args, model: DvkModel, **kwargs):
        super().__init__(*args, **kwargs)
        year = model.campaign.year
        self.fields["rubric"].queryset = Rubric.objects.filter(year__lte=year).order_by(
            "-year", "kind"
        )
        self.fields["rubric"].label_from_instance = lambda r: (
            f"{r.name} — {r.get_kind_display()} ({r.year})"
        )
        self.fields["members"].queryset = unit_people(model.campaign.unit)
        self.model = model

    def clean(self):
        data = super().clean()
        errors = appraisal_date_errors(model=self.model, **{k: data.get(k) for k in DATE_FIELDS})
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)
        return data

    def details(self) -> dict:
        """What appraisal_setup takes besides the team and the sheet."""
        return {
            "plan_number": self.cleaned_data["plan_number"].strip(),
            **{k: self.cleaned_data[k] for k in DATE_FIELDS},
        }


DATE_FIELDS = ("plan_date", "conference_on", "report_received_on")


class ConclusionForm(forms.Form):
    minutes = forms.CharField(
        label=_("Biên bản hội nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notice_number = forms.CharField(
        label=_("Số thông báo kết quả"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "12-TB/ĐU"}),
    )
    notice_date = DayField(label=_("Ngày thông báo"), required=False)

    def __init__(self, *args, appraisal: Appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal

    def clean(self):
        data = super().clean()
        if self.has_error("notice_date"):
            # A date that is not one: add what the service would refuse too, all at once (the
            # service checks everything again, under its lock, once the form is valid).
            errors = conclusion_errors(
                self.appraisal,
                aggregate(self.appraisal),
                minutes=data.get("minutes", ""),
                notice_number=data.get("notice_number", ""),
                notice_date=None,
                date_given=False,
            )
            self.add_error(None, ValidationError(errors))
        return data


class RecognitionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "35-QĐ/ĐU"}),
    )
    decision_date = DayField(label=_("Ngày quyết định"), required=False)

    def __init__(self, *args, appraisal: Appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal

    def clean(self):
        data = super().clean()
        if self.has_error("decision_date"):  # as in ConclusionForm
            errors = recognition_errors(
                self.appraisal,
                number=data.get("decision_number", ""),
                on=None,
                date_given=False,
            )
            self.add_error(None, ValidationError(errors))
        return data


class AppraisalDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=[(k.value, k.label) for k in APPRAISAL_DOCUMENTS],
        error_messages={"invalid_choice": _("Loại tài liệu: lựa chọn không hợp lệ.")},
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp"), error_messages={"required": _("Tệp: chưa chọn tệp.")})


class ScoreSheetForm(forms.Form):
    """One member's sheet: a field per criterion of the rubric for this model — points (a
    decimal comma is fine) or, on the checklist, met / not met. `clean()` runs the services'
    score checks and puts each refusal on its criterion's field."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, appraisal: Appraisal, criteria: list[RubricCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal
        self.model = appraisal.model
        self.checklist = appraisal.rubric.kind == RubricKind.CHECKLIST
        self.criteria = {self.field_name(c): c for c in criteria}
        for name, criterion in self.criteria.items():
            if self.checklist:
                field = forms.ChoiceField(
                    label=criterion.text,
                    choices=[("1", _("Đạt")), ("0", _("Không đạt"))],
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                field = forms.CharField(label=criterion.text, required=False, max_length=40)
            self.fields[name] = field

    @staticmethod
    def field_name(criterion: RubricCriterion) -> str:
        return f"c-{criterion.pk}"

    def clean(self):
        data = super().clean()
        self.scores: dict[int, tuple] = {}
        for name, criterion in self.criteria.items():
            raw = (data.get(name) or "").strip()
            if self.checklist:
                points, met = None, {"1": True, "0": False}.get(raw)
            else:
                try:
                    points, met = parse_points(raw), None
                except ValueError:
                    self.add_error(name, _("“%(value)s” không phải là số.") % {"value": raw})
                    continue
            for message in score_errors(self.model, criterion, points, met):
                self.add_error(name, message)
            self.scores[criterion.pk] = (points, met)
        # A criterion of the other Part II variant (or of no sheet) is refused, not dropped.
        others = {c.pk: c for c in self.appraisal.rubric.criteria.all()}
        for key in self.data:
            if key in self.criteria or not key.startswith("c-") or as_id(key[2:]) is None:
                continue
            criterion = others.get(as_id(key[2:]))
            if criterion is None:
                self.add_error(None, _("Tiêu chí không thuộc biểu chấm này."))
                continue
            try:
                points = parse_points(self.data[key])
            except ValueError:
                points = None
            for message in score_errors(self.model, criterion, points, None):
                self.add_error(None, message)
        return data


class SheetMemberForm(forms.Form):
    """Whose sheet the score page shows (?member=): one of the team."""

    member = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


# --- the exemplars page -----------------------------------------------------------------------


class NominationForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Mô hình đã được công nhận"),
        queryset=DvkModel.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Mô hình: chọn một mô hình đã được công nhận."),
            "invalid_choice": _("Mô hình: chọn một mô hình đã được công nhận."),
        },
    )
    name = forms.CharField(
        label=_("Tên tập thể/cá nhân"),
        max_length=300,
        error_messages={"required": _("Tên tập thể/cá nhân: chưa ghi.")},
    )
    nominated_on = DayField(
        label=_("Ngày đề nghị"), error_messages={"required": _("Ngày đề nghị: chưa ghi.")}
    )
    is_leader = forms.BooleanField(
        label=_("Là người đứng đầu cấp ủy, cơ quan, đơn vị"), required=False
    )
    leader_criteria_met = forms.BooleanField(
        label=_("Đạt thêm các tiêu chí đối với lãnh đạo, quản lý (bắt buộc khi là người đứng đầu)"),
        required=False,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        # Any model of the campaign is read, so that one not (or no longer) recognised is
        # refused with the reason; only the recognised ones are offered.
        self.fields["model"].queryset = campaign.models.select_related("participant")
        self.recognised = list(
            campaign.models.filter(step=Step.RECOGNISED).select_related("participant")
        )
        self.fields["model"].widget.choices = [
            (m.pk, f"{m.name} — {m.participant.name}") for m in self.recognised
        ]

    def clean(self):
        data = super().clean()
        if data.get("model") is not None:
            errors = nomination_errors(
                model=data["model"],
                name=data.get("name", ""),
                on=data.get("nominated_on"),
                is_leader=data.get("is_leader", False),
                leader_criteria_met=data.get("leader_criteria_met", False),
            )
            self.add_error(None, ValidationError(errors))
        return data


class ExemplarRecognitionForm(forms.Form):
    recognised_number = forms.CharField(
        label=_("Số quyết định công nhận"), max_length=50, required=False
    )
    recognised_on = DayField(label=_("Ngày công nhận"), required=False)


class DossierFileForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Tệp: chưa chọn tệp.")},
    )


# --- the plan's prose ----------------------------------------------------------------------


class PlanSectionsForm(forms.Form):
    """The plan's prose sections, prefilled with what the plan prints now (the text written,
    else the suggestion); "restore" takes a section back to its suggestion."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, draft, **kwargs):
        self.draft = draft
        kwargs.setdefault(
            "initial",
            {"fingerprint": draft.fingerprint} | {s.key: draft.text(s.key) for s in SECTIONS},
        )
        super().__init__(*args, **kwargs)
        self.sections = SECTIONS
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": section.rows}),
            )
            self.fields[f"reset_{section.key}"] = forms.BooleanField(
                label=_("Khôi phục văn bản gợi ý"), required=False
            )

    def texts(self) -> dict[str, str]:
        return {
            s.key: self.draft.suggestions[s.key]
            if self.cleaned_data.get(f"reset_{s.key}")
            else self.cleaned_data.get(s.key, "")
            for s in self.sections
        }

    def warnings(self, key: str) -> list[str]:
        """A deadline written in the text outside the campaign's year: a warning, the text is
        saved as typed (the planner may cite last year's document on purpose)."""
        year = self.draft.campaign.year
        outside = outside_year(self[key].value() or "", year)
        if not outside:
            return []
        return [
            _("Hạn ngoài năm %(year)s: %(days)s.")
            % {"year": year, "days": ", ".join(day(d) for d in outside)}
        ]

    def rows(self):
        """(section, field, its reset box, warnings, edited, the stored row) per section."""
        for section in self.sections:
            yield (
                section,
                self[section.key],
                self[f"reset_{section.key}"],
                self.warnings(section.key),
                self.draft.edited(section.key),
                self.draft.stored.get(section.key),
            )
