"""What happened to a model, with its dates, and the documents attached on the way."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .campaign import Campaign
from .registration import DvkModel, Step


class ModelEvent(models.Model):
    """One step of a model's life, with its date (đăng ký, kế hoạch, ra mắt …)."""

    model = models.ForeignKey(
        DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices)
    on = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước thực hiện")
        verbose_name_plural = _("bước thực hiện")
        ordering = ["model", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.model} — {self.get_step_display()} {self.on:%d/%m/%Y}"


def document_name(instance: "ModelDocument", filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the storage path."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dvk/{instance.campaign_id}/{uuid.uuid4().hex}.{ext}"


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch xây dựng mô hình")
    LAUNCH = "launch", _("Biên bản, hình ảnh ra mắt")
    REPORT = "report", _("Báo cáo kết quả mô hình")
    APPRAISAL_PLAN = "appraisal_plan", _("Kế hoạch thẩm định")
    MINUTES = "minutes", _("Biên bản hội nghị thẩm định")
    NOTICE = "notice", _("Thông báo kết quả thẩm định")
    DECISION = "decision", _("Quyết định công nhận")
    PROPOSAL = "proposal", _("Tờ trình đề nghị")
    ACHIEVEMENT = "achievement", _("Báo cáo thành tích")
    SUMMARY = "summary", _("Trích ngang")
    LIST = "list", _("Danh sách")
    OTHER = "other", _("Tài liệu khác")


class ModelDocument(models.Model):
    """A file attached to a campaign, a model or an exemplar; checked and stored like evidence."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="documents"
    )
    model = models.ForeignKey(
        DvkModel,
        verbose_name=_("mô hình"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    event = models.ForeignKey(
        ModelEvent,
        verbose_name=_("bước"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to=document_name, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu Dân vận khéo")
        verbose_name_plural = _("tài liệu Dân vận khéo")
        ordering = ["campaign", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.original_name
