"""A file's reading through the real thing: the upload queues it in the database and returns;
a separate `manage.py db_worker` process reads the file with the real reader (see
tests/jobs/test_worker.py for how the worker reaches the test's database)."""

import os
import sqlite3
import subprocess
import sys
import time

import pytest
from django.core.files.base import ContentFile

from dvcq.reading.models import FileReading
from evidence import services
from tests.jobs.test_worker import ROOT, WAIT_SECONDS, _database_url
from tests.reading.documents import plan_docx


def _reading(pk: int, copy) -> tuple[str, str]:
    if copy is None:
        reading = FileReading.objects.get(pk=pk)
        return reading.status, reading.number
    with sqlite3.connect(copy, timeout=5) as db:
        row = db.execute(
            "SELECT status, number FROM reading_filereading WHERE id = ?", (pk,)
        ).fetchone()
    db.close()
    return row


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_filed_document_is_read_by_a_db_worker_process(settings, tmp_path, officer, item_4_3):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    filed = services.record_file(
        assignment=item_4_3,
        user=officer,
        fields={"summary": "Kế hoạch tuyên truyền", "number": "", "issued_on": None, "issuer": ""},
        upload=ContentFile(plan_docx(), name="ke-hoach.docx"),
    )
    reading = FileReading.objects.get(file=filed.file)
    assert reading.status == "waiting"  # queued, not read: the upload did not wait

    database_url, copy = _database_url(tmp_path)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        status, number = _reading(reading.pk, copy)
        while status not in ("done", "failed") and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
            status, number = _reading(reading.pk, copy)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert (status, number) == ("done", "45/KH-UBND"), output
