"""Campaigns of one organising unit for one year: targets, milestones and the participating organisations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dvcq.org.models import Unit


class CampaignQuerySet(models.QuerySet):
    def for_user(self, user) -> "CampaignQuerySet":
        """The one place that decides which campaigns a user may read: those of the units the
        user may see (own unit; every unit below for a reviewer)."""
        return self.filter(unit__in=Unit.objects.for_user(user))


class Campaign(models.Model):
    """The movement of one organising body for one year (phong trào thi đua “Dân vận khéo”)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dvk_campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    organiser = models.CharField(
        _("cơ quan tổ chức"), max_length=200, help_text=_("Ví dụ: Đảng ủy xã Ba Thành.")
    )
    superior_body = models.CharField(
        _("cơ quan cấp trên"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên của tiêu đề văn bản Đảng, ví dụ: ĐẢNG BỘ TỈNH QUẢNG NGÃI."),
    )
    title = models.CharField(
        _("tên phong trào"),
        max_length=300,
        default="Phong trào thi đua “Dân vận khéo”",
    )
    guide_number = models.CharField(
        _("số văn bản hướng dẫn/kế hoạch"),
        max_length=50,
        blank=True,
        help_text=_("Ví dụ: 12-HD/ĐU."),
    )
    guide_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    guide_summary = models.TextField(
        _("nội dung chính của hướng dẫn"),
        blank=True,
        help_text=_("Mục đích, yêu cầu và nội dung; in trong kế hoạch/hướng dẫn của phong trào."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("phong trào năm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào Dân vận khéo")
        verbose_name_plural = _("phong trào Dân vận khéo")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="dvk_campaign_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.organiser} — {self.year}"


class TargetKind(models.TextChoices):
    MODELS = "models", _("Số mô hình")
    NEW_OR_REPLICATED = "new_or_replicated", _("Số mô hình xây dựng mới hoặc nhân rộng")
    ORG_COVERAGE = "org_coverage", _("Tỷ lệ tổ chức đảng trực thuộc có mô hình (%)")
    EXEMPLARS = "exemplars", _("Số tập thể, cá nhân điển hình")
    OTHER = "other", _("Chỉ tiêu khác")


class Target(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("loại chỉ tiêu"), max_length=30, choices=TargetKind.choices)
    label = models.CharField(_("nội dung chỉ tiêu"), max_length=300)
    value = models.PositiveIntegerField(_("chỉ tiêu"))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["campaign", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class MilestoneKind(models.TextChoices):
    REGISTRATION = "registration", _("Hạn đăng ký mô hình")
    REPORT_HIGHER = "report_higher", _("Báo cáo cấp trên danh sách mô hình")
    SIX_MONTH = "six_month", _("Báo cáo sơ kết 6 tháng")
    RECOGNITION = "recognition", _("Hạn công nhận mô hình")
    TARGET_REPORT = "target_report", _("Báo cáo kết quả thực hiện chỉ tiêu")
    ANNUAL = "annual", _("Báo cáo tổng kết năm")
    OTHER = "other", _("Mốc khác")


class Milestone(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("loại mốc"), max_length=30, choices=MilestoneKind.choices)
    label = models.CharField(_("nội dung"), max_length=300, blank=True)
    due = models.DateField(_("hạn"))

    class Meta:
        verbose_name = _("mốc thời gian")
        verbose_name_plural = _("mốc thời gian")
        ordering = ["campaign", "due", "pk"]

    def __str__(self) -> str:
        return f"{self.label or self.get_kind_display()} — {self.due:%d/%m/%Y}"

    @property
    def title(self) -> str:
        return self.label or str(self.get_kind_display())


class ParticipantKind(models.TextChoices):
    PARTY_CELL = "party_cell", _("Chi bộ, đảng bộ trực thuộc")
    OFFICE = "office", _("Cơ quan, phòng, ban")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể")
    SCHOOL = "school", _("Trường học")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    INDIVIDUAL = "individual", _("Cá nhân")
    OTHER = "other", _("Khác")


class Participant(models.Model):
    """An organisation (or person) taking part: it registers and carries out models."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=ParticipantKind.choices)
    is_party_org = models.BooleanField(
        _("là tổ chức đảng trực thuộc"),
        default=False,
        help_text=_("Tính vào chỉ tiêu “100% tổ chức đảng trực thuộc có mô hình”."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký thay mặt"),
        blank=True,
        related_name="dvk_participations",
        help_text=_("Tài khoản được đăng ký mô hình cho tổ chức này."),
    )

    class Meta:
        verbose_name = _("tổ chức tham gia")
        verbose_name_plural = _("tổ chức tham gia")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="dvk_participant_unique"),
        ]

    def __str__(self) -> str:
        return self.name
