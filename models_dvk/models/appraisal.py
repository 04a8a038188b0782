"""The appraisal of one model: the team, the members' scores, the conference and the decision."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .registration import DvkModel
from .rubric import POINTS, Rubric, RubricCriterion


class AppraisalHistoryFields(models.Model):
    """Beside an appraisal's own fields, its history keeps the team by name as set then; None
    on the rows of saves that did not change it (the conclusion, the decision)."""

    member_names = models.TextField(_("thành viên tổ thẩm định"), null=True, blank=True)  # noqa: DJ001

    class Meta:
        abstract = True


class Appraisal(models.Model):
    """The appraisal of one model (seed 003, §IV.2.2)."""

    model = models.OneToOneField(
        DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="appraisal"
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("biểu chấm"), on_delete=models.PROTECT, related_name="appraisals"
    )
    plan_number = models.CharField(_("số kế hoạch thẩm định"), max_length=50, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch thẩm định"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên tổ thẩm định"),
        related_name="dvk_appraisals",
    )
    conference_on = models.DateField(_("ngày hội nghị thẩm định"), null=True, blank=True)
    report_received_on = models.DateField(
        _("ngày tổ thẩm định nhận báo cáo của mô hình"), null=True, blank=True
    )
    minutes = models.TextField(_("biên bản hội nghị"), blank=True)
    notice_number = models.CharField(_("số thông báo kết quả"), max_length=50, blank=True)
    notice_date = models.DateField(_("ngày thông báo"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # The setup (dates, team, rubric), the conclusion and the decision, with who and when. The
    # setup writes its row itself, with the team (`services.appraisal_open`).
    history = HistoricalRecords(bases=[AppraisalHistoryFields])

    class Meta:
        verbose_name = _("thẩm định mô hình")
        verbose_name_plural = _("thẩm định mô hình")

    def __str__(self) -> str:
        return f"Thẩm định — {self.model}"


class MemberScore(models.Model):
    """One member's points (or met / not met) on one criterion of the sheet."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("thẩm định"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        _("điểm"), **POINTS, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    met = models.BooleanField(_("đạt"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # `member` owns the sheet; `history_user` is who entered it (the member, or the
    # coordinator entering a paper sheet on the member's behalf).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm của thành viên")
        verbose_name_plural = _("điểm của thành viên")
        ordering = ["appraisal", "member", "criterion__part", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "member", "criterion"], name="dvk_memberscore_unique"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="dvk_memberscore_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.criterion.number}"
