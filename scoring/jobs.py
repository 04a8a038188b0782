"""The reviewers' dashboard as a spreadsheet, made by a background job (every unit below a
province, every criterion)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from dvcq.http import XLSX
from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobFailed, JobKind, JobOutput, register
from dvcq.jobs.services import job_start
from dvcq.org.models import Unit

from . import selectors
from .forms import DashboardFilterForm
from .permissions import may_use_dashboard
from .reports import dashboard as dashboard_report

DASHBOARD = "dashboard-xlsx"


def dashboard_workbook(user, year: int, query) -> bytes | None:
    """The XLSX of every unit the user reviews, filtered as the page `query` filters them;
    None when no unit below has a round that year."""
    units = Unit.objects.reviewed_by(user)
    framework_ids = selectors.dashboard_years(units).frameworks.get(year, [])
    if not framework_ids:
        return None
    chosen = DashboardFilterForm(query).values()
    found = selectors.filtered_units(units, framework_ids, chosen)
    headers = selectors.criteria_headers(framework_ids)
    results = selectors.criterion_results(found.order_by().values("card_id"), maximum=False)
    # The sheet prints neither the overdue count nor the last activity: computed only for a
    # sort by one of them.
    rows = selectors.ordered(found, chosen["sort"] or "name", framework_ids, timezone.localdate())
    # Named tuples of the printed figures, not 3,321 model instances.
    rows = rows.values_list(*dashboard_report.UNIT_FIELDS, named=True)
    return dashboard_report.workbook(list(rows), [n for n, _t in headers], results)


def dashboard_job_start(*, user, year: int, query) -> ExportJob:
    return job_start(
        user=user,
        kind=DASHBOARD,
        title=_("Bảng tổng hợp chấm điểm năm %(year)s (Excel)") % {"year": year},
        params={"year": year, "query": {k: v for k, v in query.items()}},
    )


def _may_download(user, params: dict) -> bool:
    # The rows were the units the user reviewed when it ran; a reviewer who lost the role no
    # longer downloads them.
    return may_use_dashboard(user)


def _run(job: ExportJob, progress) -> JobOutput:
    if not may_use_dashboard(job.user):
        raise JobFailed(_("Bạn không còn quyền xem bảng tổng hợp."))
    year = job.params["year"]
    progress(1, 2, _("Đang tổng hợp"))
    content = dashboard_workbook(job.user, year, job.params["query"])
    if content is None:
        raise JobFailed(
            _("Không đơn vị trực thuộc nào có kỳ đánh giá năm %(year)s.") % {"year": year}
        )
    return JobOutput(filename=dashboard_report.filename(year), content_type=XLSX, content=content)


register(JobKind(DASHBOARD, run=_run, allowed=_may_download))
