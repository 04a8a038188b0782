"""Who sees a job: only the person who asked for it, until it expires (404 for anyone else)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from . import registry
from .models import ExportJob


def get_job_for_user(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)


def require_download(user, job: ExportJob) -> None:
    """The export's own rule, asked again now: a reviewer moved to another unit, or an account
    that lost its role, no longer downloads what it asked for last week (403)."""
    try:
        kind = registry.get(job.kind)
    except KeyError:
        raise PermissionDenied from None
    if not kind.allowed(user, job.params):
        raise PermissionDenied
