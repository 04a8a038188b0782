from urllib.parse import urlencode

from axes import admin as axes_admin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import resources
from import_export.fields import Field

from dvcq.admin_kit import RecordAdmin

from .invitations import send_invitations
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
    list_filter = ["is_active", "unit__kind", "unit"]
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


def recent_login_failures() -> Subquery:
    """Wrong passwords typed for the outer row's username that still count towards a lockout.

    As django-axes counts them (AXES_LOCKOUT_PARAMETERS = username and address): the failures
    of the last AXES_COOLOFF_TIME, summed per address, the worst address. One subquery, so a
    list of users costs no query per row.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    per_address = (
        AccessAttempt.objects.filter(username=OuterRef("username"), attempt_time__gte=since)
        .order_by()
        .values("ip_address")
        .annotate(total=Sum("failures_since_start"))
        .order_by("-total")
        .values("total")[:1]
    )
    return Coalesce(Subquery(per_address, output_field=IntegerField()), 0)


class LoginFailureFilter(admin.SimpleListFilter):
    title = _("đăng nhập sai")
    parameter_name = "dang_nhap"

    def lookups(self, request, model_admin):
        return [
            ("sai", _("Có lần nhập sai mật khẩu gần đây")),
            ("khoa", _("Đang bị khóa")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "sai":
            return queryset.filter(login_failures__gt=0)
        if self.value() == "khoa":
            return queryset.filter(login_failures__gte=settings.AXES_FAILURE_LIMIT)
        return queryset


class UserResource(resources.ModelResource):
    """The columns of the XLSX export: never the password hash."""

    unit = Field(attribute="unit__name", column_name=_("đơn vị"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "unit",
            "is_active",
            "is_superuser",
            "last_login",
            "date_joined",
        ]


@admin.register(User)
class UserAdmin(RecordAdmin, BaseUserAdmin):
    """People are never deleted (their names stay on what they filed, scored and signed):
    an account that should no longer log in is deactivated."""

    form = UserAdminForm
    add_form = UserAddForm
    resource_classes = [UserResource]
    list_display = [
        "username",
        "full_name",
        "unit",
        "is_active",
        "is_superuser",
        "last_login",
        "login_state",
    ]
    list_filter = [
        LoginFailureFilter,
        "is_active",
        "is_superuser",
        "role_grants__role",
        "unit__kind",
        "unit",
    ]
    search_fields = ["username", "full_name", "email", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["positions"]
    inlines = [RoleGrantInline]
    actions = ["unlock_logins", "deactivate", "activate", "resend_invitation"]
    locked_fields = ("last_login", "date_joined")
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(login_failures=recent_login_failures())

    @admin.display(description=_("Đăng nhập sai"), ordering="login_failures")
    def login_state(self, user: User) -> str:
        count = user.login_failures
        if not count:
            return "—"
        label = (
            _("%(count)d lần, đang bị khóa")
            if count >= settings.AXES_FAILURE_LIMIT
            else _("%(count)d lần")
        ) % {"count": count}
        # The failure log lists each attempt: when, from which address and browser.
        url = reverse("admin:axes_accessfailurelog_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>', url, urlencode({"username": user.username}), label
        )

    @admin.action(description=_("Gửi lại thư mời đặt mật khẩu"))
    def resend_invitation(self, request, queryset):
        """A new one-time link by e-mail, valid 7 days; only for accounts that have not set a
        password yet (the others use "Quên mật khẩu" on the login page)."""
        waiting = [u for u in queryset if u.is_active and not u.has_usable_password()]
        without_email = [u.username for u in waiting if not u.email]
        sent = send_invitations(
            [u for u in waiting if u.email], base_url=request.build_absolute_uri("/")
        )
        skipped = [u.username for u in queryset if u not in waiting]
        if sent:
            self.message_user(
                request, _("Đã gửi lại %(count)s thư mời.") % {"count": sent}, messages.SUCCESS
            )
        if without_email:
            self.message_user(
                request,
                _("Chưa có email nên chưa gửi được: %(names)s.")
                % {"names": ", ".join(without_email)},
                messages.WARNING,
            )
        if skipped:
            self.message_user(
                request,
                _(
                    "Không gửi cho tài khoản đã đặt mật khẩu hoặc đã ngừng hoạt động: %(names)s "
                    "(họ dùng “Quên mật khẩu?” ở trang đăng nhập)."
                )
                % {"names": ", ".join(skipped)},
                messages.INFO,
            )

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

    @admin.action(description=_("Ngừng hoạt động các tài khoản đã chọn (không xóa)"))
    def deactivate(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request,
                _(
                    "Không thể tự ngừng hoạt động tài khoản đang dùng; không tài khoản nào thay đổi."
                ),
                messages.ERROR,
            )
            return
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Cho hoạt động lại các tài khoản đã chọn"))
    def activate(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def _set_active(self, request, queryset, *, active: bool) -> None:
        changed = [user for user in queryset if user.is_active != active]
        for user in changed:
            user.is_active = active
            user.save(update_fields=["is_active"])
            # Django's own log of admin changes: User has no simple-history table.
            self.log_change(request, user, [{"changed": {"fields": ["is_active"]}}])
        names = ", ".join(user.username for user in changed) or "—"
        message = (
            _("Đã cho hoạt động lại: %(names)s.") if active else _("Đã ngừng hoạt động: %(names)s.")
        )
        self.message_user(request, message % {"names": names}, messages.SUCCESS)


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
