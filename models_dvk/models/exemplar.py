"""Exemplars nominated from recognised models and their city-level dossier."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .campaign import Campaign
from .lifecycle import DocumentKind, ModelDocument
from .registration import DvkModel, Subject


class Exemplar(models.Model):
    """An exemplar (điển hình) nominated from a recognised model, and its city-level dossier."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="exemplars"
    )
    model = models.ForeignKey(
        DvkModel,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    subject = models.CharField(_("tập thể/cá nhân"), max_length=20, choices=Subject.choices)
    name = models.CharField(_("tên tập thể/cá nhân"), max_length=200)
    is_leader = models.BooleanField(
        _("là người đứng đầu"),
        default=False,
        help_text=_("Người đứng đầu cấp ủy, cơ quan: xét thêm các tiêu chí đối với lãnh đạo."),
    )
    leader_criteria_met = models.BooleanField(
        _("đạt các tiêu chí thêm đối với lãnh đạo"), default=False
    )
    nominated_on = models.DateField(_("ngày đề nghị"))
    recognised_number = models.CharField(
        _("số quyết định công nhận điển hình"), max_length=50, blank=True
    )
    recognised_on = models.DateField(_("ngày công nhận điển hình"), null=True, blank=True)

    class Meta:
        verbose_name = _("điển hình")
        verbose_name_plural = _("điển hình")
        ordering = ["campaign", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "model", name="dvk_exemplar_once_per_model"),
        ]

    def __str__(self) -> str:
        return self.name


class DossierItem(models.Model):
    """One paper of the city-level dossier; `copies` for the bound achievement report."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="dossier"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=DocumentKind.choices)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    document = models.ForeignKey(
        ModelDocument,
        verbose_name=_("tài liệu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["exemplar", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "kind"], name="dvk_dossier_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} — {self.get_kind_display()}"
