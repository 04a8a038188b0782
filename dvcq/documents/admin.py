from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dvcq.admin_kit import RecordAdmin

from . import registry
from .custom_templates import template_check_upload, template_delete, template_save
from .forms import DocumentSettingsForm
from .models import ReportTemplate, UnitDocumentSettings


@admin.register(UnitDocumentSettings)
class UnitDocumentSettingsAdmin(RecordAdmin):
    """The unit's own settings page in the admin: the same form, the same checks."""

    form = DocumentSettingsForm
    list_display = [
        "unit",
        "admin_signer_title",
        "admin_signer_name",
        "party_issuing_body",
        "party_signer_name",
    ]
    list_filter = ["unit__kind", "unit__parent"]
    search_fields = [
        "unit__name",
        "unit__code",
        "admin_issuing_body",
        "admin_signer_name",
        "party_issuing_body",
        "party_signer_name",
    ]
    list_select_related = ["unit", "unit__parent"]
    autocomplete_fields = ["unit"]
    fields = ["unit", *DocumentSettingsForm.Meta.fields]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # The settings belong to their unit: moving them to another unit is a new row.
        return fields if obj is None or "unit" in fields else [*fields, "unit"]


class ReportTemplateForm(forms.ModelForm):
    """An upload goes through the checks of the templates page (`template_check_upload`)."""

    kind = forms.ChoiceField(label=_("loại báo cáo"))
    upload = forms.FileField(
        label=_("Tệp mẫu Word (.docx)"),
        help_text=_(
            "Mẫu chỉ được dùng các chỗ điền trong danh sách ở trang “Mẫu văn bản”; tệp được "
            "thử với một báo cáo mẫu trước khi dùng."
        ),
    )

    class Meta:
        model = ReportTemplate
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = [(k.kind, k.title) for k in registry.all_kinds()]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        upload = cleaned.get("upload")
        if kind and upload is not None:
            try:
                template_check_upload(kind=kind, upload=upload)
            except ValidationError as error:
                self.add_error("upload", error)
        return cleaned


@admin.register(ReportTemplate)
class ReportTemplateAdmin(RecordAdmin):
    """A Word layout replaced only through `template_save`, removed only through the reset
    (`template_delete`, which removes the file too; the history keeps who and when)."""

    form = ReportTemplateForm
    list_display = ["kind_title", "kind", "original_name", "uploaded_by", "uploaded_at"]
    list_filter = ["uploaded_at"]
    search_fields = ["kind", "original_name", "uploaded_by__username", "uploaded_by__full_name"]
    list_select_related = ["uploaded_by"]
    locked_fields = ("original_name", "uploaded_by", "uploaded_at")
    actions = ["reset_to_default"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "upload"]
        return ["kind", "upload", "original_name", "uploaded_by", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None or "kind" in fields else [*fields, "kind"]

    @admin.display(description=_("tên báo cáo"))
    def kind_title(self, obj: ReportTemplate) -> str:
        try:
            return registry.get(obj.kind).title
        except KeyError:
            return "—"

    def save_model(self, request, obj, form, change):
        stored = template_save(kind=obj.kind, upload=form.cleaned_data["upload"], user=request.user)
        obj.pk = stored.pk
        obj.refresh_from_db()

    @admin.action(description=_("Quay về mẫu mặc định (bỏ mẫu Word đã tải lên)"))
    def reset_to_default(self, request, queryset):
        kinds = list(queryset.values_list("kind", flat=True))
        for kind in kinds:
            template_delete(kind=kind)
        self.message_user(
            request,
            _("Đã quay về mẫu mặc định cho: %(kinds)s.") % {"kinds": ", ".join(kinds)},
            messages.SUCCESS,
        )
