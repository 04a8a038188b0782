from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dvcq.forms import DayField, DayInput
from dvcq.org.models import Unit

from .models import Framework


class AssignmentRowForm(forms.Form):
    """One row of the assignment grid; position choices are built once for the whole grid."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    lead = forms.TypedMultipleChoiceField(
        label=_("Chủ trì"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    cooperating = forms.TypedMultipleChoiceField(
        label=_("Phối hợp"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    assignee_note = forms.CharField(
        label=_("Đơn vị khác được giao"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    action = forms.CharField(
        label=_("Nội dung cần thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}),
    )
    deadline = DayField(
        label=_("Hạn nộp minh chứng"),
        required=False,
        widget=DayInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, position_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = position_choices
        self.fields["cooperating"].choices = position_choices

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("lead") or []) & set(cleaned.get("cooperating") or [])
        if both:
            raise ValidationError(
                _("Một chức danh không thể vừa chủ trì vừa phối hợp."), code="lead_and_cooperating"
            )
        return cleaned


AssignmentGridFormSet = forms.formset_factory(AssignmentRowForm, extra=0)


class RoundCreateForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Khung tiêu chí"), queryset=Framework.objects.none())
    plan_number = forms.CharField(
        label=_("Số kế hoạch kèm phụ lục"),
        max_length=50,
        required=False,
        help_text=_("Ví dụ: 18/KH-UBND; để trống nếu chưa có số."),
    )
    plan_date = DayField(label=_("Ngày kế hoạch"), required=False)
    reviewing_unit = forms.ModelChoiceField(
        label=_("Đơn vị thẩm định"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Cơ quan chấm, thẩm định kết quả năm đó; mặc định là đơn vị cấp trên."),
    )

    def __init__(self, *args, frameworks=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks
        # Any unit above the compiler's own, the nearest first and chosen by default.
        above, node = [], unit.parent if unit is not None else None
        while node is not None:
            above.append(node.pk)
            node = node.parent
        self.fields["reviewing_unit"].queryset = Unit.objects.filter(pk__in=above)
        if above:
            self.fields["reviewing_unit"].initial = above[0]


class FrameworkCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Năm mới"), min_value=2000, max_value=2100)


class UploadForm(forms.Form):
    # Empty files reach the readers, whose message names the file.
    file = forms.FileField(label=_("Tệp"), allow_empty_file=True)


class FrameworkImportForm(UploadForm):
    replace = forms.BooleanField(
        label=_("Thay thế khung cùng năm nếu chưa được dùng"), required=False
    )


class AnnexesExportForm(forms.Form):
    """Every unit's assignment annex of one year, in one format, for the reviewing level."""

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    format = forms.ChoiceField(
        label=_("Định dạng"), choices=[("pdf", "PDF"), ("docx", "DOCX"), ("xlsx", "XLSX")]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
