"""The one django-tasks task of the app: run the ExportJob whose id it carries."""

from django_tasks import task


@task()
def run_export_job(job_id: int) -> None:
    from .services import job_run

    job_run(job_id=job_id)
