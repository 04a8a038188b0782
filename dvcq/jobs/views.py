from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dvcq.files import stored_file_response

from .models import ExportJob
from .permissions import get_job_for_user, require_download
from .services import jobs_waiting_ahead

# The progress page reloads itself (a <meta refresh>, no script) this often while the job runs.
REFRESH_SECONDS = 2


def job_list(request: HttpRequest) -> HttpResponse:
    """ "Tệp đã xuất": the person's own jobs of the last 7 days, newest first (one query)."""
    jobs = list(ExportJob.objects.for_user(request.user)[:200])
    return render(request, "jobs/job_list.html", {"jobs": jobs})


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request, pk)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "ahead": jobs_waiting_ahead(job) if job.status == ExportJob.Status.QUEUED else 0,
        },
    )


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request, pk)
    if not job.downloadable:
        raise Http404
    require_download(request.user, job)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return stored_file_response(
        handle, filename=job.filename, content_type=job.content_type, inline=False
    )
