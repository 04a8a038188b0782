from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvcq.http import XLSX, file_response
from dvcq.previews import preview_store, preview_take
from dvcq.ratelimit import rate_limit_hit, rate_limit_minutes_left
from dvcq.sheets import SheetProblems

from .forms import OnboardingForm, ProfileForm, ResetForm
from .invitations import invitation_tokens
from .jobs import invitations_job_start
from .logins import client_ip_address
from .models import Position, Role, Unit, UnitKind, User
from .onboarding import Plan, onboarding_apply, read_workbook, template_workbook
from .permissions import get_unit_for_user, role_required


@role_required(Role.REVIEWER)
def unit_list(request: HttpRequest) -> HttpResponse:
    units = (
        Unit.objects.reviewed_by(request.user)
        .select_related("parent")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("parent__name", "name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__icontains=query))
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "org/unit_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": UnitKind.choices},
    )


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request, code)
    members = User.objects.filter(unit=unit, is_active=True).prefetch_related(
        "role_grants", "positions"
    )
    positions = Position.objects.filter(unit=unit, is_active=True).prefetch_related(
        Prefetch("holders", queryset=User.objects.filter(is_active=True))
    )
    children = Unit.objects.for_user(request.user).filter(parent=unit)
    return render(
        request,
        "org/unit_detail.html",
        {"unit": unit, "members": members, "positions": positions, "children": children},
    )


# --- onboarding and invitations --------------------------------------------------------------

ONBOARDING = "onboarding"


def _superuser(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def onboarding(request: HttpRequest) -> HttpResponse:
    """Upload → preview (every problem by sheet, row and column) → confirm; all or nothing."""
    _superuser(request)
    form = OnboardingForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            plan = read_workbook(form.cleaned_data["file"])
        except SheetProblems as refused:
            context["problems"] = refused.messages
            status = 400
        else:
            context.update(
                plan=plan,
                file_name=form.cleaned_data["file"].name,
                token=preview_store(request, kind=ONBOARDING, object_id=0, data=plan.to_data()),
            )
    return render(request, "org/onboarding.html", context, status=status)


@require_POST
def onboarding_confirm(request: HttpRequest) -> HttpResponse:
    _superuser(request)
    data = preview_take(request, request.POST.get("token"), kind=ONBOARDING, object_id=0)
    if data is None:
        messages.error(
            request, _("Bản xem trước đã hết hạn hoặc đã được xác nhận; tải tệp lên lại.")
        )
        return redirect("org:onboarding")
    try:
        done = onboarding_apply(Plan.from_data(data))
    except SheetProblems as refused:  # the database changed since the preview
        return render(
            request,
            "org/onboarding.html",
            {"form": OnboardingForm(), "problems": refused.messages},
            status=400,
        )
    job = None
    if done.created_accounts:
        job = invitations_job_start(
            user=request.user,
            accounts=done.created_accounts,
            base_url=request.build_absolute_uri("/"),
        )
    messages.success(
        request,
        _(
            "Đã lưu: %(new_units)s đơn vị mới, %(changed_units)s đơn vị cập nhật, "
            "%(new_accounts)s tài khoản mới, %(changed_accounts)s tài khoản cập nhật."
        )
        % {
            "new_units": len(done.created_units),
            "changed_units": len(done.updated_units),
            "new_accounts": len(done.created_accounts),
            "changed_accounts": len(done.updated_accounts),
        },
    )
    # The invitations go out in the background; their progress page says when they are sent.
    if job is not None:
        return redirect("jobs:detail", job.pk)
    return redirect("org:onboarding")


def onboarding_template(request: HttpRequest) -> HttpResponse:
    _superuser(request)
    out = BytesIO()
    template_workbook().save(out)
    return file_response("khai-bao-don-vi-tai-khoan.xlsx", XLSX, out.getvalue())


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invitation's link: the new account sets its own password (once, within 7 days)."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_confirm.html"
    success_url = reverse_lazy("invitation_done")


class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        """Sends the link, unless the address or the client asked too often this hour: counted
        in the cache, so across every instance when the cache is Redis (settings, CACHE_URL)."""
        period = 3600
        if not (
            rate_limit_hit(
                scope="password-reset-client",
                key=client_ip_address(self.request) or "",
                limit=settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR,
                period=period,
            )
            and rate_limit_hit(
                scope="password-reset-address",
                key=form.cleaned_data["email"],
                limit=settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
                period=period,
            )
        ):
            form.add_error(
                "email",
                _("Đã có quá nhiều yêu cầu gửi liên kết. Vui lòng thử lại sau %(minutes)d phút.")
                % {"minutes": rate_limit_minutes_left(period=period)},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def profile(request: HttpRequest) -> HttpResponse:
    """The account page: who I am, and whether DVCQ may also write to me by e-mail."""
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu."))
        return redirect("profile")
    return render(request, "registration/profile.html", {"form": form})
