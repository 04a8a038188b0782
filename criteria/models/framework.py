from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from dvcq.org.models import Unit

POINTS = {"max_digits": 6, "decimal_places": 2}


class FrameworkQuerySet(models.QuerySet):
    def for_user(self, user) -> "FrameworkQuerySet":
        """Frameworks a user may read: those owned by their unit or any unit above it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.unit_id is None:
            return self.none()
        ancestors, node = [], user.unit
        while node is not None:
            ancestors.append(node.pk)
            node = node.parent
        return self.filter(owner__in=ancestors)

    def with_totals(self) -> "FrameworkQuerySet":
        from .round import AssessmentRound  # round.py imports this module

        # Subqueries, not joins: joining items and rounds together would multiply the sum by
        # the number of rounds.
        item_sum = (
            Item.objects.filter(criterion__framework=OuterRef("pk"), is_bonus=False)
            .values("criterion__framework")
            .annotate(total=Sum("max_points"))
            .values("total")
        )
        return self.annotate(
            points_sum=Subquery(item_sum),
            in_use=Exists(AssessmentRound.objects.filter(framework=OuterRef("pk"))),
        )


class Framework(models.Model):
    """One version of a provincial scale for one year (Thang điểm đánh giá công tác dân vận)."""

    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị ban hành thang điểm"),
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text=_("Thường là tỉnh; áp dụng cho mọi đơn vị trực thuộc."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm áp dụng"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(
        _("tên thang điểm"),
        max_length=300,
        default="Thang điểm đánh giá, phân loại công tác dân vận chính quyền",
    )
    decision_number = models.CharField(
        _("số quyết định"), max_length=50, blank=True, help_text=_("Ví dụ: 1211/QĐ-UBND.")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(
        _("cơ quan ban hành quyết định"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: UBND tỉnh Quảng Ngãi."),
    )
    total_points = models.DecimalField(
        _("tổng điểm thang"),
        **POINTS,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_bonus_points = models.DecimalField(
        _("điểm thưởng tối đa"),
        **POINTS,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_sample_scale = models.BooleanField(
        _("thang điểm mẫu"),
        default=True,
        help_text=_(
            "Bỏ chọn khi điểm và ngưỡng xếp loại đã được đối chiếu với quyết định của tỉnh."
        ),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("khung tiêu chí")
        verbose_name_plural = _("khung tiêu chí")
        ordering = ["-year", "owner__name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="framework_one_per_owner_year"),
            models.CheckConstraint(
                condition=Q(total_points__gt=0), name="framework_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_bonus_points__gte=0), name="framework_bonus_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year} — {self.owner}"

    @property
    def legal_basis(self) -> str:
        if not self.decision_number:
            return ""
        text = f"Quyết định số {self.decision_number}"
        if self.decision_date:
            text += f" ngày {self.decision_date:%d/%m/%Y}"
        if self.decision_issuer:
            text += f" của {self.decision_issuer}"
        return text

    def is_in_use(self) -> bool:
        """A framework with assessment rounds is frozen: past results must stay as scored."""
        return self.rounds.exists()


class Criterion(models.Model):
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("khung tiêu chí"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    number = models.PositiveSmallIntegerField(_("số tiêu chí"))
    title = models.TextField(_("tên tiêu chí"))

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="criterion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="criterion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Tiêu chí {self.number}: {self.title}"


class Item(models.Model):
    """A "Nội dung" of a criterion, with its points and the default assignment."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("số nội dung"))
    text = models.TextField(_("nội dung tiêu chí"))
    max_points = models.DecimalField(
        _("điểm tối đa"), **POINTS, validators=[MinValueValidator(Decimal("0"))]
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    is_bonus = models.BooleanField(_("điểm thưởng"), default=False)
    is_reviewer_only = models.BooleanField(
        _("chỉ cấp trên chấm"),
        default=False,
        help_text=_("Đơn vị không tự chấm nội dung này; chỉ đơn vị thẩm định cho điểm."),
    )
    max_penalty_points = models.DecimalField(
        _("điểm trừ thêm tối đa"),
        **POINTS,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Số điểm cấp trên có thể trừ vượt quá điểm của nội dung (ví dụ: có cán bộ bị kỷ luật); "
            "0 nếu không trừ quá điểm tối đa."
        ),
    )
    default_assignees = models.TextField(
        _("cơ quan được giao (mặc định)"),
        blank=True,
        help_text=_("Như trong phụ lục phân công, ví dụ: Khối vận Đảng ủy, Công chức VP-TK."),
    )
    default_action = models.TextField(_("nội dung cần thực hiện (mặc định)"), blank=True)
    default_deadline = models.DateField(_("hạn nộp minh chứng (mặc định)"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")
        ordering = ["criterion__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "number"], name="item_unique_number"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="item_points_not_negative"),
            models.CheckConstraint(
                condition=Q(max_penalty_points__gte=0), name="item_penalty_not_negative"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def code(self) -> str:
        """ "1.3" for Nội dung 3 of Tiêu chí 1 (needs criterion loaded)."""
        return f"{self.criterion.number}.{self.number}"


class Classification(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
    INCOMPLETE = "incomplete", _("Không hoàn thành nhiệm vụ")


class ClassBand(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("khung tiêu chí"), on_delete=models.CASCADE, related_name="bands"
    )
    classification = models.CharField(_("xếp loại"), max_length=20, choices=Classification.choices)
    min_score = models.DecimalField(
        _("điểm tối thiểu"), **POINTS, validators=[MinValueValidator(Decimal("0"))]
    )
    no_deduction_on = models.ManyToManyField(
        Criterion,
        verbose_name=_("không bị trừ điểm ở tiêu chí"),
        blank=True,
        related_name="+",
        help_text=_("Không được xếp loại này nếu bị trừ điểm ở một trong các tiêu chí đã chọn."),
    )

    class Meta:
        verbose_name = _("ngưỡng xếp loại")
        verbose_name_plural = _("ngưỡng xếp loại")
        ordering = ["framework", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "classification"], name="band_one_per_class"
            ),
            models.CheckConstraint(condition=Q(min_score__gte=0), name="band_min_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_classification_display()} ≥ {self.min_score}"
