"""The admin site's shared pieces: who may enter, how rows leave as XLSX, what stays locked.

`/quan-tri/` is for system administrators (`is_superuser`) only. Every model admin of the apps
derives from `RecordAdmin`:

- its history page is simple-history's (who, when, what was it before), and a save made in the
  admin is recorded there with the administrator as the author;
- "Xuất XLSX các dòng đã chọn" writes the selected rows through the formula-safe writer of
  `dvcq.documents.xlsx_safe`, so a cell typed as `=HYPERLINK(…)` stays text;
- `locked_fields` are never editable (what the workflow or a service controls: statuses,
  totals, hashes), and `workflow_locked(obj)` makes a whole object read-only with a message
  saying why (a published scorecard, a frozen framework, a concluded appraisal);
- deleting is refused unless the admin says `deletable = True`: most records carry history
  that a deletion would lose, and the apps soft-delete where they delete at all.
"""

from io import BytesIO

from django.contrib import admin, messages
from django.contrib.admin.options import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.styles import Font
from simple_history.admin import SimpleHistoryAdmin

from dvcq.documents.xlsx_safe import append_row


class DvcqAdminSite(admin.AdminSite):
    site_header = _("Quản trị DVCQ")
    site_title = _("Quản trị DVCQ")
    index_title = _("Dữ liệu hệ thống")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser


class SafeXLSX(base_formats.XLSX):
    """XLSX export of the selected rows in which text never becomes a formula."""

    def get_title(self):
        return "xlsx"

    def export_data(self, dataset, **kwargs):
        book = Workbook()
        sheet = book.active
        sheet.title = (dataset.title or "Dữ liệu")[:31]
        append_row(sheet, [str(header) for header in dataset.headers or []])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in dataset:
            append_row(sheet, row)
        sheet.freeze_panes = "A2"
        out = BytesIO()
        book.save(out)
        return out.getvalue()


class VietnameseResource(resources.ModelResource):
    """The export's columns headed by the fields' Vietnamese names (a related row by its id)."""

    def get_export_headers(self, selected_fields=None):
        names = {
            f.name: f.verbose_name
            for f in self._meta.model._meta.get_fields()
            if getattr(f, "verbose_name", None)
        }
        return [
            str(capfirst(names.get(field.attribute, field.column_name)))
            for field in self.get_export_fields(selected_fields)
            if field
        ]


class RecordAdmin(ExportActionMixin, SimpleHistoryAdmin):
    """The base of every model admin of DVCQ (see the module's docstring)."""

    export_formats = [SafeXLSX]
    show_change_form_export = False
    list_per_page = 50
    #: fields the workflow or a service controls: shown, never editable here
    locked_fields: tuple[str, ...] = ()
    #: True only where removing the row loses nothing an inspector may ask about
    deletable = False

    def get_export_resource_classes(self, request):
        if self.resource_classes:
            return self.resource_classes
        return [resources.modelresource_factory(self.model, resource_class=VietnameseResource)]

    def workflow_locked(self, obj) -> str:
        """Why `obj` may not be changed here ("" when it may)."""
        return ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.workflow_locked(obj):
            fields += [f for f in self._form_fields(request, obj) if f not in fields]
        fields += [f for f in self.locked_fields if f not in fields]
        return fields

    def _form_fields(self, request, obj):
        if self.fields:
            return list(self.fields)
        if self.fieldsets:
            return [f for _name, opts in self.fieldsets for f in opts["fields"]]
        return [f.name for f in self.model._meta.fields if f.editable and not f.auto_created]

    def has_change_permission(self, request, obj=None):
        # A locked object keeps its change page (read-only), but a POST to it is refused.
        if obj is not None and request.method == "POST" and self.workflow_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not self.deletable:
            return False
        if obj is not None and self.workflow_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id)) if object_id else None
        reason = self.workflow_locked(obj) if obj is not None else ""
        if reason and request.method == "GET":
            messages.warning(request, reason)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves an old version back on POST, past every lock (its form is built
        # for the old version, which may not have been locked): old versions are shown, never
        # restored.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Models without simple-history keep Django's own log of admin changes.
        if not hasattr(self.model, "history"):
            return ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "export_admin_action" in actions:
            func, name, _description = actions["export_admin_action"]
            actions[name] = (func, name, _("Xuất XLSX các %(verbose_name_plural)s đã chọn"))
        return actions


def presence_filter(field: str, title, when_set, when_empty) -> type[admin.SimpleListFilter]:
    """A list filter on whether `field` holds a value (a read date, a replacing file…), its
    two choices named as a person would say them."""

    class PresenceFilter(admin.SimpleListFilter):
        parameter_name = f"{field}_co"

        def lookups(self, request, model_admin):
            return [("1", when_set), ("0", when_empty)]

        def queryset(self, request, queryset):
            if self.value() in ("1", "0"):
                return queryset.filter(**{f"{field}__isnull": self.value() == "0"})
            return queryset

    PresenceFilter.title = title
    return PresenceFilter


class ReadOnlyTabularInline(admin.TabularInline):
    """Children shown with their parent, changed only through the app's pages."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
