from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")
    # Districts were abolished on 1 July 2025; kept for older data and history.
    DISTRICT = "district", _("Cấp huyện (dữ liệu trước 01/7/2025)")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    AGENCY = "agency", _("Cơ quan, sở, ban, ngành")


class UnitQuerySet(models.QuerySet):
    def descendant_ids(self, unit: "Unit") -> list[int]:
        """Ids of every unit below `unit`, at any depth.

        One query per level of the tree (province → commune is two), not per unit.
        """
        found: list[int] = []
        level = [unit.pk]
        seen = {unit.pk}
        while level:
            level = [
                pk
                for pk in Unit.objects.filter(parent__in=level).values_list("pk", flat=True)
                if pk not in seen
            ]
            seen.update(level)
            found.extend(level)
        return found

    def below(self, unit: "Unit") -> "UnitQuerySet":
        """Every unit below `unit` as a condition on the parent, not a list of ids: a province
        of 3,321 communes is `parent_id = …`, not 3,321 numbers in the SQL of every query built
        on it. One query per level below the first (province → commune: one)."""
        condition = Q(parent=unit)
        level = Unit.objects.filter(parent=unit).values("pk")
        # A tree of units is a few levels deep; the bound guards against a cycle in the data.
        for _depth in range(10):
            deeper = Unit.objects.filter(parent__in=level).values("pk")
            if not deeper.exists():
                break
            condition |= Q(parent__in=level)
            level = deeper
        return self.filter(condition).exclude(pk=unit.pk)

    def for_user(self, user) -> "UnitQuerySet":
        """The units a user may see: the one place that decides it for units.

        Everyone sees their own unit; a reviewer also sees every unit below theirs;
        a system administrator sees all.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.unit_id is None:
            return self.none()
        ids = [user.unit_id]
        if user.has_role(Role.REVIEWER):
            ids += self.descendant_ids(user.unit)
        return self.filter(pk__in=ids)

    def reviewed_by(self, user) -> "UnitQuerySet":
        """Units below the reviewer's own unit (never the reviewer's own unit)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.exclude(parent=None)
        if user.unit_id is None or not user.has_role(Role.REVIEWER):
            return self.none()
        return self.below(user.unit)


class Unit(models.Model):
    code = models.SlugField(
        _("mã đơn vị"),
        max_length=64,
        unique=True,
        help_text=_("Chữ thường không dấu, dùng trong địa chỉ trang, ví dụ: ba-thanh."),
    )
    name = models.CharField(_("tên đơn vị"), max_length=200, help_text=_("Ví dụ: Xã Ba Thành."))
    official_name = models.CharField(
        _("tên cơ quan ghi trên văn bản"),
        max_length=200,
        help_text=_("In hoa như trên văn bản, ví dụ: ỦY BAN NHÂN DÂN XÃ BA THÀNH."),
    )
    place_name = models.CharField(
        _("địa danh ghi ngày tháng"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Ba Thành (trong dòng “Ba Thành, ngày … tháng … năm …”)."),
    )
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên (đơn vị thẩm định)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Đơn vị cấp trên là đơn vị chấm, thẩm định kết quả của đơn vị này."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # Walk up from the chosen parent: meeting this unit again means a cycle.
        node = self.parent
        while node is not None and self.pk is not None:
            if node.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "Đơn vị cấp trên không được là chính nó hoặc đơn vị trực thuộc nó."
                        )
                    },
                    code="unit_cycle",
                )
            node = node.parent


class Position(models.Model):
    """A "cơ quan, ban, ngành" inside a unit to which content items are assigned."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="positions"
    )
    name = models.CharField(
        _("tên chức danh, bộ phận"),
        max_length=200,
        help_text=_("Ví dụ: Công chức Văn phòng - Thống kê."),
    )
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một cách viết khác trong văn bản, ví dụ: Công chức VP-TK."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("chức danh, bộ phận")
        verbose_name_plural = _("chức danh, bộ phận")
        ordering = ["unit", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="position_unique_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ")
    COMPILER = "compiler", _("Văn phòng")
    LEADER = "leader", _("Lãnh đạo")
    REVIEWER = "reviewer", _("Đánh giá")
    PARTY = "party", _("Ban xây dựng Đảng")


ROLE_HELP = {
    Role.OFFICER: _(
        "Xem và nộp tài liệu minh chứng cho các nội dung được giao cho vị trí của mình."
    ),
    Role.COMPILER: _("Quản lý bảng phân công, tự chấm điểm và báo cáo của đơn vị."),
    Role.LEADER: _("Phê duyệt và gửi kết quả tự chấm của đơn vị."),
    Role.REVIEWER: _("Xem và chấm điểm tất cả đơn vị trực thuộc."),
    Role.PARTY: _("Điều hành phong trào “Dân vận khéo” của đơn vị."),
}


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Đơn vị công tác; mọi quyền của người dùng chỉ áp dụng trong đơn vị này."),
    )
    positions = models.ManyToManyField(
        Position,
        verbose_name=_("chức danh, bộ phận"),
        blank=True,
        related_name="holders",
    )
    email_notifications = models.BooleanField(
        _("nhận thông báo qua email"),
        default=True,
        help_text=_(
            "Nhắc hạn nộp minh chứng, kết quả xem xét minh chứng, phiếu chấm bị trả lại hoặc đã "
            "công bố, kết quả thẩm định mô hình. Thông báo trong DVCQ vẫn hiện dù tắt email."
        ),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @cached_property
    def position_ids(self) -> frozenset[int]:
        """The positions (chức danh) the person holds, read once per request like the roles."""
        return frozenset(self.positions.values_list("pk", flat=True))

    def acts_for(self, role: str, unit_id: int | None) -> bool:
        """Holds `role` in the unit `unit_id`; a system administrator acts for every unit.

        The one rule behind "may change this": the compiler of the round's unit, the reviewer
        at the scale's owner, and so on.
        """
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.unit_id is not None and self.unit_id == unit_id and self.has_role(role)

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role in self.role_codes]


class RoleGrant(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique_role_per_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="rolegrant_role_valid"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()
