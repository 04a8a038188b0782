"""Writes of the evidence app. Each refusal names the file; a refused file changes nothing."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Assignment
from dvcq.locking import Conflict
from dvcq.reading import search
from dvcq.reading.services import file_reading_start, staged_links_for
from dvcq.storage import atomic_with_files, store_file

from .models import EvidenceFile, EvidenceRecord, ItemReview
from .notifications import notify_verdict
from .validation import RefusedFile, check_size, mb, sniff


@transaction.atomic
def record_create(
    *,
    assignment: Assignment,
    user,
    number: str,
    issued_on,
    issuer: str,
    summary: str,
    kind: str = "",
) -> EvidenceRecord:
    record = EvidenceRecord(
        round=assignment.round,
        kind=kind,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        summary=summary,
        created_by=user,
    )
    # Named in the history outside a request too (a job, a command, the demo's seed).
    record._history_user = user
    record.full_clean()
    record.save()
    record.assignments.add(assignment)
    search.index_records([record.pk])
    return record


@transaction.atomic
def record_update(*, record: EvidenceRecord, fields: dict) -> EvidenceRecord:
    """Correct a record's description (kept in its history, re-indexed for the search)."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    search.index_records([record.pk])
    return record


def _file_stored(stored: EvidenceFile) -> None:
    """What follows every stored file: its reading (a background job, or a copy of a reading of
    the same bytes), and the items ticked among the suggestions when it was dropped on the form."""
    file_reading_start(file=stored)
    if links := staged_links_for(file=stored):
        record_link(record=stored.record, assignments=links)


@dataclass
class Filed:
    """What became of one uploaded file."""

    file: EvidenceFile
    linked_record: EvidenceRecord | None = None  # the same bytes were already in this record


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():  # streamed: a large upload is never read whole
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_limits(record: EvidenceRecord, upload, replacing: EvidenceFile | None = None) -> None:
    check_size(upload)
    current = record.files.filter(replaced_by__isnull=True)
    if replacing is not None:
        current = current.exclude(pk=replacing.pk)
    used = current.aggregate(total=Sum("size"))["total"] or 0
    if used + upload.size > settings.EVIDENCE_MAX_RECORD_BYTES:
        raise RefusedFile(
            _(
                "“%(name)s”: tài liệu này đã có %(used)s MB; thêm tệp sẽ vượt giới hạn %(limit)s MB mỗi tài liệu."
            )
            % {
                "name": upload.name,
                "used": mb(used),
                "limit": mb(settings.EVIDENCE_MAX_RECORD_BYTES),
            }
        )


@atomic_with_files()
def file_add(*, record: EvidenceRecord, upload, user) -> Filed:
    """Validate by content, hash while streaming, store under a generated name.

    The same bytes already filed in this round are not stored twice: the record that holds
    them is linked to this record's items instead. If the row is not saved, the stored file
    is deleted again.
    """
    sniffed = sniff(upload)
    _check_limits(record, upload)
    digest = _sha256(upload)
    same = (
        EvidenceFile.objects.filter(
            sha256=digest,
            replaced_by__isnull=True,
            record__round=record.round_id,
            record__deleted_at__isnull=True,
        )
        .select_related("record")
        .first()
    )
    if same is not None:
        if same.record_id == record.pk:
            raise RefusedFile(
                _("“%(name)s”: tài liệu này đã có tệp giống hệt (“%(other)s”).")
                % {"name": upload.name, "other": same.original_name}
            )
        # The record gets the file, but the stored bytes are shared, not written again.
        reused = EvidenceFile(
            record=record,
            file=same.file.name,
            original_name=upload.name[:255],
            kind=same.kind,
            content_type=same.content_type,
            size=same.size,
            sha256=same.sha256,
            uploaded_by=user,
        )
        reused._history_user = user
        reused.save()
        _file_stored(reused)
        return Filed(reused, linked_record=same.record)
    evidence = EvidenceFile(
        record=record,
        original_name=upload.name[:255],
        kind=sniffed.kind,
        content_type=sniffed.content_type,
        size=upload.size,
        sha256=digest,
        uploaded_by=user,
    )
    store_file(evidence.file, upload.name, upload)
    evidence._history_user = user
    evidence.save()
    _file_stored(evidence)
    return Filed(evidence)


@atomic_with_files()
def record_file(*, assignment: Assignment, user, fields: dict, upload) -> Filed:
    """A new record with its first file: the record is stored only if the file is accepted
    (a refused file raises RefusedFile and leaves no empty record behind)."""
    record = record_create(assignment=assignment, user=user, **fields)
    return file_add(record=record, upload=upload, user=user)


@dataclass
class Outcome:
    """What became of a record filed with several files."""

    record: EvidenceRecord | None = None
    filed: list[tuple[str, Filed]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def record_file_all(*, assignment: Assignment, user, fields: dict, uploads) -> Outcome:
    """A new record with several files, each judged on its own; the record is stored with
    the first accepted file, and not at all if every file is refused."""
    outcome = Outcome()
    for upload in uploads:
        try:
            if outcome.record is None:
                filed = record_file(assignment=assignment, user=user, fields=fields, upload=upload)
                outcome.record = filed.file.record
            else:
                filed = file_add(record=outcome.record, upload=upload, user=user)
        except RefusedFile as refusal:
            outcome.refused.append(str(refusal))
        else:
            outcome.filed.append((upload.name, filed))
    return outcome


@atomic_with_files()
def file_replace(*, old: EvidenceFile, upload, user) -> EvidenceFile:
    """A new version of a file; the old one stays as a revision."""
    if old.replaced_by_id is not None:
        raise ValidationError(_("Tệp này đã được thay bằng phiên bản mới hơn."), code="not_current")
    sniffed = sniff(upload)
    _check_limits(old.record, upload, replacing=old)
    new = EvidenceFile(
        record=old.record,
        original_name=upload.name[:255],
        kind=sniffed.kind,
        content_type=sniffed.content_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=user,
    )
    store_file(new.file, upload.name, upload)
    new._history_user = old._history_user = user
    new.save()
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    file_reading_start(file=new)  # re-indexes the record: the old file's text leaves it
    return new


def record_delete(*, record: EvidenceRecord, user) -> None:
    """A soft delete: the files stay and the compiler can restore the record."""
    record.deleted_at = timezone.now()
    record.deleted_by = record._history_user = user
    record.save(update_fields=["deleted_at", "deleted_by"])


def record_restore(*, record: EvidenceRecord) -> None:
    record.deleted_at = None
    record.deleted_by = None
    record.save(update_fields=["deleted_at", "deleted_by"])


def _review_conflict(review: ItemReview) -> Conflict:
    """The newer verdict (`current`), and who gave it when."""
    return Conflict(
        review,
        message=_(
            "%(who)s đã ghi kết quả “%(status)s” lúc %(when)s; giá trị mới được hiển thị "
            "bên dưới, hãy xem lại rồi lưu lại."
        )
        % {
            "who": review.reviewed_by.get_full_name() or review.reviewed_by.username,
            "status": review.get_status_display(),
            "when": f"{timezone.localtime(review.reviewed_at):%H:%M %d/%m/%Y}",
        },
    )


def review_token(review: ItemReview | None) -> str:
    """What the review form sends back to tell a stale page: the verdict's time, "0" for none."""
    return review.reviewed_at.isoformat() if review else "0"


@transaction.atomic
def review_set(
    *, assignment: Assignment, user, status: str, comment: str, token: str | None = None
) -> ItemReview:
    """The compiler's verdict. `token` is review_token() when the page was opened: a verdict
    recorded since raises locking.Conflict (None skips the check). The assignment row is locked
    first, so parallel first verdicts never meet the one-review-per-item constraint."""
    Assignment.objects.select_for_update().get(pk=assignment.pk)
    review = ItemReview.objects.filter(assignment=assignment).first()
    if token is not None and review is not None and review_token(review) != token:
        raise _review_conflict(review)
    review = review or ItemReview(assignment=assignment)
    review.status, review.comment, review.reviewed_by = status, comment.strip(), user
    review._history_user = user
    review.full_clean()
    review.save()
    notify_verdict(review)
    return review


def record_link(*, record: EvidenceRecord, assignments: list[Assignment]) -> None:
    record.assignments.add(*[a for a in assignments if a.round_id == record.round_id])
