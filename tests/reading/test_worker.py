"""A file's reading through the real thing: the upload queues it in the database and returns;
a separate `manage.py db_worker` process reads the file with the real reader (see
tests/worker.py for how the worker reaches the test's database)."""

import pytest
from django.core.files.base import ContentFile

from dvcq.reading.models import FileReading
from evidence import services
from tests.reading.documents import plan_docx
from tests.worker import copied_row, database_url, worker_run


def _reading(pk: int, copy) -> tuple[str, str]:
    if copy is None:
        reading = FileReading.objects.get(pk=pk)
        return reading.status, reading.number
    return copied_row(copy, "SELECT status, number FROM reading_filereading WHERE id = ?", pk)


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

    url, copy = database_url(tmp_path)
    env = {"DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    (status, number), output = worker_run(env, tmp_path, lambda: _reading(reading.pk, copy))
    assert (status, number) == ("done", "45/KH-UBND"), output
