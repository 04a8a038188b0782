"""The invitations of a whole onboarding sent by a background job: a province's 800 accounts
are 800 e-mails, which a slow mail server takes minutes to accept."""

from django.utils.translation import gettext as _

from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobFailed, JobKind, JobOutput, register
from dvcq.jobs.services import job_start

from .invitations import send_invitations
from .models import User

INVITATIONS = "invitations"
# Messages per SMTP connection, and between two progress reports.
BATCH = 50


def invitations_job_start(*, user, accounts, base_url: str) -> ExportJob:
    ids = [account.pk for account in accounts]
    return job_start(
        user=user,
        kind=INVITATIONS,
        title=_("Gửi thư mời đặt mật khẩu cho %(count)s tài khoản mới") % {"count": len(ids)},
        params={"users": ids, "base_url": base_url},
    )


def _may_download(user, params: dict) -> bool:
    return user.is_superuser


def _run(job: ExportJob, progress) -> JobOutput:
    if not job.user.is_superuser:
        raise JobFailed(_("Chỉ quản trị hệ thống gửi được thư mời."))
    accounts = list(
        User.objects.filter(pk__in=job.params["users"], is_active=True)
        .select_related("unit")
        .order_by("pk")
    )
    sent = 0
    for start in range(0, len(accounts), BATCH):
        progress(start, len(accounts), _("Đã gửi %(sent)s thư") % {"sent": sent})
        sent += send_invitations(accounts[start : start + BATCH], base_url=job.params["base_url"])
    return JobOutput(message=_("Đã gửi %(sent)s thư mời đặt mật khẩu.") % {"sent": sent})


register(JobKind(INVITATIONS, run=_run, allowed=_may_download))
