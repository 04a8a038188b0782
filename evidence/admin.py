"""The evidence records in the admin: typos in a record's description can be corrected; files,
verdicts and notifications are what the workflow wrote and are only read here."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from dvcq.admin_kit import ReadOnlyTabularInline, RecordAdmin, presence_filter

from . import services
from .forms import RecordForm
from .models import EvidenceFile, EvidenceRecord, ItemReview, Notification


class ReadOnlyRecordAdmin(RecordAdmin):
    """What the workflow alone writes: listed, read, exported, never added or changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeletedFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "da_xoa"

    def lookups(self, request, model_admin):
        return [("khong", _("Đang dùng")), ("co", _("Đã xóa"))]

    def queryset(self, request, queryset):
        if self.value() == "khong":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "co":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class EvidenceFileInline(ReadOnlyTabularInline):
    model = EvidenceFile
    fk_name = "record"
    fields = [
        "original_name",
        "kind",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "replaced_by",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "replaced_by")


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(RecordAdmin):
    """Number, date, issuer and summary are corrected through the app's own form (RecordForm);
    deleting is the app's soft delete, undone by a restore."""

    form = RecordForm
    list_display = [
        "__str__",
        "short_summary",
        "round",
        "issued_on",
        "file_count",
        "created_by",
        "created_at",
        "is_deleted",
    ]
    list_filter = [DeletedFilter, "round__framework__year", "round__unit"]
    search_fields = [
        "number",
        "kind",
        "summary",
        "issuer",
        "round__unit__name",
        "created_by__username",
        "created_by__full_name",
    ]
    list_select_related = ["round__unit", "round__framework", "created_by"]
    fields = [
        "round",
        "linked_items",
        "kind",
        "number",
        "issued_on",
        "issuer",
        "summary",
        "created_by",
        "created_at",
        "deleted_at",
        "deleted_by",
    ]
    locked_fields = (
        "round",
        "linked_items",
        "created_by",
        "created_at",
        "deleted_at",
        "deleted_by",
    )
    inlines = [EvidenceFileInline]
    actions = ["soft_delete", "restore"]

    def has_add_permission(self, request):
        # A record is filed with its first file, for an item, on the item's page.
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, as the record page saves it: the search index follows.
        services.record_update(record=obj, fields={})

    def workflow_locked(self, obj: EvidenceRecord) -> str:
        if obj.deleted_at is not None:
            return _("Tài liệu đã bị xóa; khôi phục tài liệu trước khi sửa.")
        return ""

    def get_queryset(self, request):
        current = Count("files", filter=Q(files__replaced_by__isnull=True))
        return super().get_queryset(request).annotate(file_count=current)

    @admin.display(description=_("trích yếu"))
    def short_summary(self, record: EvidenceRecord) -> str:
        return record.summary if len(record.summary) <= 80 else f"{record.summary[:79]}…"

    @admin.display(description=_("số tệp"), ordering="file_count")
    def file_count(self, record: EvidenceRecord) -> int:
        return record.file_count

    @admin.display(description=_("đã xóa"), boolean=True, ordering="deleted_at")
    def is_deleted(self, record: EvidenceRecord) -> bool:
        return record.deleted_at is not None

    @admin.display(description=_("minh chứng cho nội dung"))
    def linked_items(self, record: EvidenceRecord) -> str:
        assignments = record.assignments.select_related("item__criterion").order_by(
            "item__criterion__number", "item__number"
        )
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("evidence:item", args=[a.pk]), a.item.code) for a in assignments),
        )

    @admin.action(description=_("Xóa (có thể khôi phục) các tài liệu đã chọn"))
    def soft_delete(self, request, queryset):
        records = list(queryset.filter(deleted_at__isnull=True))
        for record in records:
            services.record_delete(record=record, user=request.user)
        self._report(request, records, _("Đã xóa (có thể khôi phục): %(records)s."))

    @admin.action(description=_("Khôi phục các tài liệu đã chọn"))
    def restore(self, request, queryset):
        records = list(queryset.filter(deleted_at__isnull=False))
        for record in records:
            services.record_restore(record=record)
        self._report(request, records, _("Đã khôi phục: %(records)s."))

    def _report(self, request, records, message) -> None:
        if not records:
            self.message_user(
                request, _("Không tài liệu nào trong số đã chọn cần thay đổi."), messages.INFO
            )
            return
        names = ", ".join(f"“{record}”" for record in records)
        self.message_user(request, message % {"records": names}, messages.SUCCESS)


# Files are "current" when nothing replaced them.
CurrentFileFilter = presence_filter(
    "replaced_by", _("phiên bản"), _("Đã được thay"), _("Đang dùng")
)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyRecordAdmin):
    """The bytes, their hash and size are what was filed: files are added and replaced only on
    the record's page, where they are checked and a replacement keeps the old one."""

    list_display = [
        "original_name",
        "record",
        "unit",
        "kind",
        "size",
        "uploaded_by",
        "uploaded_at",
        "is_current",
    ]
    list_filter = [
        CurrentFileFilter,
        "kind",
        "record__round__framework__year",
        "record__round__unit",
    ]
    search_fields = [
        "original_name",
        "=sha256",
        "record__number",
        "record__summary",
        "uploaded_by__username",
        "uploaded_by__full_name",
    ]
    list_select_related = ["record__round__unit", "uploaded_by"]
    fields = [
        "record",
        "original_name",
        "download",
        "kind",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "replaced_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("đơn vị"), ordering="record__round__unit__name")
    def unit(self, file: EvidenceFile):
        return file.record.round.unit

    @admin.display(description=_("đang dùng"), boolean=True)
    def is_current(self, file: EvidenceFile) -> bool:
        return file.is_current

    @admin.display(description=_("tệp"))
    def download(self, file: EvidenceFile) -> str:
        # Through the app's download view (permission check, right content type), not /media/.
        return format_html(
            '<a href="{}">{}</a>', reverse("evidence:file", args=[file.pk]), _("Tải về")
        )


@admin.register(ItemReview)
class ItemReviewAdmin(ReadOnlyRecordAdmin):
    """The compiler's verdicts: given on the item's page (with its stale-page check) only."""

    list_display = ["assignment", "status", "short_comment", "reviewed_by", "reviewed_at"]
    list_filter = [
        "status",
        "assignment__round__framework__year",
        "assignment__round__unit",
    ]
    search_fields = [
        "comment",
        "assignment__round__unit__name",
        "reviewed_by__username",
        "reviewed_by__full_name",
    ]
    list_select_related = [
        "assignment__round__unit",
        "assignment__round__framework",
        "assignment__item__criterion",
        "reviewed_by",
    ]
    fields = ["assignment", "status", "comment", "reviewed_by", "reviewed_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The change page names the assignment: its round, unit and item code.
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("ý kiến"))
    def short_comment(self, review: ItemReview) -> str:
        return review.comment if len(review.comment) <= 80 else f"{review.comment[:79]}…"


ReadFilter = presence_filter("read_at", _("đã đọc"), _("Đã đọc"), _("Chưa đọc"))


@admin.register(Notification)
class NotificationAdmin(ReadOnlyRecordAdmin):
    """The reminders as they were sent: what a person was told, and when they read it."""

    list_display = ["title", "user", "kind", "day", "created_at", "read_at"]
    list_filter = [ReadFilter, "kind", "user__unit"]
    search_fields = ["title", "body", "user__username", "user__full_name"]
    list_select_related = ["user"]
    date_hierarchy = "day"
    fields = ["user", "day", "kind", "title", "body", "url", "created_at", "read_at"]
    readonly_fields = fields
