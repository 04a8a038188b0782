from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvcq.http import file_response
from dvcq.org.models import Role
from dvcq.org.permissions import get_unit_for_user

from . import registry
from .custom_templates import (
    CONDITION,
    PLACEHOLDERS,
    CustomTemplateError,
    template_delete,
    template_save,
)
from .exporting import FORMATS, export_request
from .forms import DocumentSettingsForm, ExportForm, TemplateUploadForm
from .jobs import document_job_start
from .models import ReportTemplate
from .services import document_settings_for


def _kind_or_404(kind: str) -> registry.ReportKind:
    try:
        return registry.get(kind)
    except KeyError:
        raise Http404 from None


def report_export(request: HttpRequest, kind: str, code: str, year: int) -> HttpResponse:
    """The export page of one report; with ?format=… it returns the file. A report that takes
    long (`ReportKind.background`: every unit of a province) posts its form instead and is
    made by a background job."""
    report_kind = _kind_or_404(kind)
    unit = get_unit_for_user(request, code)
    query = request.POST if request.method == "POST" else request.GET
    try:
        source = report_kind.source(unit, year, query)
    except registry.ReportParamsError:
        raise Http404 from None
    if not report_kind.may_read(request.user, source):
        raise PermissionDenied
    export = export_request(report_kind, unit, source, query)
    # Kept as hidden fields so the download asks for the same model or period.
    params = report_kind.params(query)
    context = {"kind": report_kind, "unit": unit, "year": year, "params": params}
    fmt = query.get("format")
    if fmt not in FORMATS:
        return render(
            request,
            "documents/export.html",
            {
                **context,
                "form": ExportForm(initial=export.initial),
                # Why the document would be a draft, and what to fix, before anyone downloads.
                "finality": report_kind.finality_of(source),
            },
        )
    if fmt == "xlsx" and not report_kind.tabular:
        raise Http404
    form = export.form(query)
    if not form.is_valid():
        return render(
            request,
            "documents/export.html",
            {**context, "form": form, "finality": report_kind.finality_of(source)},
        )
    if request.method == "POST":
        if not report_kind.background:
            raise Http404
        job = document_job_start(
            user=request.user, report_kind=report_kind, unit=unit, year=year, fmt=fmt, query=query
        )
        return redirect("jobs:detail", job.pk)
    try:
        filename, content_type, content = report_kind.render(source, export.options(form), fmt)
    except CustomTemplateError as error:
        messages.error(request, str(error))
        return redirect(request.path)
    return file_response(filename, content_type, content)


def document_settings(request: HttpRequest) -> HttpResponse:
    """The compiler sets how their unit's documents are headed and signed."""
    user = request.user
    if user.unit_id is None or not (user.is_superuser or user.has_role(Role.COMPILER)):
        raise PermissionDenied
    instance = document_settings_for(user.unit)
    form = DocumentSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thiết lập văn bản của đơn vị."))
        return redirect("documents:settings")
    return render(
        request, "documents/settings.html", {"form": form, "saved": instance.pk is not None}
    )


def template_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    custom = {t.kind: t for t in ReportTemplate.objects.select_related("uploaded_by")}
    kinds = [(kind, custom.get(kind.kind)) for kind in registry.all_kinds()]
    return render(
        request,
        "documents/templates.html",
        {
            "kinds": kinds,
            "placeholders": PLACEHOLDERS,
            "condition": CONDITION,
            "form": TemplateUploadForm(),
        },
    )


@require_POST
def template_upload(request: HttpRequest, kind: str) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    report_kind = _kind_or_404(kind)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            template_save(
                kind=report_kind.kind, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã dùng mẫu Word mới cho “%(kind)s”.") % {"kind": report_kind.title}
            )
    else:
        messages.error(request, " ".join(form.errors["file"]))
    return redirect("documents:templates")


@require_POST
def template_reset(request: HttpRequest, kind: str) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    report_kind = _kind_or_404(kind)
    template_delete(kind=report_kind.kind)
    messages.success(
        request, _("Đã quay về mẫu mặc định cho “%(kind)s”.") % {"kind": report_kind.title}
    )
    return redirect("documents:templates")
