"""The reading jobs (django-tasks; run by `manage.py db_worker`). They carry ids only."""

from django_tasks import task


@task()
def read_file_task(reading_id: int, force: bool = False) -> None:
    from .services import file_read

    file_read(reading_id=reading_id, force=force)


@task()
def read_staged_task(staged_id: int) -> None:
    from .services import staged_read

    staged_read(staged_id=staged_id)
