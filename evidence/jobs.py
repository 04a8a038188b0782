"""The evidence binder of a round as a background job."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from criteria.models import AssessmentRound
from dvcq.http import ZIP
from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobKind, JobOutput, register
from dvcq.jobs.services import job_start

from .binder import binder_filename, build_binder

BINDER = "binder"


def binder_job_start(*, user, assessment_round: AssessmentRound) -> ExportJob:
    return job_start(
        user=user,
        kind=BINDER,
        title=_("Hồ sơ minh chứng %(unit)s năm %(year)s")
        % {"unit": assessment_round.unit.name, "year": assessment_round.year},
        params={"round": assessment_round.pk},
    )


def _may_download(user, params: dict) -> bool:
    """Whoever may see the round's overview, as the direct download asks."""
    return AssessmentRound.objects.for_user(user).filter(pk=params["round"]).exists()


def _run(job: ExportJob, progress) -> JobOutput:
    assessment_round = (
        AssessmentRound.objects.for_user(job.user)
        .select_related("unit", "framework")
        .filter(pk=job.params["round"])
        .first()
    )
    if assessment_round is None:
        raise PermissionDenied
    return JobOutput(
        filename=binder_filename(assessment_round),
        content_type=ZIP,
        content=build_binder(assessment_round, progress=progress),
    )


register(JobKind(BINDER, run=_run, allowed=_may_download))
