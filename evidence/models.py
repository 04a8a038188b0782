import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from criteria.models import AssessmentRound, Assignment


def stored_name(instance: "EvidenceFile", filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the storage path."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.record.round_id}/{uuid.uuid4().hex}.{ext}"


class RecordQuerySet(models.QuerySet):
    def for_user(self, user) -> "RecordQuerySet":
        """Records of the rounds the user may see (their unit; units below for a reviewer)."""
        return self.filter(round__in=AssessmentRound.objects.for_user(user))

    def alive(self) -> "RecordQuerySet":
        return self.filter(deleted_at__isnull=True)


class EvidenceRecord(models.Model):
    """One official document (tài liệu minh chứng) with its files, backing one or more items."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.PROTECT,
        related_name="evidence_records",
    )
    assignments = models.ManyToManyField(
        Assignment, verbose_name=_("nội dung"), related_name="evidence_records"
    )
    kind = models.CharField(
        _("tên loại"),
        max_length=100,
        blank=True,
        help_text=_("Loại văn bản, ví dụ: Kế hoạch, Báo cáo, Quyết định."),
    )
    number = models.CharField(
        _("số/ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 269/BC-UBND.")
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    summary = models.TextField(_("trích yếu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("đã xóa lúc"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["-issued_on", "-created_at"]

    def __str__(self) -> str:
        return self.number or self.summary[:60]

    def clean(self) -> None:
        today = timezone.localdate()
        if self.issued_on and self.issued_on > today:
            raise ValidationError(
                {
                    "issued_on": _(
                        "Ngày ban hành %(day)s chưa tới (hôm nay là %(today)s): văn bản minh "
                        "chứng phải là văn bản đã ban hành."
                    )
                    % {"day": f"{self.issued_on:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
                },
                code="issued_in_future",
            )


class EvidenceFile(models.Model):
    """A file of a record. Replacing one keeps the old file as a revision."""

    record = models.ForeignKey(
        EvidenceRecord, verbose_name=_("tài liệu"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=10)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay bằng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidencefile_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None

    @property
    def previewable(self) -> bool:
        return self.kind in ("pdf", "jpeg", "png")


class ReviewStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Đạt")
    NEEDS_MORE = "needs_more", _("Cần bổ sung")


class ItemStatus(models.TextChoices):
    """Evidence status of an item; derived from files and the compiler's review."""

    NONE = "none", _("Chưa có")
    SUBMITTED = "submitted", _("Đã nộp")
    ACCEPTED = "accepted", _("Đạt")
    NEEDS_MORE = "needs_more", _("Cần bổ sung")


class ItemReview(models.Model):
    """The compiler's verdict on an item's evidence."""

    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("nội dung"),
        on_delete=models.CASCADE,
        related_name="evidence_review",
    )
    status = models.CharField(_("kết quả"), max_length=20, choices=ReviewStatus.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("thời điểm"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xem xét minh chứng")
        verbose_name_plural = _("xem xét minh chứng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="needs_more") | ~Q(comment=""), name="review_needs_more_comment"
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


def item_status(has_files: bool, last_upload, review: ItemReview | None) -> ItemStatus:
    """chưa có → đã nộp → đạt / cần bổ sung; a new upload after "cần bổ sung" is "đã nộp"."""
    if not has_files:
        return ItemStatus.NONE  # a verdict on evidence that is gone no longer holds
    if review is not None and review.reviewed_at >= last_upload:
        return ItemStatus(review.status)
    return ItemStatus.SUBMITTED


class Notification(models.Model):
    """An in-app message (the same digest that went by e-mail), with its read state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=30)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    url = models.CharField(_("liên kết"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [
            # One digest of a kind per person per day: running the reminders twice sends nothing new.
            models.UniqueConstraint(fields=["user", "day", "kind"], name="notification_once_a_day"),
        ]

    def __str__(self) -> str:
        return self.title
