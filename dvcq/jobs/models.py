"""A background job someone asked for, and the file it made.

The job's row is what the person sees (progress page, "Tệp đã xuất"); django-tasks only carries
the job's id to a worker. The file is stored through Django's storage under a generated name
and kept `KEEP_DAYS` days; `manage.py clean_exports` deletes it and the row afterwards.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP_DAYS = 7


def export_path(job: "ExportJob", filename: str) -> str:
    """`exports/2025/10/<random>.xlsx`: nothing of the unit or the person in the stored name."""
    now = timezone.now()
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"exports/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


def default_expiry():
    return timezone.now() + timedelta(days=KEEP_DAYS)


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> "ExportJobQuerySet":
        """The jobs a person may see: only their own, and only until they expire."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, expires_at__gt=timezone.now())

    def expired(self, now=None) -> "ExportJobQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("người yêu cầu"),
    )
    kind = models.CharField(_("loại tác vụ"), max_length=40)
    title = models.CharField(_("tên"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    file = models.FileField(_("tệp"), upload_to=export_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp khi tải về"), max_length=200, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), default=default_expiry)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền và tệp đã xuất")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="job_user_created_idx"),
            models.Index(fields=["expires_at"], name="job_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)
