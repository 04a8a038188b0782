"""The prose of a campaign's plan (KẾ HOẠCH, seed 004) as the Party staff worded it.

The plan prints the campaign's data (targets, milestones, criteria, participants) and, between
them, prose sections. Each section's text is suggested from seed 004's wording with the
campaign's own figures and dates; a section gets a row here only once somebody changes it, and
its history keeps every earlier wording.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .campaign import Campaign


class PlanSection(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        on_delete=models.CASCADE,
        related_name="plan_sections",
    )
    # One of models_dvk.plan_sections.SECTIONS; the list lives with the wording it suggests.
    key = models.CharField(_("mục"), max_length=40)
    text = models.TextField(
        _("nội dung"),
        blank=True,
        help_text=_("Để trống: in văn bản gợi ý lập từ số liệu của phong trào."),
    )
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
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("mục kế hoạch")
        verbose_name_plural = _("mục kế hoạch")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="dvk_plan_section_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.key}"
