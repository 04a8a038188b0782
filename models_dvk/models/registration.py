"""A model registered by a participant (Phụ lục 1 / the 2026 guidance) and the steps of its life."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .campaign import Campaign, Participant


class Field(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế")
    CULTURE = "culture", _("Văn hóa - xã hội")
    DEFENCE = "defence", _("Quốc phòng - an ninh, dân tộc - tôn giáo")
    POLITICS = "politics", _("Xây dựng hệ thống chính trị")
    RURAL = "rural", _("Xây dựng nông thôn mới")
    URBAN = "urban", _("Đô thị văn minh")
    OTHER = "other", _("Khác")


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Origin(models.TextChoices):
    NEW = "new", _("Xây dựng mới")
    CONTINUED = "continued", _("Tiếp tục duy trì")
    REPLICATED = "replicated", _("Nhân rộng")


class Step(models.TextChoices):
    REGISTERED = "registered", _("Đăng ký")
    PLANNED = "planned", _("Có kế hoạch")
    LAUNCHED = "launched", _("Ra mắt")
    IMPLEMENTING = "implementing", _("Triển khai")
    SELF_ASSESSED = "self_assessed", _("Tự đánh giá")
    APPRAISING = "appraising", _("Thẩm định")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không công nhận")
    DROPPED = "dropped", _("Loại bỏ")


# Steps still open: a model there has not reached a recognition decision nor been dropped.
OPEN_STEPS = frozenset(
    {
        Step.REGISTERED,
        Step.PLANNED,
        Step.LAUNCHED,
        Step.IMPLEMENTING,
        Step.SELF_ASSESSED,
        Step.APPRAISING,
    }
)


class ModelQuerySet(models.QuerySet):
    def for_user(self, user) -> "ModelQuerySet":
        return self.filter(campaign__in=Campaign.objects.for_user(user))


class DvkModel(models.Model):
    """A registered “Dân vận khéo” model (Phụ lục 1 and the 2026 guidance)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="models"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("tổ chức đăng ký"),
        on_delete=models.PROTECT,
        related_name="models",
    )
    name = models.CharField(_("tên mô hình"), max_length=300)
    quantity = models.PositiveSmallIntegerField(
        _("số lượng"), default=1, validators=[MinValueValidator(1)]
    )
    location = models.CharField(_("địa điểm xây dựng, triển khai"), max_length=300)
    host = models.CharField(_("chủ trì"), max_length=200)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    scale = models.CharField(
        _("quy mô thực hiện"),
        max_length=300,
        blank=True,
        help_text=_("Số lượng, diện tích, số hộ…"),
    )
    subject = models.CharField(_("chủ thể"), max_length=20, choices=Subject.choices)
    subject_name = models.CharField(_("tên tập thể/cá nhân thực hiện"), max_length=200, blank=True)
    origin = models.CharField(_("hình thức"), max_length=20, choices=Origin.choices)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("mô hình năm trước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        help_text=_("Bắt buộc với mô hình tiếp tục duy trì."),
    )
    higher_targets = models.TextField(
        _("chỉ tiêu cao hơn năm trước"),
        blank=True,
        help_text=_("Mô hình tiếp tục duy trì nêu chỉ tiêu cao hơn năm trước."),
    )
    situation = models.TextField(_("thực trạng"), blank=True)
    goals = models.TextField(_("mục tiêu, tiêu chí"), blank=True)
    methods = models.TextField(_("cách làm"), blank=True)
    forces = models.TextField(_("lực lượng tham gia"), blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    timeline = models.TextField(_("thời gian thực hiện"), blank=True)
    outputs = models.TextField(_("kết quả dự kiến"), blank=True)
    sustainability = models.TextField(_("tính bền vững, khả năng nhân rộng"), blank=True)
    leader = models.CharField(_("lãnh đạo phụ trách"), max_length=200, blank=True)
    results = models.TextField(
        _("tóm tắt quy mô, kết quả đạt được"), blank=True, help_text=_("Cột (7) của Phụ lục 4.")
    )
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices, default=Step.REGISTERED)
    drop_reason = models.TextField(_("lý do loại bỏ"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    history = HistoricalRecords()

    objects = ModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["campaign", "participant__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="continued") | Q(previous__isnull=False),
                name="dvk_continued_has_previous",
            ),
            models.CheckConstraint(
                condition=~Q(step="dropped") | ~Q(drop_reason=""), name="dvk_dropped_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name
