from django.contrib import admin

from dvcq.admin_kit import RecordAdmin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(RecordAdmin):
    """Who asked for what and how it went; the worker alone writes a job, and
    `clean_exports` alone deletes it (with its file) after 7 days."""

    list_display = ["title", "user", "kind", "status", "progress", "created_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "user__username", "user__full_name"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    fields = [
        "user", "kind", "title", "params", "status", "progress", "message", "file", "filename",
        "content_type", "size", "task_id", "created_at", "started_at", "finished_at", "expires_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
