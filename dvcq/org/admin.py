from axes import admin as axes_admin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dvcq.admin_kit import RecordAdmin

from .models import Position, RoleGrant, Unit, User
from .services import user_unlock_logins


class PositionInline(admin.TabularInline):
    model = Position
    fields = ["order", "name", "aliases", "is_active"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(RecordAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "official_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"code": ["name"]}
    fields = ["name", "code", "official_name", "place_name", "kind", "parent", "is_active"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    list_display = ["name", "unit", "order", "is_active"]
    list_filter = ["is_active", "unit__kind"]
    search_fields = ["name", "aliases", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fields = ["unit", "name", "aliases", "order", "is_active"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1
    fields = ["role"]


class UserAddForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "unit"]


class UserAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = [
            "username",
            "password",
            "full_name",
            "email",
            "unit",
            "positions",
            "is_active",
            "is_staff",
            "is_superuser",
            "last_login",
            "date_joined",
        ]

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        foreign = [
            p.name for p in cleaned.get("positions") or [] if p.unit_id != getattr(unit, "pk", None)
        ]
        if foreign:
            raise ValidationError(
                {
                    "positions": _("Các chức danh sau không thuộc đơn vị đã chọn: %(names)s.")
                    % {"names": ", ".join(foreign)}
                },
                code="position_other_unit",
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    add_form = UserAddForm
    list_display = ["username", "full_name", "unit", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "role_grants__role", "unit__kind"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["positions"]
    inlines = [RoleGrantInline]
    actions = ["unlock_logins"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "email", "unit", "positions"]}),
        (
            _("Quyền quản trị"),
            {"fields": ["is_active", "is_staff", "is_superuser"]},
        ),
        (_("Thời gian"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "password1", "password2"],
            },
        ),
    ]

    @admin.action(description=_("Mở khóa tài khoản (sau nhiều lần nhập sai mật khẩu)"))
    def unlock_logins(self, request, queryset):
        removed = sum(user_unlock_logins(username=user.username) for user in queryset)
        names = ", ".join(user.username for user in queryset)
        if removed:
            self.message_user(
                request,
                _("Đã mở khóa đăng nhập cho: %(names)s.") % {"names": names},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("Không tài khoản nào trong số đã chọn đang bị khóa: %(names)s.")
                % {"names": names},
                messages.INFO,
            )


# django-axes' own admin pages, with the columns it leaves unnamed or in English named in
# Vietnamese (the model and field names come from locale/vi).
admin.site.unregister(AccessAttempt)
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """A counter per username, address and browser; deleting it lifts that lockout."""

    @admin.display(description=_("Trạng thái"))
    def status(self, obj: AccessAttempt) -> str:
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if remaining > 0:
            return ngettext("Còn %(count)d lần thử", "Còn %(count)d lần thử", remaining) % {
                "count": remaining
            }
        return _("Đang bị khóa")

    @admin.action(description=_("Xóa các lượt đã hết thời gian khóa"))
    def cleanup_expired_attempts(self, request, queryset):
        # The handler reads the time of "now" from the attributes it puts on a login request.
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, _("Đã xóa %(count)d lượt hết hạn.") % {"count": count})


@admin.register(AccessLog)
class AccessLogAdmin(axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(axes_admin.AccessFailureLogAdmin):
    pass


# Access is decided by roles (RoleGrant), not by Django groups; hiding them avoids a second,
# unused permission system in the admin.
admin.site.unregister(Group)
