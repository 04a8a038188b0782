"""Scores of one assessment round: the unit's self-score, the reviewer's re-score, the result.

A `Scorecard` belongs to one `AssessmentRound` and moves through `Status`; every move is a
`Transition`. Item points live in `ItemScore` with the reviewer's `Deduction` lines. Totals per
criterion (`CriterionResult`) and overall are stored on each transition, so list pages and the
dashboard read them instead of adding up items.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from criteria.models import AssessmentRound, Classification, Criterion, Item
from dvcq.org.models import Unit

POINTS = {"max_digits": 6, "decimal_places": 2}
STEP = Decimal("0.25")  # self points are entered in quarter points


class Status(models.TextChoices):
    DRAFTING = "drafting", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")
    IN_REVIEW = "in_review", _("Đang thẩm định")
    REVIEWED = "reviewed", _("Đã thẩm định")
    PUBLISHED = "published", _("Đã công bố")


class ScorecardQuerySet(models.QuerySet):
    def for_user(self, user) -> "ScorecardQuerySet":
        """The one place that decides which scorecards a user may read: those of the units
        the user may see (own unit; every unit below for a reviewer)."""
        return self.filter(round__unit__in=Unit.objects.for_user(user))


class Scorecard(models.Model):
    round = models.OneToOneField(
        AssessmentRound,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="scorecard",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFTING
    )
    self_total = models.DecimalField(_("tổng điểm tự chấm"), **POINTS, null=True, blank=True)
    review_total = models.DecimalField(_("tổng điểm thẩm định"), **POINTS, null=True, blank=True)
    classification = models.CharField(
        _("xếp loại"), max_length=20, choices=Classification.choices, blank=True
    )
    ineligible = models.BooleanField(_("không đủ điều kiện xếp loại"), default=False)
    ineligible_reason = models.TextField(_("lý do không đủ điều kiện xếp loại"), blank=True)
    self_report_number = models.CharField(
        _("số báo cáo tự chấm"), max_length=50, blank=True, help_text=_("Ví dụ: 269/BC-UBND.")
    )
    self_report_date = models.DateField(_("ngày báo cáo tự chấm"), null=True, blank=True)
    result_decision_number = models.CharField(
        _("số quyết định phê duyệt kết quả"),
        max_length=50,
        blank=True,
        help_text=_("Ví dụ: 114/QĐ-UBND."),
    )
    result_decision_date = models.DateField(_("ngày quyết định kết quả"), null=True, blank=True)
    result_decision_issuer = models.CharField(
        _("cơ quan ban hành quyết định kết quả"), max_length=200, blank=True
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    # Bumped by every change to the card itself (status, ineligibility, criterion notes).
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Who changed the status or the ruling, and when; the totals and class are derived from
    # the points (kept in the items' history), so they are left out.
    history = HistoricalRecords(
        excluded_fields=["self_total", "review_total", "classification", "updated_at"]
    )

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["-round__framework__year", "round__unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ineligible=False) | ~Q(ineligible_reason=""),
                name="scorecard_ineligible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.get_status_display()}"

    @property
    def self_locked(self) -> bool:
        return self.status != Status.DRAFTING

    @property
    def results_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def class_label(self) -> str:
        if self.ineligible:
            return str(_("Không đủ điều kiện xếp loại"))
        return self.get_classification_display() if self.classification else ""


class ItemScore(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("phiếu chấm"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(
        _("điểm tự chấm"),
        **POINTS,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    explanation = models.TextField(_("giải trình"), blank=True)
    # Only for items the unit does not score itself (reviewer-only): the reviewer's points
    # before deductions. For the others the base is the unit's self points.
    awarded_points = models.DecimalField(_("điểm cấp trên chấm"), **POINTS, null=True, blank=True)
    review_points = models.DecimalField(_("điểm thẩm định"), **POINTS, null=True, blank=True)
    self_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tự chấm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    # Bumped on every save: an edit made from an older page is refused, not merged.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("điểm nội dung")
        verbose_name_plural = _("điểm nội dung")
        ordering = ["item__criterion__number", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "item"], name="itemscore_one_per_item"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                name="itemscore_self_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard.round} — {self.item.code}"

    @property
    def review_base(self) -> Decimal | None:
        if self.item.is_reviewer_only:
            return self.awarded_points
        return self.self_points


class Deduction(models.Model):
    """ "Bị trừ 1,00 điểm; Lý do: …" on one item."""

    item_score = models.ForeignKey(
        ItemScore,
        verbose_name=_("điểm nội dung"),
        on_delete=models.CASCADE,
        related_name="deductions",
    )
    points = models.DecimalField(
        _("số điểm bị trừ"), **POINTS, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reason = models.TextField(_("lý do"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # A line removed or changed by the reviewer stays in its history ("-" rows).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm bị trừ")
        verbose_name_plural = _("điểm bị trừ")
        ordering = ["item_score", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="deduction_points_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="deduction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Bị trừ {self.points} điểm; Lý do: {self.reason}"


class CriterionResult(models.Model):
    """Stored totals of one criterion (written at each transition) and the reviewer's note."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("phiếu chấm"), on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, default=Decimal("0"))
    self_points = models.DecimalField(_("điểm tự chấm"), **POINTS, null=True, blank=True)
    review_points = models.DecimalField(_("điểm thẩm định"), **POINTS, null=True, blank=True)
    review_note = models.TextField(_("nhận xét của đơn vị thẩm định"), blank=True)
    # Only the reviewer's note: the points are totals of the items, stored at each transition.
    history = HistoricalRecords(excluded_fields=["max_points", "self_points", "review_points"])

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        ordering = ["scorecard", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="criterionresult_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard.round} — Tiêu chí {self.criterion.number}"


class Transition(models.Model):
    """One move of a scorecard: who, when, from, to, and why."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("phiếu chấm"), on_delete=models.CASCADE, related_name="log"
    )
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)
    self_total = models.DecimalField(_("tổng tự chấm lúc đó"), **POINTS, null=True, blank=True)
    review_total = models.DecimalField(_("tổng thẩm định lúc đó"), **POINTS, null=True, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["scorecard", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.scorecard}: {self.from_status} → {self.to_status}"


class RemediationPlan(models.Model):
    """The free-text parts of next year's remediation plan that the compiler edits.

    Everything else of the plan is drawn from data each time it is built; these texts stay
    as the compiler left them when the draft is regenerated.
    """

    scorecard = models.OneToOneField(
        Scorecard,
        verbose_name=_("kết quả năm trước"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    legal_bases = models.TextField(_("căn cứ"), blank=True)
    goals = models.TextField(_("mục tiêu"), blank=True)
    targets = models.TextField(_("chỉ tiêu chủ yếu"), blank=True)
    implementation = models.TextField(_("tổ chức thực hiện"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("kế hoạch khắc phục")
        verbose_name_plural = _("kế hoạch khắc phục")

    def __str__(self) -> str:
        return f"Kế hoạch khắc phục — {self.scorecard.round}"


class RemediationItem(models.Model):
    """Responsibility and remedy for one deducted item, as the compiler wrote them."""

    plan = models.ForeignKey(
        RemediationPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(Item, verbose_name=_("nội dung"), on_delete=models.PROTECT)
    responsibility = models.TextField(_("trách nhiệm tham mưu"), blank=True)
    remedy = models.TextField(_("hướng khắc phục"), blank=True)

    class Meta:
        verbose_name = _("hướng khắc phục")
        verbose_name_plural = _("hướng khắc phục")
        ordering = ["item__criterion__number", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="remediation_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.item.code}"
