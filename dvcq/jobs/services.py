"""Starting, running and expiring jobs.

A job's row is written (and committed, outside a transaction) before its task is queued, so a
worker never looks for a row that is not there yet; inside a transaction both commit together.
"""

import logging
import time
from datetime import datetime

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .models import ExportJob
from .tasks import run_export_job

log = logging.getLogger(__name__)

# How often (seconds) a running job writes its progress; the page refreshes every 2 s.
PROGRESS_EVERY = 0.5


def job_start(*, user, kind: str, title: str, params: dict) -> ExportJob:
    """Record the job and queue it; returns it as it stands after queueing (already finished
    with the immediate backend)."""
    registry.get(kind)  # an unknown kind is a programming error: fail here, not in the worker
    job = ExportJob(user=user, kind=kind, title=str(title)[:300], params=params)
    job.full_clean(exclude=["file"])
    job.save()
    result = run_export_job.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


class _Progress:
    """The `progress(done, total, note)` callable a job kind receives: writes the percentage
    (at most 99 until the file is stored) every PROGRESS_EVERY seconds at most."""

    def __init__(self, job: ExportJob):
        self.job_id = job.pk
        self.last = 0.0

    def __call__(self, done: int, total: int, note: str = "") -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        percent = min(99, int(done * 100 / total)) if total else 0
        ExportJob.objects.filter(pk=self.job_id).update(progress=percent, message=str(note)[:500])


def job_run(*, job_id: int) -> None:
    """Run a queued job once: a job already started (a task delivered twice) is left alone.
    An exception marks the job failed with a message for the person; the details go to the
    log, never to the page."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        output = registry.get(job.kind).run(job, _Progress(job))
        if output.content is not None:
            _store(job, output)
    except Exception as error:
        if isinstance(error, registry.JobFailed):
            message = str(error)
        else:
            log.exception("Job %s (%s) failed", job.pk, job.kind)
            message = _("Không hoàn thành được. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống.")
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, message=message[:500], finished_at=timezone.now()
        )
        if job.file:  # stored before the failure: no row will name it
            job.file.delete(save=False)
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        message=str(output.message)[:500],
        file=job.file.name or "",
        filename=output.filename[:200],
        content_type=output.content_type[:120],
        size=job.size,
        finished_at=timezone.now(),
    )


def _store(job: ExportJob, output: registry.JobOutput) -> None:
    content = output.content
    wrapped = ContentFile(content) if isinstance(content, bytes) else File(content)
    try:
        job.file.save(output.filename, wrapped, save=False)
        job.size = job.file.size
    finally:
        if not isinstance(content, bytes):
            content.close()


def jobs_expire(*, now: datetime | None = None) -> int:
    """Delete the jobs past their expiry and their files; returns how many. A file that is
    already gone does not stop the others."""
    count = 0
    for job in ExportJob.objects.expired(now).only("pk", "file"):
        if job.file:
            try:
                job.file.delete(save=False)
            except Exception:
                log.exception("Could not delete %s; the job stays for the next run", job.file.name)
                continue
        job.delete()
        count += 1
    return count


def jobs_waiting_ahead(job: ExportJob) -> int:
    """How many jobs were queued before this one and have not started (shown while it waits)."""
    return ExportJob.objects.filter(
        status=ExportJob.Status.QUEUED, created_at__lt=job.created_at
    ).count()
