"""Reading evidence files in the background, and what is done with the reading.

A stored file gets a `FileReading` row ("chờ đọc") in the upload's transaction and a job queued
once that transaction commits: the upload never waits for the reading, and a job never looks
for a row that is not there. The job reads the bytes through the one reader
(`dvcq.reading.reader.read_document`), stores the text, the header fields and the suggested
items, and re-indexes the record for the search.

Reading never fails anything: the reader itself never raises for a bad file, and whatever else
goes wrong is logged and shown as "không đọc được" with a note.

The same bytes are read once: a file whose bytes were already read (another file, or the file
dropped on the new-record form of the same round) copies that reading instead.

If the worker dies between the commit and the queueing, the row stays "chờ đọc";
`manage.py read_evidence --missing` queues it again.
"""

import hashlib
import logging
import time
from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Assignment
from dvcq.storage import atomic_with_files, store_file
from evidence.models import EvidenceFile
from evidence.permissions import may_compile, may_file_for
from evidence.validation import check_size, sniff

from . import search
from .models import FileReading, ReadingStatus, StagedReading
from .reader import DocumentReading, read_document
from .suggest import suggest

log = logging.getLogger(__name__)

# How often (seconds) a running reading writes its page count; the pages poll every 1,5 s.
PROGRESS_EVERY = 0.5
# What a reading copies from another reading of the same bytes.
COPIED = (
    "status", "text", "page_starts", "pages", "pages_done", "ocr", "number", "issued_on",
    "issuer", "kind", "summary", "note",
)  # fmt: skip
FIELD_LIMITS = {"number": 60, "issuer": 200, "kind": 100, "note": 500}


# --- suggestions ----------------------------------------------------------------------------


def round_items(round_id: int) -> list[tuple[int, str]]:
    """Each assignment of the round with its item's wording and action (one query)."""
    rows = Assignment.objects.filter(round=round_id).values_list("pk", "item__text", "action")
    return [(pk, f"{text}\n{action}") for pk, text, action in rows]


def suggestions_for(reading, round_id: int) -> list[dict]:
    if reading.status != ReadingStatus.DONE:
        return []
    # The trích yếu says what the document is about better than any other line of it.
    text = f"{reading.summary}\n{reading.summary}\n{reading.text}"
    return suggest(text, round_items(round_id))


# --- applying a reading ---------------------------------------------------------------------


def page_starts(text: str, pages: list[str]) -> list[int]:
    """Where each page begins in `text`, found by its first words (whatever joins the pages);
    empty for a text of one page."""
    if len(pages) < 2:
        return []
    starts, offset = [], 0
    for page in pages:
        head = page.strip()[:40]
        found = text.find(head, offset) if head else -1
        start = found if found >= 0 else offset
        starts.append(start)
        offset = start + len(page.strip())
    return starts


def _apply(reading, result: DocumentReading) -> None:
    """The reader's answer onto the row (not saved)."""
    reading.status = ReadingStatus.DONE if result.readable else ReadingStatus.FAILED
    reading.text = result.text or ""
    reading.page_starts = page_starts(reading.text, result.page_texts or [])
    reading.pages = max(result.pages or 0, 0)
    reading.pages_done = reading.pages
    reading.ocr = bool(result.ocr)
    reading.number = (result.number or "")[: FIELD_LIMITS["number"]]
    reading.issued_on = result.issued_on
    reading.issuer = (result.issuer or "")[: FIELD_LIMITS["issuer"]]
    reading.kind = (result.kind or "")[: FIELD_LIMITS["kind"]]
    reading.summary = result.summary or ""
    reading.note = (result.note or "")[: FIELD_LIMITS["note"]]
    reading.finished_at = timezone.now()


def _failed(reading, note: str) -> None:
    reading.status = ReadingStatus.FAILED
    reading.note = note[: FIELD_LIMITS["note"]]
    reading.pages_done = min(reading.pages_done, reading.pages)
    reading.finished_at = timezone.now()


def _copy(reading, source, round_id: int) -> None:
    for name in COPIED:
        setattr(reading, name, getattr(source, name))
    reading.suggestions = suggestions_for(reading, round_id)
    reading.started_at = reading.started_at or timezone.now()
    reading.finished_at = timezone.now()


def _same_bytes(sha256: str, round_id: int, *, exclude_file: int | None = None):
    """A finished reading of these bytes: of a stored file (any round: the bytes are the same),
    else of a file staged on a form of this round."""
    stored = (
        FileReading.objects.filter(file__sha256=sha256, status=ReadingStatus.DONE)
        .exclude(file=exclude_file)
        .order_by("-finished_at")
        .first()
    )
    if stored is not None:
        return stored, _("tệp #%(pk)s") % {"pk": stored.file_id}
    staged = (
        StagedReading.objects.filter(sha256=sha256, round=round_id, status=ReadingStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    if staged is not None:
        return staged, _("bản đọc khi nhập #%(pk)s") % {"pk": staged.pk}
    return None, ""


class _Progress:
    """`progress(done, total)` for the reader: writes the page count every PROGRESS_EVERY s."""

    def __init__(self, model: type[Model], pk: int):
        self.model, self.pk, self.last = model, pk, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        total = max(int(total or 0), 0)
        self.model.objects.filter(pk=self.pk).update(pages=total, pages_done=min(int(done), total))


def _read(data: bytes, name: str, model: type[Model], pk: int) -> DocumentReading:
    return read_document(data, name, progress=_Progress(model, pk))


# --- stored files ---------------------------------------------------------------------------


def file_reading_start(*, file: EvidenceFile, force: bool = False) -> FileReading | None:
    """Called when a file is stored (upload, replacement) or to read it again (`force`, which
    never copies). Copies a finished reading of the same bytes, or queues the job after the
    transaction commits; re-indexes the record. Never raises for the reading: a file is stored
    whatever becomes of it."""
    try:
        with transaction.atomic():
            reading, _created = FileReading.objects.get_or_create(file=file)
            if not _created:
                _reset(reading)
            if not force:
                source, origin = _same_bytes(
                    file.sha256, file.record.round_id, exclude_file=file.pk
                )
                if source is not None:
                    _copy(reading, source, file.record.round_id)
                    reading.copied_from = origin
            reading.save()
    except Exception:
        log.exception("Could not start reading file %s", file.pk)
        return None
    # The file's name at once, its text with it when copied, else once the job has read it.
    search.index_records([file.record_id])
    if reading.status == ReadingStatus.WAITING:
        transaction.on_commit(lambda: _enqueue_file(reading.pk, force))
    return reading


def _reset(reading) -> None:
    blank = FileReading(file_id=reading.file_id)
    for name in (*COPIED, "suggestions", "copied_from", "started_at", "finished_at"):
        setattr(reading, name, getattr(blank, name))
    reading.created_at = timezone.now()


def _enqueue_file(reading_id: int, force: bool) -> None:
    from .tasks import read_file_task

    try:
        read_file_task.enqueue(reading_id, force)
    except Exception:
        log.exception("Could not queue the reading %s; read_evidence --missing will", reading_id)


def file_read(*, reading_id: int, force: bool = False) -> None:
    """The job: read one stored file once (a task delivered twice reads nothing twice)."""
    claimed = FileReading.objects.filter(pk=reading_id, status=ReadingStatus.WAITING).update(
        status=ReadingStatus.READING, started_at=timezone.now()
    )
    if not claimed:
        return
    reading = FileReading.objects.select_related("file__record").get(pk=reading_id)
    stored = reading.file
    round_id = stored.record.round_id
    source, origin = (
        (None, "") if force else _same_bytes(stored.sha256, round_id, exclude_file=stored.pk)
    )
    if source is not None:
        # The same bytes were read meanwhile (often: the form's reading ended after the save).
        _copy(reading, source, round_id)
        reading.copied_from = origin
    else:
        try:
            with stored.file.open("rb") as handle:
                data = handle.read()
            _apply(reading, _read(data, stored.original_name, FileReading, reading.pk))
            reading.suggestions = suggestions_for(reading, round_id)
        except Exception:
            log.exception("Reading file %s failed", stored.pk)
            reading.refresh_from_db(fields=["pages", "pages_done"])
            _failed(reading, _("lỗi khi đọc tệp; quản trị có thể cho đọc lại."))
    reading.save()
    search.index_records([stored.record_id])


def files_to_read(*, missing_only: bool):
    """The current files of live records to (re)read: all, or those never read to the end."""
    files = EvidenceFile.objects.filter(replaced_by__isnull=True, record__deleted_at__isnull=True)
    if missing_only:
        files = files.exclude(
            reading__status__in=[ReadingStatus.DONE, ReadingStatus.FAILED]
        ).exclude(reading__status=ReadingStatus.READING)
    return files.select_related("record")


def files_read_again(*, files, force: bool = True) -> int:
    """Queue the reading of each file; their number."""
    count = 0
    for stored in files:
        if file_reading_start(file=stored, force=force) is not None:
            count += 1
    return count


# --- files dropped on the new-record form ----------------------------------------------------


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@atomic_with_files()
def staged_reading_start(*, user, assignment: Assignment, upload) -> StagedReading:
    """Check the file as an upload is checked (type by content, macros, zip bombs, size: raises
    evidence.validation.RefusedFile), keep it for reading, queue the job. Nothing of the record
    is saved: the form's fields are filled by the page only."""
    sniffed = sniff(upload)
    check_size(upload)
    staged_readings_expire()
    staged = StagedReading(
        user=user,
        round=assignment.round,
        assignment=assignment,
        original_name=upload.name[:255],
        file_kind=sniffed.kind,
        size=upload.size,
        sha256=_sha256(upload),
    )
    source, _origin = _same_bytes(staged.sha256, assignment.round_id)
    if source is not None:
        _copy(staged, source, assignment.round_id)
        staged.full_clean(exclude=["upload"])
        staged.save()
        return staged
    store_file(staged.upload, upload.name, upload)
    staged.full_clean(exclude=["upload"])
    staged.save()
    transaction.on_commit(lambda: _enqueue_staged(staged.pk))
    return staged


def _enqueue_staged(staged_id: int) -> None:
    from .tasks import read_staged_task

    try:
        read_staged_task.enqueue(staged_id)
    except Exception:
        log.exception("Could not queue the staged reading %s", staged_id)
        StagedReading.objects.filter(pk=staged_id).update(
            status=ReadingStatus.FAILED, note=_("Chưa đọc được tệp (hàng đợi không nhận).")
        )


def staged_read(*, staged_id: int) -> None:
    """The job: read a staged file, then delete the file (the text stays until it expires)."""
    claimed = StagedReading.objects.filter(pk=staged_id, status=ReadingStatus.WAITING).update(
        status=ReadingStatus.READING, started_at=timezone.now()
    )
    if not claimed:
        return
    staged = StagedReading.objects.get(pk=staged_id)
    try:
        with staged.upload.open("rb") as handle:
            data = handle.read()
        _apply(staged, _read(data, staged.original_name, StagedReading, staged.pk))
        staged.suggestions = suggestions_for(staged, staged.round_id)
    except Exception:
        log.exception("Reading staged file %s failed", staged.pk)
        staged.refresh_from_db(fields=["pages", "pages_done"])
        _failed(staged, _("lỗi khi đọc tệp."))
    finally:
        _delete_upload(staged)
    staged.save()


def _delete_upload(staged: StagedReading) -> None:
    if not staged.upload:
        return
    try:
        staged.upload.delete(save=False)
    except Exception:  # clean_uploads removes the file once no row names it
        log.exception("Could not delete the staged file %s", staged.upload.name)
        staged.upload = ""


def staged_readings_expire(*, now: datetime | None = None) -> int:
    """Delete staged readings past their day, and their files; their number."""
    count = 0
    for staged in StagedReading.objects.expired(now).only("pk", "upload"):
        _delete_upload(staged)
        staged.delete()
        count += 1
    return count


def staged_links_set(*, staged: StagedReading, user, assignment_ids: list[int]) -> list[int]:
    """The suggested items the person ticked: linked when the record is saved with this file.
    Only items of the staged round that the person may file for (any item for the compiler)."""
    compiler = may_compile(user, staged.round.unit_id)
    chosen = (
        Assignment.objects.filter(round=staged.round_id, pk__in=assignment_ids)
        .exclude(pk=staged.assignment_id)
        .select_related("round")
        .prefetch_related("lead_positions", "cooperating_positions")
    )
    kept = [a.pk for a in chosen if compiler or may_file_for(user, a)]
    StagedReading.objects.filter(pk=staged.pk).update(link_to=kept)
    staged.link_to = kept
    return kept


def staged_links_for(*, file: EvidenceFile) -> list[Assignment]:
    """The items to link a new file's record to: those ticked on the form the file was staged
    from (same person, same bytes, the record filed for the form's item)."""
    record = file.record
    wanted: set[int] = set()
    for link_to in StagedReading.objects.filter(
        user=file.uploaded_by_id,
        round=record.round_id,
        sha256=file.sha256,
        assignment__in=record.assignments.all(),
    ).values_list("link_to", flat=True):
        wanted.update(link_to or [])
    if not wanted:
        return []
    return list(Assignment.objects.filter(round=record.round_id, pk__in=wanted))
