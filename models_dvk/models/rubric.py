"""The scoring sheet (seed 002) and the 2026 checklist: versions of criteria with their points."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .registration import Subject

POINTS = {"max_digits": 6, "decimal_places": 2}


class RubricKind(models.TextChoices):
    SHEET = "sheet", _("Biểu chấm điểm 100 điểm")
    CHECKLIST = "checklist", _("Bảng tiêu chí đạt/không đạt")


class Rubric(models.Model):
    """A version of the scoring sheet for a year, with its pass rule (data)."""

    year = models.PositiveSmallIntegerField(_("năm áp dụng"))
    kind = models.CharField(_("loại"), max_length=20, choices=RubricKind.choices)
    name = models.CharField(_("tên"), max_length=300)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)
    pass_total = models.DecimalField(
        _("tổng điểm tối thiểu để đạt"), **POINTS, default=Decimal("75.00")
    )

    class Meta:
        verbose_name = _("biểu chấm điểm")
        verbose_name_plural = _("biểu chấm điểm")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="dvk_rubric_one_per_year_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Part(models.TextChoices):
    GENERAL = "I", _("I. Các tiêu chí chung")
    COLLECTIVE = "II.1", _("II.1. Mô hình do tập thể thực hiện")
    INDIVIDUAL = "II.2", _("II.2. Mô hình do cá nhân thực hiện")
    CHECKLIST = "C", _("Tiêu chí đạt/không đạt")


PART_FOR_SUBJECT = {Subject.COLLECTIVE: Part.COLLECTIVE, Subject.INDIVIDUAL: Part.INDIVIDUAL}


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("biểu chấm"), on_delete=models.CASCADE, related_name="criteria"
    )
    part = models.CharField(_("phần"), max_length=5, choices=Part.choices)
    number = models.PositiveSmallIntegerField(_("số tiêu chí"))
    text = models.TextField(_("tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, default=Decimal("0"))
    is_key = models.BooleanField(
        _("phải đạt điểm tối đa"),
        default=False,
        help_text=_(
            "Quy tắc đạt: tiêu chí này phải đạt điểm tối đa (ví dụ tiêu chí 2, 7, 9, 11, 15)."
        ),
    )

    class Meta:
        verbose_name = _("tiêu chí chấm mô hình")
        verbose_name_plural = _("tiêu chí chấm mô hình")
        ordering = ["rubric", "part", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "part", "number"], name="dvk_criterion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"
