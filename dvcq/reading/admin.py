"""The readings in the admin: what the background jobs read is shown, never edited (the next
reading would overwrite it anyway); a file can be sent to be read again."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from evidence.admin import ReadOnlyRecordAdmin

from . import services
from .models import FileReading, SearchDocument, StagedReading

READING_FIELDS = [
    "status", "pages", "pages_done", "ocr", "kind", "number", "issued_on", "issuer", "summary",
    "note", "suggestions", "created_at", "started_at", "finished_at", "text",
]  # fmt: skip


@admin.register(FileReading)
class FileReadingAdmin(ReadOnlyRecordAdmin):
    list_display = ["file", "unit", "status", "pages", "ocr", "number", "finished_at"]
    list_filter = ["status", "ocr", "file__record__round__framework__year"]
    search_fields = ["file__original_name", "number", "issuer", "summary", "=file__sha256"]
    list_select_related = ["file__record__round__unit"]
    fields = ["file", "record_link", "copied_from", *READING_FIELDS]
    readonly_fields = fields
    actions = ["read_again"]

    def get_queryset(self, request):
        # The list never shows the text, which can be megabytes per file.
        return super().get_queryset(request).defer("text", "page_starts")

    @admin.display(description=_("đơn vị"), ordering="file__record__round__unit__name")
    def unit(self, reading: FileReading):
        return reading.file.record.round.unit

    @admin.display(description=_("tài liệu"))
    def record_link(self, reading: FileReading) -> str:
        record = reading.file.record
        return format_html(
            '<a href="{}">{}</a>', reverse("evidence:record", args=[record.pk]), record
        )

    @admin.action(description=_("Đọc lại các tệp đã chọn"))
    def read_again(self, request, queryset):
        files = [r.file for r in queryset.select_related("file__record")]
        count = services.files_read_again(files=files)
        self.message_user(
            request,
            _("Đã xếp %(n)s tệp vào hàng đợi đọc lại.") % {"n": count},
            messages.SUCCESS,
        )


@admin.register(StagedReading)
class StagedReadingAdmin(ReadOnlyRecordAdmin):
    """Files read on the new-record form before the record exists: kept a day, then deleted."""

    list_display = ["original_name", "user", "round", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["original_name", "user__username", "user__full_name", "=sha256"]
    list_select_related = ["user", "round__unit", "round__framework"]
    fields = [
        "user", "round", "assignment", "original_name", "file_kind", "size", "sha256", "upload",
        "link_to", "expires_at", *READING_FIELDS,
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "page_starts")


@admin.register(SearchDocument)
class SearchDocumentAdmin(ReadOnlyRecordAdmin):
    """The text the search looks in, per record; rewritten on every change of the record."""

    list_display = ["record", "unit", "updated_at"]
    search_fields = ["record__number", "record__summary"]
    list_select_related = ["record__round__unit"]
    fields = ["record", "updated_at", "body"]
    readonly_fields = fields

    @admin.display(description=_("đơn vị"), ordering="record__round__unit__name")
    def unit(self, document: SearchDocument):
        return document.record.round.unit
