"""What was read from evidence files, and the search index built from it.

- `FileReading`: the reading of one stored evidence file (its text, pages, the header fields
  of the decree's block, suggested items), written by a background job after the upload.
- `StagedReading`: a file an officer dropped on the new-record form, read before the record
  exists so the form's empty fields can be filled; it belongs to that person and that round,
  its file is deleted once read and the row after a day (`EXPIRES_AFTER`).
- `SearchDocument`: per record, the text the search looks in (its fields and its current files'
  text); dvcq/reading/search.py keeps it and the database's full-text index in step.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from criteria.models import AssessmentRound, Assignment
from evidence.models import EvidenceFile, EvidenceRecord

EXPIRES_AFTER = timedelta(days=1)


class ReadingStatus(models.TextChoices):
    WAITING = "waiting", _("Chờ đọc")
    READING = "reading", _("Đang đọc")
    DONE = "done", _("Đã đọc")
    FAILED = "failed", _("Không đọc được")


class Reading(models.Model):
    """What a reading holds, for a stored file and a staged one alike."""

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReadingStatus.choices, default=ReadingStatus.WAITING
    )
    text = models.TextField(_("nội dung đọc được"), blank=True)
    # Where each page starts in `text` (character offsets): a matching line names its page.
    page_starts = models.JSONField(_("vị trí đầu mỗi trang"), default=list, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    pages_done = models.PositiveIntegerField(_("số trang đã đọc"), default=0)
    ocr = models.BooleanField(
        _("nhận dạng chữ (OCR)"), default=False, help_text=_("Đọc từ ảnh quét, có thể sai chữ.")
    )
    number = models.CharField(_("số/ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    kind = models.CharField(_("tên loại"), max_length=100, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # [{"assignment": id, "score": 0.42, "words": ["tuyên truyền", …]}, …], best first.
    suggestions = models.JSONField(_("nội dung gợi ý"), default=list, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu đọc lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("đọc xong lúc"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.status in (ReadingStatus.DONE, ReadingStatus.FAILED)

    def status_text(self) -> str:
        """What the pages say of the reading, in one sentence."""
        if self.status == ReadingStatus.WAITING:
            return gettext("Chờ đọc nội dung tệp.")
        if self.status == ReadingStatus.READING:
            if self.pages:
                return gettext("Đang đọc nội dung tệp: trang %(done)s/%(total)s.") % {
                    "done": self.pages_done,
                    "total": self.pages,
                }
            return gettext("Đang đọc nội dung tệp…")
        if self.status == ReadingStatus.FAILED:
            return gettext("Không đọc được nội dung tệp: %(note)s") % {
                "note": self.note or gettext("không rõ lý do.")
            }
        done = (
            ngettext(
                "Đã đọc nội dung tệp (%(n)s trang)", "Đã đọc nội dung tệp (%(n)s trang)", self.pages
            )
            % {"n": self.pages}
            if self.pages
            else gettext("Đã đọc nội dung tệp")
        )
        if self.ocr:
            done += gettext(", nhận dạng chữ từ ảnh nên có thể sai chữ")
        return done + "."

    def form_fields(self) -> dict:
        """The header fields as the record form takes them (the date as dd/mm/yyyy)."""
        return {
            "kind": self.kind,
            "number": self.number,
            "issued_on": f"{self.issued_on:%d/%m/%Y}" if self.issued_on else "",
            "issuer": self.issuer,
            "summary": self.summary,
        }


class FileReading(Reading):
    file = models.OneToOneField(
        EvidenceFile, verbose_name=_("tệp"), on_delete=models.CASCADE, related_name="reading"
    )
    # Where the text came from: read from the bytes, or copied from a reading of the same bytes.
    copied_from = models.CharField(_("lấy lại từ"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("nội dung tệp đã đọc")
        verbose_name_plural = _("nội dung tệp đã đọc")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pages_done__lte=F("pages")), name="filereading_progress_within_pages"
            ),
        ]

    def __str__(self) -> str:
        return str(self.file)


def staged_name(instance: "StagedReading", filename: str) -> str:
    """Under evidence/, so `clean_uploads` removes a file that a crash left without its row."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/staged/{instance.round_id}/{uuid.uuid4().hex}.{ext}"


def staged_expiry():
    return timezone.now() + EXPIRES_AFTER


class StagedReadingQuerySet(models.QuerySet):
    def for_user(self, user) -> "StagedReadingQuerySet":
        """A person's own staged readings, in rounds they still see, until they expire."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            user=user,
            round__in=AssessmentRound.objects.for_user(user),
            expires_at__gt=timezone.now(),
        )

    def expired(self, now=None) -> "StagedReadingQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class StagedReading(Reading):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("nội dung đang nộp"), on_delete=models.CASCADE, related_name="+"
    )
    upload = models.FileField(_("tệp chờ đọc"), upload_to=staged_name, max_length=200, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    file_kind = models.CharField(_("loại tệp"), max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    # Items the person ticked among the suggestions: linked when the record is saved with the file.
    link_to = models.JSONField(_("sẽ liên kết với nội dung"), default=list, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), default=staged_expiry)

    objects = StagedReadingQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đọc thử khi nhập")
        verbose_name_plural = _("tệp đọc thử khi nhập")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"], name="stagedreading_expires_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pages_done__lte=F("pages")), name="stagedreading_progress_within_pages"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="stagedreading_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name


class SearchDocument(models.Model):
    """The searchable text of one record: its fields and the text of its current files.

    On PostgreSQL `vector` is `to_tsvector('simple', unaccent(body))`, written with the body (a
    GIN index serves the search); on SQLite an FTS5 table (`reading_fts`, rowid = the record's
    id) holds the same body and `vector` stays empty.
    """

    record = models.OneToOneField(
        EvidenceRecord,
        verbose_name=_("tài liệu"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    body = models.TextField(_("nội dung tìm kiếm"), blank=True)
    vector = SearchVectorField(_("chỉ mục"), null=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return str(self.record)
