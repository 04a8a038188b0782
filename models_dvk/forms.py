from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvcq.org.models import User

from .models import (
    Campaign,
    DocumentKind,
    DvkModel,
    Field,
    Milestone,
    Origin,
    Participant,
    Step,
    Target,
)
from .services import NEXT_STEPS, may_coordinate, parse_day, registration_errors, step_errors


class DayField(forms.CharField):
    """A date typed dd/mm/yyyy, read by services.parse_day so "31/11/2026" is refused with a
    message naming the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("dd/mm/yyyy"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(placeholder="dd/mm/yyyy", inputmode="numeric")

    def prepare_value(self, value):
        return f"{value:%d/%m/%Y}" if hasattr(value, "strftime") else value

    def clean(self, value):
        value = super().clean(value)
        return parse_day(value, str(self.label))


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
                % {"day": f"{due:%d/%m/%Y}", "year": year}
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


def participants_for(user, campaign: Campaign):
    """What the user may register for: every participant for the coordinator; otherwise the
    participants whose member accounts include the user."""
    participants = campaign.participants.all()
    if may_coordinate(user, campaign):
        return participants
    return participants.filter(members=user)


class ModelForm(forms.ModelForm):
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
        if day is None:
            return None
        year = self.campaign.year
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày đăng ký không được sau hôm nay."))
        if day.year not in (year - 1, year):
            raise forms.ValidationError(
                _("Ngày đăng ký phải trong năm %(year)s hoặc năm %(before)s.")
                % {"year": year, "before": year - 1}
            )
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
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=300, required=False)
    event = forms.TypedChoiceField(label=_("Gắn với bước"), coerce=int, required=False)
    file = forms.FileField(label=_("Tệp"))

    def __init__(self, *args, model: DvkModel, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("(cả mô hình)"))] + [
            (e.pk, f"{e.get_step_display()} {e.on:%d/%m/%Y}") for e in events
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
