from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvcq.http import XLSX, as_id, file_response
from dvcq.locking import Conflict
from dvcq.org.models import Position, Role
from dvcq.org.permissions import role_required
from dvcq.previews import preview_drop, preview_get, preview_store
from dvcq.sheets import SheetProblems

from . import services
from .annex_io import (
    annex_import_apply,
    annex_preview,
    grid_versions,
    read_annex_upload,
)
from .forms import (
    AnnexesExportForm,
    AssignmentGridFormSet,
    FrameworkCopyForm,
    FrameworkImportForm,
    RoundCreateForm,
    UploadForm,
)
from .jobs import annex_years, annexes_job_start, may_export_annexes
from .models import AssessmentRound, Assignment, Framework, Item
from .permissions import (
    framework_owner_choices,
    get_framework_for_editor,
    get_framework_for_user,
    get_round_for_compiler,
    get_round_for_user,
    may_confirm_scale,
    may_edit_framework,
    may_edit_grid,
    may_manage_frameworks,
)
from .selectors import grid_changes
from .xlsx import framework_from_xlsx, framework_to_xlsx

HISTORY_PAGE_SIZE = 50
ANNEX_PREVIEW = "criteria-annex"


# Frameworks ---------------------------------------------------------------------------------


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.for_user(request.user).select_related("owner").with_totals()
    return render(
        request,
        "criteria/framework_list.html",
        {"frameworks": frameworks, "can_import": may_manage_frameworks(request.user)},
    )


def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request, pk)
    criteria = framework.criteria.prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("number"))
    )
    rows = []
    for criterion in criteria:
        items = list(criterion.items.all())
        regular = sum((i.max_points for i in items if not i.is_bonus), 0)
        bonus = sum((i.max_points for i in items if i.is_bonus), 0)
        rows.append((criterion, items, regular, bonus))
    in_use = framework.is_in_use()
    return render(
        request,
        "criteria/framework_detail.html",
        {
            "framework": framework,
            "rows": rows,
            "total": sum(r[2] for r in rows),
            "bonus_total": sum(r[3] for r in rows),
            "bands": framework.bands.prefetch_related("no_deduction_on"),
            "in_use": in_use,
            "can_edit": may_edit_framework(request.user, framework),
            "can_confirm": may_confirm_scale(request.user),
            "copy_form": FrameworkCopyForm(
                initial={"year": framework.owner.frameworks.aggregate(last=Max("year"))["last"] + 1}
            ),
        },
    )


def framework_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request, pk)
    return file_response(
        f"khung-tieu-chi-{framework.year}-{framework.owner.code}.xlsx",
        XLSX,
        framework_to_xlsx(framework),
    )


@require_POST
def framework_copy(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_editor(request, pk)
    form = FrameworkCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.framework_copy(framework=framework, year=form.cleaned_data["year"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã tạo khung tiêu chí năm %(year)s.") % {"year": copy.year}
            )
            return redirect("criteria:framework_detail", pk=copy.pk)
    else:
        messages.error(request, _("Năm mới không hợp lệ."))
    return redirect("criteria:framework_detail", pk=pk)


@require_POST
def framework_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request, pk)
    if not may_confirm_scale(request.user):
        raise PermissionDenied
    services.framework_confirm_scale(framework=framework)
    messages.success(request, _("Đã xác nhận thang điểm theo quyết định của tỉnh."))
    return redirect("criteria:framework_detail", pk=pk)


def framework_import(request: HttpRequest) -> HttpResponse:
    if not may_manage_frameworks(request.user):
        raise PermissionDenied
    owners = framework_owner_choices(request.user)
    # A reviewer imports for their own province; an administrator outside one picks the owner.
    owner = owners.filter(pk=request.user.unit_id).first() if request.user.unit_id else None
    errors: list = []
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if request.user.is_superuser and request.POST.get("owner"):
            owner = get_object_or_404(owners, pk=request.POST["owner"])
        data, errors = framework_from_xlsx(form.cleaned_data["file"])
        if data is not None and owner is not None:
            existing = Framework.objects.filter(owner=owner, year=data["year"]).first()
            try:
                if existing and not form.cleaned_data["replace"]:
                    raise ValidationError(
                        _(
                            "%(owner)s đã có khung tiêu chí năm %(year)s. Chọn “Thay thế” nếu muốn ghi đè khung chưa được dùng."
                        )
                        % {"owner": owner, "year": data["year"]}
                    )
                framework = (
                    services.framework_replace(framework=existing, data=data)
                    if existing
                    else services.framework_create(owner=owner, data=data)
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("Đã nhập khung tiêu chí năm %(year)s.") % {"year": framework.year}
                )
                return redirect("criteria:framework_detail", pk=framework.pk)
    return render(
        request,
        "criteria/framework_import.html",
        {"form": form, "errors": errors, "owners": owners if owner is None else None},
    )


# Rounds and the assignment grid ---------------------------------------------------------------


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = AssessmentRound.objects.for_user(request.user).select_related("unit", "framework")
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    create_form = None
    user = request.user
    if user.unit_id and user.has_role(Role.COMPILER):
        taken = AssessmentRound.objects.filter(unit=user.unit_id).values("framework")
        available = Framework.objects.for_user(user).exclude(pk__in=taken)
        create_form = RoundCreateForm(
            frameworks=available,
            unit=user.unit,
            initial={"framework": available.order_by("-year").first()},
        )
    annexes_form = None
    if may_export_annexes(user):
        years = annex_years(user)
        if years:
            annexes_form = AnnexesExportForm(years=years, initial={"year": years[0]})
    return render(
        request,
        "criteria/round_list.html",
        {"page": page, "create_form": create_form, "annexes_form": annexes_form},
    )


@require_POST
def annexes_export(request: HttpRequest) -> HttpResponse:
    """Every unit's annex of a year in one ZIP, made by a background job."""
    user = request.user
    if not may_export_annexes(user):
        raise PermissionDenied
    form = AnnexesExportForm(request.POST, years=annex_years(user))
    if not form.is_valid():
        messages.error(request, _("Chọn năm và định dạng của phụ lục."))
        return redirect("criteria:round_list")
    job = annexes_job_start(
        user=user, year=form.cleaned_data["year"], fmt=form.cleaned_data["format"]
    )
    return redirect("jobs:detail", job.pk)


@require_POST
@role_required(Role.COMPILER)
def round_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.unit_id is None:
        raise PermissionDenied
    form = RoundCreateForm(
        request.POST, frameworks=Framework.objects.for_user(user), unit=user.unit
    )
    if form.is_valid():
        try:
            created = services.round_create(
                unit=user.unit,
                framework=form.cleaned_data["framework"],
                plan_number=form.cleaned_data["plan_number"],
                plan_date=form.cleaned_data["plan_date"],
                reviewing_unit=form.cleaned_data["reviewing_unit"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Đã tạo kỳ đánh giá năm %(year)s.") % {"year": created.year}
            )
            return redirect("criteria:round_grid", pk=created.pk)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("criteria:round_list")


def _grid_assignments(assessment_round: AssessmentRound) -> list[Assignment]:
    return list(
        assessment_round.assignments.select_related("item__criterion").prefetch_related(
            "lead_positions", "cooperating_positions"
        )
    )


def _acknowledge_conflicts(data, formset, conflicts, choices):
    """The same page again, with the conflicting rows now based on their newest version.

    The user's own values stay in every field; saving once more applies them knowingly.
    """
    data = data.copy()
    by_id = {a.pk: a for a in conflicts}
    for form in formset:
        assignment = by_id.get(form.cleaned_data.get("id"))
        if assignment is not None:
            data[form.add_prefix("version")] = str(assignment.version)
            data[form.add_prefix("fingerprint")] = services.assignment_fingerprint(assignment)
    refreshed = AssignmentGridFormSet(data, form_kwargs={"position_choices": choices})
    refreshed.is_valid()
    return refreshed


def _row_initial(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "version": assignment.version,
        "lead": [p.pk for p in assignment.lead_positions.all()],
        "cooperating": [p.pk for p in assignment.cooperating_positions.all()],
        "assignee_note": assignment.assignee_note,
        "action": assignment.action,
        "deadline": assignment.deadline,
        "fingerprint": services.assignment_fingerprint(assignment),
    }


def _form_assignment_id(form) -> int | None:
    value = form["id"].value()
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _row_anchor(assignment: Assignment) -> str:
    return f"#nd-{assignment.item.criterion.number}-{assignment.item.number}"


def round_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignment annex, every row read-only; the compiler edits one row at a time.

    `?sua=<assignment>` opens that row as a form; a POST carries the rows it edits (the page
    sends one) with the version each was loaded at, so a row someone else saved meanwhile is
    refused as before. Only the open row carries its checkboxes: the page stays light.
    """
    assessment_round = get_round_for_user(request, pk)
    can_edit = may_edit_grid(request.user, assessment_round)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    assignments = _grid_assignments(assessment_round)
    by_id = {a.pk: a for a in assignments}
    positions = list(Position.objects.filter(unit=assessment_round.unit, is_active=True))
    choices = [(p.pk, p.name) for p in positions]
    formset = None
    if request.method == "GET" and can_edit:
        editing = by_id.get(as_id(request.GET.get("sua")))
        if editing is not None:
            formset = AssignmentGridFormSet(
                initial=[_row_initial(editing)], form_kwargs={"position_choices": choices}
            )
    conflicts = []
    if request.method == "POST":
        formset = AssignmentGridFormSet(request.POST, form_kwargs={"position_choices": choices})
        if formset.is_valid() and {f.cleaned_data["id"] for f in formset} <= by_id.keys():
            rows = [
                services.GridRow(
                    assignment_id=f.cleaned_data["id"],
                    version=f.cleaned_data["version"],
                    lead_ids=f.cleaned_data["lead"],
                    cooperating_ids=f.cleaned_data["cooperating"],
                    assignee_note=f.cleaned_data["assignee_note"],
                    action=f.cleaned_data["action"],
                    deadline=f.cleaned_data["deadline"],
                    fingerprint=f.cleaned_data["fingerprint"],
                )
                for f in formset
            ]
            try:
                changed = services.grid_save(
                    assessment_round=assessment_round, rows=rows, user=request.user
                )
            except Conflict as conflict:
                conflicts = conflict.current
                formset = _acknowledge_conflicts(request.POST, formset, conflicts, choices)
                messages.error(
                    request,
                    _(
                        "Không lưu gì: Nội dung %(rows)s vừa được người khác sửa. Giá trị mới hiện ở dòng đó; các ô bạn đã sửa vẫn giữ nguyên. Sửa lại nếu cần rồi bấm Lưu lần nữa."
                    )
                    % {"rows": ", ".join(a.item.code for a in conflicts)},
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã lưu %(n)s dòng phân công.") % {"n": changed})
                url = reverse("criteria:round_grid", args=[pk])
                if len(rows) == 1:
                    url += _row_anchor(by_id[rows[0].assignment_id])
                return redirect(url)
        else:
            bad = [
                by_id[i].item.code
                for f in formset
                if f.errors and (i := _form_assignment_id(f)) in by_id
            ]
            messages.error(
                request,
                _("Chưa lưu gì: kiểm tra các ô được đánh dấu đỏ ở Nội dung %(rows)s.")
                % {"rows": ", ".join(bad)},
            )
    forms_by_id = {_form_assignment_id(f): f for f in formset} if formset is not None else {}
    year = assessment_round.year
    conflict_by_id = {a.pk: a for a in conflicts}
    rows, current = [], None
    for assignment in assignments:
        criterion = assignment.item.criterion
        if criterion != current:
            current = criterion
            rows.append({"criterion": criterion, "items": []})
        lead_ids = [p.pk for p in assignment.lead_positions.all()]
        rows[-1]["items"].append(
            {
                "assignment": assignment,
                "form": forms_by_id.get(assignment.pk),
                "warnings": assignment.warnings(year, lead_ids=lead_ids),
                "conflict": conflict_by_id.get(assignment.pk),
            }
        )
    warning_count = sum(len(i["warnings"]) > 0 for r in rows for i in r["items"])
    return render(
        request,
        "criteria/round_grid.html",
        {
            "round": assessment_round,
            "formset": formset,
            "rows": rows,
            "can_edit": can_edit,
            "warning_count": warning_count,
            "positions": positions,
        },
    )


def round_history(request: HttpRequest, pk: int) -> HttpResponse:
    """“Lịch sử” of the grid: every assignment change, who and when, before and after."""
    assessment_round = get_round_for_user(request, pk)
    entries = grid_changes(assessment_round)
    return render(
        request,
        "criteria/round_history.html",
        {
            "round": assessment_round,
            "page": Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


def round_annex_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a Word or Excel annex → preview with warnings; nothing is saved here."""
    assessment_round = get_round_for_compiler(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = token = file_name = None
    if request.method == "POST" and form.is_valid():
        try:
            parsed = read_annex_upload(form.cleaned_data["file"])
        except SheetProblems as error:
            form.add_error("file", error.messages)
        else:
            preview = annex_preview(assessment_round=assessment_round, parsed=parsed)
            file_name = form.cleaned_data["file"].name
            token = preview_store(
                request,
                kind=ANNEX_PREVIEW,
                object_id=assessment_round.pk,
                data={
                    "rows": preview.as_session(),
                    "missing": preview.missing_positions,
                    "versions": grid_versions(assessment_round),
                    "file_name": file_name,
                },
            )
    return render(
        request,
        "criteria/annex_import.html",
        {
            "round": assessment_round,
            "form": form,
            "preview": preview,
            "token": token,
            "file_name": file_name,
        },
    )


@require_POST
def round_annex_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = get_round_for_compiler(request, pk)
    token = request.POST.get("token")
    stored = preview_get(request, token, kind=ANNEX_PREVIEW, object_id=assessment_round.pk)
    if not stored:
        messages.error(request, _("Không còn dữ liệu xem trước; hãy tải tệp lên lại."))
        return redirect("criteria:round_annex_import", pk=pk)
    if stored["versions"] != grid_versions(assessment_round):
        preview_drop(request, token)
        messages.error(
            request,
            _(
                "Không nhập: bảng phân công đã được sửa sau khi bạn xem trước. Hãy tải tệp lên lại để xem trước theo bảng mới."
            ),
        )
        return redirect("criteria:round_annex_import", pk=pk)
    create = [name for name in request.POST.getlist("create_position") if name in stored["missing"]]
    try:
        applied = annex_import_apply(
            assessment_round=assessment_round,
            rows=stored["rows"],
            create_positions=create,
            user=request.user,
            source_name=stored.get("file_name", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("criteria:round_annex_import", pk=pk)
    preview_drop(request, token)
    messages.success(request, _("Đã nhập %(n)s dòng phân công từ tệp.") % {"n": applied})
    return redirect("criteria:round_grid", pk=pk)
