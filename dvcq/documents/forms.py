from django import forms
from django.utils.translation import gettext_lazy as _

from dvcq.forms import DayField

from .models import UnitDocumentSettings


class ExportForm(forms.Form):
    """The small form before an export: what changes from one document to the next."""

    style = forms.ChoiceField(
        label=_("Thể thức"),
        choices=[
            ("admin", _("Văn bản hành chính (Nghị định 30)")),
            ("party", _("Văn bản của Đảng (Hướng dẫn 36)")),
        ],
    )
    number = forms.CharField(
        label=_("Số"),
        max_length=20,
        required=False,
        help_text=_("Để trống khi chưa lấy số: văn bản in “Số:” rồi chừa chỗ trống trước ký hiệu."),
    )
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=30, required=False)
    date = DayField(label=_("Ngày ban hành"), required=False)
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=100, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    label = forms.CharField(label=_("Số phụ lục"), max_length=50, required=False)
    attachment_number = forms.CharField(
        label=_("Kèm theo kế hoạch số"), max_length=50, required=False
    )
    attachment_date = DayField(label=_("Ngày của kế hoạch"), required=False)


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = UnitDocumentSettings
        fields = [
            "admin_issuing_body",
            "admin_signer_authority",
            "admin_signer_title",
            "admin_signer_name",
            "party_superior_body",
            "party_issuing_body",
            "party_signer_authority",
            "party_signer_title",
            "party_signer_name",
            "recipients",
            "margin_top",
            "margin_bottom",
            "margin_left",
            "margin_right",
        ]
        widgets = {
            "admin_issuing_body": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp mẫu Word (.docx)"))
