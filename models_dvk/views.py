"""Campaign and registration pages. Campaigns, models and documents are looked up through
`permissions.get_<object>_for_user` (404 outside); who may change what is decided by the
`permissions.may_*` rules, which the services check again."""

from datetime import date
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvcq.files import stored_file_response
from dvcq.locking import Conflict
from dvcq.previews import preview_store, preview_take
from dvcq.sheets import SheetProblems

from . import importer
from .exports import campaign_exports
from .forms import (
    PART_FORMS,
    CampaignForm,
    CopyForm,
    DocumentForm,
    DvkModelForm,
    FilterForm,
    ImportForm,
    PlanSectionsForm,
    StepForm,
)
from .models import (
    OPEN_STEPS,
    Campaign,
    DvkModel,
    Field,
    Milestone,
    Origin,
    Participant,
    ParticipantKind,
    PlanSection,
    Step,
    Subject,
    Target,
)
from .permissions import (
    get_campaign_for_user,
    get_document_for_user,
    get_model_for_user,
    may_coordinate,
    may_create_campaign,
    may_edit_model,
    may_edit_plan,
    may_register_in,
    may_see_targets,
    participants_for,
)
from .plan_sections import plan_draft
from .services.campaign import (
    campaign_copy,
    campaign_create,
    campaign_part_delete,
    campaign_part_save,
)
from .services.lifecycle import document_attach, model_step
from .services.plan import plan_sections_save
from .services.registration import model_register, model_update

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_PREVIEW = "dvk-registrations"
# A district's campaign can list hundreds of models; the page shows them a hundred at a time.
MODELS_PER_PAGE = 100


# The parts of a campaign page, by the word in their URL.
CAMPAIGN_PARTS = {"chi-tieu": Target, "moc-thoi-gian": Milestone, "to-chuc": Participant}


def _require_coordinator(request, campaign: Campaign) -> None:
    if not may_coordinate(request.user, campaign):
        raise PermissionDenied


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- campaigns ---------------------------------------------------------------------------


def campaign_list(request):
    user = request.user
    campaigns = (
        Campaign.objects.for_user(user)
        .select_related("unit")
        .order_by("-year", "unit__name")
        .annotate(
            model_count=Count("models"),
            dropped_count=Count("models", filter=Q(models__step=Step.DROPPED)),
        )
    )
    may_create = may_create_campaign(user)
    form = None
    if may_create:
        form = CampaignForm(
            request.POST or None,
            initial={"year": date.today().year, "organiser": f"Đảng ủy {user.unit.name}"},
        )
        if request.method == "POST" and form.is_valid():
            try:
                campaign = campaign_create(unit=user.unit, user=user, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Đã tạo phong trào năm %(year)s.") % {"year": campaign.year}
                )
                return redirect("dvk:campaign", campaign.pk)
    elif request.method == "POST":
        raise PermissionDenied
    rows = [
        {
            "campaign": c,
            "count": c.model_count,
            "dropped": c.dropped_count,
            "coordinate": may_coordinate(user, c),
        }
        for c in campaigns
    ]
    return render(request, "models_dvk/campaign_list.html", {"rows": rows, "form": form})


@require_POST
def campaign_copy_view(request, pk: int):
    campaign = get_campaign_for_user(request, pk)
    _require_coordinator(request, campaign)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _messages_of(ValidationError(list(form.errors["year"]))))
        return redirect("dvk:campaign", campaign.pk)
    try:
        new = campaign_copy(campaign=campaign, year=form.cleaned_data["year"], user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("dvk:campaign", campaign.pk)
    messages.success(
        request,
        _("Đã sao chép sang năm %(year)s: %(n)s mô hình tiếp tục duy trì được chuyển tiếp.")
        % {"year": new.year, "n": new.models.count()},
    )
    return redirect("dvk:campaign", new.pk)


def campaign_detail(request, pk: int):
    campaign = get_campaign_for_user(request, pk)
    user = request.user
    coordinate = may_coordinate(user, campaign)
    filters = FilterForm(request.GET or None)
    models = campaign.models.select_related("participant").order_by("participant__name", "pk")
    if filters.is_valid():
        for name in ("step", "field", "origin"):
            if filters.cleaned_data[name]:
                models = models.filter(**{name: filters.cleaned_data[name]})
    counts = models.aggregate(total=Count("pk"), dropped=Count("pk", filter=Q(step=Step.DROPPED)))
    paginator = Paginator(models, MODELS_PER_PAGE)
    paginator.count = counts["total"]  # known already: the pager asks for no second count
    page = paginator.get_page(request.GET.get("page"))
    groups = [
        (participant, list(rows))
        for participant, rows in groupby(page, key=lambda m: m.participant)
    ]
    participants = list(campaign.participants.prefetch_related("members"))
    may_register = may_register_in(user, campaign, participants)
    context = {
        "campaign": campaign,
        "coordinate": coordinate,
        "see_targets": may_see_targets(user, campaign),
        "may_register": may_register,
        "targets": list(campaign.targets.all()),
        "milestones": list(campaign.milestones.all()),
        "participants": participants,
        "groups": groups,
        "filters": filters,
        "copy_form": CopyForm(initial={"year": campaign.year + 1}) if coordinate else None,
        "exports": campaign_exports(campaign),
        "page": page,
        "total": counts["total"],
        "dropped": counts["dropped"],
    }
    return render(request, "models_dvk/campaign_detail.html", context)


def _part(campaign: Campaign, kind: str, item: int | None):
    if kind not in CAMPAIGN_PARTS:
        raise Http404
    model = CAMPAIGN_PARTS[kind]
    if item is None:
        return model(campaign=campaign)
    return get_object_or_404(model, campaign=campaign, pk=item)


def campaign_part(request, pk: int, kind: str, item: int | None = None):
    """Add or change a target, milestone or participant (the coordinator)."""
    campaign = get_campaign_for_user(request, pk)
    _require_coordinator(request, campaign)
    instance = _part(campaign, kind, item)
    form_class = PART_FORMS[kind]
    extra = {"campaign": campaign} if kind == "to-chuc" else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        try:
            campaign_part_save(
                campaign=campaign,
                user=request.user,
                instance=saved,
                members=form.cleaned_data["members"] if kind == "to-chuc" else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu “%(item)s”.") % {"item": saved})
            return redirect(f"{campaign_url(campaign)}#{kind}")
    return render(
        request,
        "models_dvk/campaign_part.html",
        {"campaign": campaign, "form": form, "kind": kind, "instance": instance},
    )


def campaign_plan(request, pk: int):
    """The plan's prose (seed 004), edited by whoever coordinates the campaign; the rest of the
    plan is drawn from the campaign's data each time it is exported."""
    campaign = get_campaign_for_user(request, pk)
    if not may_edit_plan(request.user, campaign):
        raise PermissionDenied
    draft = plan_draft(campaign)
    form = PlanSectionsForm(request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        try:
            changed = plan_sections_save(
                draft=draft,
                user=request.user,
                sent=form.cleaned_data["fingerprint"] or None,
                texts=form.texts(),
            )
        except Conflict as conflict:
            # Show what was typed against the newer version: saving again is a choice.
            draft = plan_draft(campaign)
            data = request.POST.copy()
            data["fingerprint"] = draft.fingerprint
            form = PlanSectionsForm(data, draft=draft)
            form.is_valid()
            form.add_error(None, str(conflict))
        else:
            if changed:
                messages.success(request, _("Đã lưu %(n)s mục của kế hoạch.") % {"n": len(changed)})
            else:
                messages.info(request, _("Không có mục nào thay đổi."))
            return redirect("dvk:plan", campaign.pk)
    history: dict[str, list] = {}
    for record in (
        PlanSection.history.filter(campaign_id=campaign.pk)
        .select_related("history_user")
        .order_by("-history_date")
    ):
        history.setdefault(record.key, []).append(record)
    rows = [(*row, history.get(row[0].key, [])[:5]) for row in form.rows()]
    export = reverse("documents:export", args=["dvk-plan", campaign.unit.code, campaign.year])
    return render(
        request,
        "models_dvk/plan_edit.html",
        {"campaign": campaign, "form": form, "rows": rows, "export_url": export},
    )


def campaign_url(campaign: Campaign) -> str:
    return reverse("dvk:campaign", args=[campaign.pk])


@require_POST
def campaign_part_delete_view(request, pk: int, kind: str, item: int):
    campaign = get_campaign_for_user(request, pk)
    _require_coordinator(request, campaign)
    instance = _part(campaign, kind, item)
    try:
        campaign_part_delete(campaign=campaign, user=request.user, instance=instance)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("Đã xóa “%(item)s”.") % {"item": instance})
    return redirect(f"{campaign_url(campaign)}#{kind}")


# --- registration and the model page -------------------------------------------------------


def register(request, pk: int):
    campaign = get_campaign_for_user(request, pk)
    if not participants_for(request.user, campaign).exists():
        if may_coordinate(request.user, campaign):
            messages.warning(
                request, _("Thêm tổ chức tham gia trước khi đăng ký mô hình cho tổ chức đó.")
            )
            return redirect(f"{campaign_url(campaign)}#to-chuc")
        raise PermissionDenied
    form = DvkModelForm(
        request.POST or None,
        campaign=campaign,
        user=request.user,
        initial={"origin": Origin.NEW, "quantity": 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            model = model_register(
                campaign=campaign,
                participant=form.cleaned_data["participant"],
                data=form.model_data(),
                user=request.user,
                on=form.cleaned_data.get("registered_on"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã đăng ký mô hình “%(name)s”.") % {"name": model.name})
            return redirect("dvk:model", model.pk)
    return render(request, "models_dvk/register.html", {"campaign": campaign, "form": form})


def _model_context(request, model: DvkModel, **extra) -> dict:
    events = list(model.events.select_related("user").order_by("on", "pk"))
    documents = list(model.documents.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    by_event = {}
    for document in documents:
        by_event.setdefault(document.event_id, []).append(document)
    for event in events:
        event.attached = by_event.get(event.pk, [])
    editable = may_edit_model(request.user, model)
    context = {
        "model": model,
        "campaign": model.campaign,
        "events": events,
        "loose_documents": by_event.get(None, []),
        "editable": editable,
        "open": model.step in OPEN_STEPS,
    }
    if editable:
        context["step_form"] = StepForm(model=model, initial={"on": date.today()})
        context["document_form"] = DocumentForm(model=model, events=events)
    context.update(extra)
    return context


def model_detail(request, pk: int):
    model = get_model_for_user(request, pk)
    return render(request, "models_dvk/model_detail.html", _model_context(request, model))


def model_edit(request, pk: int):
    model = get_model_for_user(request, pk)
    if not may_edit_model(request.user, model):
        raise PermissionDenied
    form = DvkModelForm(
        request.POST or None, instance=model, campaign=model.campaign, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        data["participant"] = form.cleaned_data["participant"]
        try:
            model_update(
                model=model,
                user=request.user,
                data=data,
                version=form.cleaned_data["version"] or 0,
            )
        except Conflict as conflict:
            messages.error(request, str(conflict))
            return redirect("dvk:model_edit", model.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("dvk:model", model.pk)
    return render(
        request,
        "models_dvk/model_edit.html",
        {"model": model, "campaign": model.campaign, "form": form},
    )


@require_POST
def model_step_view(request, pk: int):
    model = get_model_for_user(request, pk)
    if not may_edit_model(request.user, model):
        raise PermissionDenied
    form = StepForm(request.POST, model=model)
    if form.is_valid():
        try:
            model_step(
                model=model,
                step=form.cleaned_data["step"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            # Keyed by the form's fields ("step", "on", "note"): each beside its field.
            form.add_error(None, error if hasattr(error, "error_dict") else {"step": error})
        else:
            messages.success(
                request, _("Đã ghi bước “%(step)s”.") % {"step": model.get_step_display()}
            )
            return redirect("dvk:model", model.pk)
    context = _model_context(request, model, step_form=form)
    return render(request, "models_dvk/model_detail.html", context, status=400)


@require_POST
def model_upload(request, pk: int):
    model = get_model_for_user(request, pk)
    if not may_edit_model(request.user, model):
        raise PermissionDenied
    events = list(model.events.order_by("on", "pk"))
    form = DocumentForm(request.POST, request.FILES, model=model, events=events)
    if form.is_valid():
        event = next((e for e in events if e.pk == form.cleaned_data["event"]), None)
        try:
            document = document_attach(
                campaign=model.campaign,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                model=model,
                event=event,
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Đã lưu tài liệu “%(name)s”.") % {"name": document})
            return redirect("dvk:model", model.pk)
    context = _model_context(request, model, document_form=form)
    return render(request, "models_dvk/model_detail.html", context, status=400)


def document_download(request, pk: int):
    """Only through here, after the permission check; streamed from storage."""
    document = get_document_for_user(request, pk)
    return stored_file_response(
        document.file.open("rb"),
        filename=document.original_name,
        content_type=document.content_type,
        inline=True,
    )


# --- the Phụ lục 1 import -----------------------------------------------------------------


def import_template(request, pk: int):
    campaign = get_campaign_for_user(request, pk)
    response = HttpResponse(importer.template_workbook(campaign.year), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="phu-luc-1-dang-ky-mo-hinh-{campaign.year}.xlsx"'
    )
    return response


def import_sheet(request, pk: int):
    campaign = get_campaign_for_user(request, pk)
    _require_coordinator(request, campaign)
    if request.method == "POST" and "token" in request.POST:
        entry = preview_take(
            request, request.POST["token"], kind=IMPORT_PREVIEW, object_id=campaign.pk
        )
        if entry is None:
            messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
            return redirect("dvk:import", campaign.pk)
        try:
            created = _import_confirm(request, campaign, entry, request.POST.getlist("create"))
        except (ValidationError, PermissionDenied) as error:
            detail = (
                _messages_of(error) if isinstance(error, ValidationError) else _("không có quyền")
            )
            messages.error(request, _("Chưa nhập mô hình nào: %(detail)s") % {"detail": detail})
            return redirect("dvk:import", campaign.pk)
        messages.success(request, _("Đã nhập %(n)s mô hình từ Phụ lục 1.") % {"n": created})
        return redirect("dvk:campaign", campaign.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"campaign": campaign, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importer.read_sheet(upload, campaign)
        except SheetProblems as error:
            context["errors"] = error.messages
        else:
            # The file's name goes to the models' history.
            token = preview_store(
                request,
                kind=IMPORT_PREVIEW,
                object_id=campaign.pk,
                data={**_import_entry(plan), "file_name": upload.name},
            )
            context.update(plan=plan, token=token, file_name=upload.name, preview=_preview(plan))
    return render(request, "models_dvk/import.html", context)


def _preview(plan: importer.Plan) -> list[dict]:
    return [
        {
            "number": r.number,
            "organisation": r.organisation,
            "name": r.data["name"],
            "field": Field(r.data["field"]).label,
            "origin": Origin(r.origin).label,
            "subject": Subject(r.data["subject"]).label,
        }
        for r in plan.rows
    ]


def _import_entry(plan: importer.Plan) -> dict:
    return {
        "new_organisations": plan.new_organisations,
        "rows": [
            {
                "number": r.number,
                "organisation": r.organisation,
                "previous": r.previous_id,
                "data": r.data,
            }
            for r in plan.rows
        ],
    }


@transaction.atomic
def _import_confirm(request, campaign: Campaign, entry: dict, create: list[str]) -> int:
    """All rows or none: any refusal raises and the transaction rolls back."""
    user = request.user
    participants = {importer.plain(p.name): p for p in campaign.participants.all()}
    for name in entry["new_organisations"]:
        if importer.plain(name) in participants:
            continue
        if name not in create:
            raise ValidationError(
                _(
                    "“%(name)s” chưa là tổ chức tham gia phong trào; đánh dấu “Tạo mới” để thêm "
                    "hoặc sửa tên trong tệp."
                )
                % {"name": name}
            )
        participants[importer.plain(name)] = campaign_part_save(
            campaign=campaign,
            user=user,
            instance=Participant(name=name, kind=ParticipantKind.OTHER),
        )
    previous = {
        m.pk: m
        for m in DvkModel.objects.filter(
            pk__in=[r["previous"] for r in entry["rows"] if r["previous"]]
        )
    }
    for row in entry["rows"]:
        data = dict(row["data"])
        data["previous"] = previous.get(row["previous"])
        try:
            model_register(
                campaign=campaign,
                participant=participants[importer.plain(row["organisation"])],
                data=data,
                user=user,
                reason=_("Nhập Phụ lục 1 từ tệp %(name)s") % {"name": entry.get("file_name", "")},
            )
        except ValidationError as error:
            where = importer.model_at(data["name"], row["organisation"], row["number"])
            raise ValidationError(
                _("%(where)s: %(detail)s") % {"where": where, "detail": _messages_of(error)}
            ) from None
    return len(entry["rows"])
