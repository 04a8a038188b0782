"""A report of the document engine made by a background job (`ReportKind.background`)."""

from django.http import Http404
from django.utils.translation import gettext as _

from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobFailed, JobKind, JobOutput, register
from dvcq.jobs.services import job_start
from dvcq.org.models import Unit

from . import registry
from .custom_templates import CustomTemplateError
from .exporting import export_request

DOCUMENT = "document"


def document_job_start(
    *, user, report_kind: registry.ReportKind, unit: Unit, year: int, fmt: str, query
) -> ExportJob:
    """The person's request kept as they sent it (every field a string), read again by the
    job the way the export page reads it."""
    kept = {k: v for k, v in query.items() if k not in ("csrfmiddlewaretoken", "format")}
    return job_start(
        user=user,
        kind=DOCUMENT,
        title=f"{report_kind.title} — {unit.name}, {year} ({fmt.upper()})",
        params={"report": report_kind.kind, "unit": unit.code, "year": year, "format": fmt,
                "query": kept},
    )  # fmt: skip


def _source(user, params: dict):
    """(report kind, unit, source) if the user may still read the report, else None."""
    try:
        report_kind = registry.get(params["report"])
    except KeyError:
        return None
    unit = Unit.objects.for_user(user).filter(code=params["unit"]).first()
    if unit is None:
        return None
    try:
        source = report_kind.source(unit, params["year"], params["query"])
    except (Http404, registry.ReportParamsError):
        return None
    if not report_kind.may_read(user, source):
        return None
    return report_kind, unit, source


def _may_download(user, params: dict) -> bool:
    return _source(user, params) is not None


def _run(job: ExportJob, progress) -> JobOutput:
    found = _source(job.user, job.params)
    if found is None:
        raise JobFailed(_("Bạn không còn quyền xem báo cáo này, hoặc báo cáo không còn dữ liệu."))
    report_kind, unit, source = found
    query = job.params["query"]
    export = export_request(report_kind, unit, source, query)
    form = export.form(query)
    if not form.is_valid():
        raise JobFailed(_("Thông tin văn bản không hợp lệ; hãy xuất lại từ trang báo cáo."))
    progress(1, 2, _("Đang dựng văn bản"))
    try:
        filename, content_type, content = report_kind.render(
            source, export.options(form), job.params["format"]
        )
    except CustomTemplateError as error:
        raise JobFailed(str(error)) from error
    return JobOutput(filename=filename, content_type=content_type, content=content)


register(JobKind(DOCUMENT, run=_run, allowed=_may_download))
