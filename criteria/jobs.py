"""Every assignment annex of the units a reviewer reviews, for one year, as one ZIP: a
background job (a province has about a hundred communes)."""

import tempfile
import zipfile
from dataclasses import replace

from django.utils.translation import gettext as _

from dvcq.documents import registry as reports
from dvcq.documents.custom_templates import CustomTemplateError
from dvcq.documents.services import ascii_slug, document_settings_for, export_options_defaults
from dvcq.http import ZIP
from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobFailed, JobKind, JobOutput, register
from dvcq.jobs.services import job_start
from dvcq.org.models import Role, Unit

from .models import AssessmentRound

ANNEXES = "annexes"


def may_export_annexes(user) -> bool:
    """Reviewers (of their unit and every unit below) and system administrators."""
    return user.is_superuser or (user.unit_id is not None and user.has_role(Role.REVIEWER))


def annex_rounds(user, year: int):
    """The rounds of `year` of every unit the user reviews, in the units' order."""
    return (
        AssessmentRound.objects.filter(
            unit__in=Unit.objects.reviewed_by(user), framework__year=year
        )
        .select_related("unit", "framework")
        .order_by("unit__name", "unit__code")
    )


def annex_years(user) -> list[int]:
    return sorted(
        set(
            AssessmentRound.objects.filter(unit__in=Unit.objects.reviewed_by(user)).values_list(
                "framework__year", flat=True
            )
        ),
        reverse=True,
    )


def annexes_job_start(*, user, year: int, fmt: str) -> ExportJob:
    scope = user.unit.name if user.unit_id else _("mọi đơn vị")
    return job_start(
        user=user,
        kind=ANNEXES,
        title=_("Phụ lục phân công năm %(year)s của các đơn vị trực thuộc %(scope)s (%(fmt)s)")
        % {"year": year, "scope": scope, "fmt": fmt.upper()},
        params={"year": year, "format": fmt, "unit": user.unit.code if user.unit_id else ""},
    )


def _may_download(user, params: dict) -> bool:
    # Still a reviewer, and still of the unit whose communes the ZIP holds.
    own = user.unit.code if user.unit_id else ""
    return may_export_annexes(user) and (user.is_superuser or own == params["unit"])


def _run(job: ExportJob, progress) -> JobOutput:
    user, year, fmt = job.user, job.params["year"], job.params["format"]
    if not _may_download(user, job.params):
        raise JobFailed(_("Bạn không còn quyền xuất phụ lục của các đơn vị trực thuộc."))
    annex = reports.get("annex")
    rounds = list(annex_rounds(user, year))
    if not rounds:
        raise JobFailed(
            _("Không đơn vị trực thuộc nào có kỳ đánh giá năm %(year)s.") % {"year": year}
        )
    out = tempfile.TemporaryFile()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, assessment_round in enumerate(rounds):
            progress(done, len(rounds), assessment_round.unit.name)
            settings = document_settings_for(assessment_round.unit)
            options = replace(
                export_options_defaults(settings, annex.default_style, annex.default_symbol),
                label=annex.default_label,
            )
            try:
                filename, _type, content = annex.render(assessment_round, options, fmt)
            except CustomTemplateError as error:
                out.close()
                raise JobFailed(str(error)) from error
            archive.writestr(filename, content)
    out.seek(0)
    stem = ascii_slug(job.params["unit"] or "tat-ca")
    return JobOutput(
        filename=f"phu-luc-phan-cong-{year}-{stem}-{fmt}.zip",
        content_type=ZIP,
        content=out,
        message=_("%(count)s phụ lục.") % {"count": len(rounds)},
    )


register(JobKind(ANNEXES, run=_run, allowed=_may_download))
