"""Appraisal, member scoring, recognition, exemplars and the targets dashboard.

Each page is a GET; each action on it posts its own form to its own URL and is a thin view:
form → service → redirect, or the page again with the bound form (status 400) so the errors
sit beside their fields. Objects are read through `permissions.get_<object>_for_user` (404
outside); what a user may change is decided by `permissions.may_*`, which the services check
again. Reviewers of the level above read, never write."""

import statistics
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dvcq.locking import Conflict
from dvcq.wording import points

from .exports import campaign_exports, scoresheet_export
from .forms import (
    APPRAISAL_DOCUMENTS,
    AppraisalDocumentForm,
    AppraisalOpenForm,
    ConclusionForm,
    DossierFileForm,
    ExemplarRecognitionForm,
    NominationForm,
    RecognitionForm,
    ScoreSheetForm,
    SheetMemberForm,
)
from .models import Appraisal, Campaign, DossierItem, DvkModel, Part, Step
from .permissions import (
    get_appraisal_for_user,
    get_campaign_for_user,
    get_model_for_user,
    may_coordinate,
    may_score,
    may_see_targets,
)
from .selectors import campaign_dashboard
from .services.appraisal import (
    REPORT_DAYS_BEFORE,
    aggregate,
    appraisal_conclude,
    appraisal_setup,
    member_scores_save,
    member_sheet_token,
    recognition_record,
    report_warning,
)
from .services.exemplar import dossier_attach, exemplar_nominate, exemplar_recognition_save
from .services.lifecycle import document_attach
from .services.rubrics import criteria_for, rubric_for


def _require_coordinator(request: HttpRequest, campaign: Campaign) -> None:
    if not may_coordinate(request.user, campaign):
        raise PermissionDenied


def _all_errors(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


# --- appraisal -------------------------------------------------------------------------------


@require_safe
def appraisal_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The appraisal of one model: setup, the members' scores side by side with the verdict,
    the conference, the recognition decision and their documents."""
    return _appraisal_render(request, get_model_for_user(request, pk))


def _appraisal_of(model: DvkModel) -> Appraisal | None:
    appraisal = (
        Appraisal.objects.filter(model=model)
        .select_related("rubric")
        .prefetch_related("members")
        .first()
    )
    if appraisal is not None:
        appraisal.model = model  # already loaded with its campaign and unit
    return appraisal


# Which context entry holds each action's form, and which flag says the page shows it.
APPRAISAL_FORMS = {
    "open": ("open_form", "can_setup"),
    "conclude": ("conclude_form", "can_conclude"),
    "recognise": ("recognise_form", "can_recognise"),
    "attach": ("attach_form", "coordinator"),
}


def _appraisal_render(request, model: DvkModel, action: str = "", form=None) -> HttpResponse:
    """The page; after a refused action, with that action's bound form. A refusal may come from
    what someone else saved meanwhile (a conclusion, a decision), so everything is read again;
    when the page no longer shows that form, its messages are shown at the top instead."""
    appraisal = _appraisal_of(model)
    context = _appraisal_context(request, model, appraisal)
    if form is None:
        return render(request, "models_dvk/appraisal.html", context)
    key, shown = APPRAISAL_FORMS[action]
    if context[shown]:
        context[key] = form
    else:
        for message in _all_errors(form):
            messages.error(request, message)
    return render(request, "models_dvk/appraisal.html", context, status=400)


def _appraisal_context(request, model: DvkModel, appraisal: Appraisal | None) -> dict:
    campaign = model.campaign
    coordinator = may_coordinate(request.user, campaign)
    outcome = aggregate(appraisal) if appraisal else None
    concluded = bool(appraisal and appraisal.passed is not None)
    open_step = model.step == Step.APPRAISING
    documents = model.documents.filter(kind__in=APPRAISAL_DOCUMENTS).order_by("uploaded_at")
    totals = [t for t in (outcome.totals.values() if outcome else []) if t is not None]
    deadline = None
    if appraisal and appraisal.conference_on:
        deadline = appraisal.conference_on - timedelta(days=REPORT_DAYS_BEFORE)
    can_setup = coordinator and open_step and not concluded
    can_conclude = bool(coordinator and open_step and appraisal and not concluded)
    can_recognise = coordinator and open_step and concluded
    context = {
        "model": model,
        "campaign": campaign,
        "appraisal": appraisal,
        "outcome": outcome,
        "member_totals": [outcome.totals[m.pk] for m in outcome.members] if outcome else [],
        "max_total": sum((r.criterion.max_points for r in outcome.criteria), start=Decimal(0))
        if outcome
        else None,
        "total_median": statistics.median(totals) if totals else None,
        "total_spread": max(totals) - min(totals) if totals else None,
        "scoresheet": [scoresheet_export(model)],
        "coordinator": coordinator,
        "can_setup": can_setup,
        "can_conclude": can_conclude,
        "can_recognise": can_recognise,
        "may_score": bool(appraisal and open_step and not concluded)
        and (coordinator or may_score(request.user, appraisal)),
        "warning": report_warning(appraisal) if appraisal else "",
        "deadline": deadline,
        "days_before": REPORT_DAYS_BEFORE,
        "documents": documents,
    }
    if can_setup:
        initial = {"rubric": appraisal.rubric if appraisal else rubric_for(campaign.year)}
        if appraisal:
            initial.update(
                plan_number=appraisal.plan_number,
                plan_date=appraisal.plan_date,
                conference_on=appraisal.conference_on,
                report_received_on=appraisal.report_received_on,
                members=list(appraisal.members.all()),
            )
        context["open_form"] = AppraisalOpenForm(model=model, initial=initial)
    if can_conclude:
        context["conclude_form"] = ConclusionForm(appraisal=appraisal)
    if can_recognise:
        context["recognise_form"] = RecognitionForm(appraisal=appraisal)
    if coordinator:
        context["attach_form"] = AppraisalDocumentForm()
    return context


# What `_saved` returns when the form or the service refused the action.
REFUSED = object()


def _saved(form, save, *, field: str | None = None):
    """The one shape of every action: `save(cleaned_data)` when the form is valid; a service's
    refusal is put on the form (beside `field`, or above the form). Returns what `save`
    returned, or REFUSED."""
    if not form.is_valid():
        return REFUSED
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(field, error)
        return REFUSED


def _coordinated_model(request, pk: int) -> DvkModel:
    model = get_model_for_user(request, pk)
    _require_coordinator(request, model.campaign)
    return model


def _appraisal_or_403(model: DvkModel) -> Appraisal:
    appraisal = _appraisal_of(model)
    if appraisal is None:
        raise PermissionDenied
    return appraisal


@require_POST
def appraisal_open(request: HttpRequest, pk: int) -> HttpResponse:
    model = _coordinated_model(request, pk)
    form = AppraisalOpenForm(request.POST, model=model)
    saved = _saved(
        form,
        lambda data: appraisal_setup(
            model=model,
            user=request.user,
            members=list(data["members"]),
            rubric=data["rubric"],
            **form.details(),
        ),
    )
    if saved is REFUSED:
        return _appraisal_render(request, get_model_for_user(request, pk), "open", form)
    messages.success(request, _("Đã lưu kế hoạch và tổ thẩm định."))
    return redirect("dvk:appraisal", model.pk)


@require_POST
def appraisal_conclude_view(request: HttpRequest, pk: int) -> HttpResponse:
    model = _coordinated_model(request, pk)
    appraisal = _appraisal_or_403(model)
    form = ConclusionForm(request.POST, appraisal=appraisal)
    outcome = _saved(
        form,
        lambda data: appraisal_conclude(
            appraisal=appraisal,
            user=request.user,
            minutes=data["minutes"],
            notice_number=data["notice_number"].strip(),
            notice_date=data["notice_date"],
        ),
    )
    if outcome is REFUSED:
        return _appraisal_render(request, get_model_for_user(request, pk), "conclude", form)
    if outcome.passed:
        messages.success(request, _("Hội nghị thẩm định kết luận: mô hình đạt."))
    else:
        messages.warning(request, _("Hội nghị thẩm định kết luận: mô hình không đạt."))
    return redirect("dvk:appraisal", model.pk)


@require_POST
def appraisal_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    model = _coordinated_model(request, pk)
    appraisal = _appraisal_or_403(model)
    form = RecognitionForm(request.POST, appraisal=appraisal)
    recognised = _saved(
        form,
        lambda data: recognition_record(
            appraisal=appraisal,
            user=request.user,
            number=data["decision_number"],
            on=data["decision_date"],
        ),
    )
    if recognised is REFUSED:
        return _appraisal_render(request, get_model_for_user(request, pk), "recognise", form)
    messages.success(
        request,
        _("Đã ghi quyết định: mô hình “%(step)s”.") % {"step": recognised.get_step_display()},
    )
    return redirect("dvk:appraisal", model.pk)


@require_POST
def appraisal_attach(request: HttpRequest, pk: int) -> HttpResponse:
    model = _coordinated_model(request, pk)
    form = AppraisalDocumentForm(request.POST, request.FILES)
    attached = _saved(
        form,
        lambda data: document_attach(
            campaign=model.campaign,
            model=model,
            upload=data["file"],
            kind=data["kind"],
            user=request.user,
            title=data["title"].strip(),
        ),
        field="file",
    )
    if attached is REFUSED:
        return _appraisal_render(request, model, "attach", form)
    messages.success(request, _("Đã đính kèm tài liệu."))
    return redirect("dvk:appraisal", model.pk)


# --- member scoring -----------------------------------------------------------------------


def score_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's sheet. A member scores their own; the coordinator may enter a member's
    paper sheet with ?member=<id>."""
    appraisal = get_appraisal_for_user(request, pk)
    model = appraisal.model
    coordinator = may_coordinate(request.user, model.campaign)
    members = appraisal.members.order_by("full_name", "username")
    member = _sheet_member(request, members, coordinator)
    criteria = criteria_for(appraisal.rubric, model)
    closed = model.step != Step.APPRAISING or appraisal.passed is not None
    checklist = appraisal.rubric.kind == "checklist"
    saved, token, newer = {}, "", {}
    if member is not None:
        saved = {s.criterion_id: s for s in appraisal.scores.filter(member=member).order_by()}
        token = member_sheet_token(appraisal, member)
    general_errors: list[str] = []
    if request.method == "POST":
        if member is None or closed:
            raise PermissionDenied
        form = ScoreSheetForm(request.POST, appraisal=appraisal, criteria=criteria)
        if form.is_valid():
            try:
                member_scores_save(
                    appraisal=appraisal,
                    user=request.user,
                    member=member,
                    scores=form.scores,
                    token=form.cleaned_data["token"] if "token" in request.POST else None,
                )
            except Conflict as conflict:
                general_errors = [str(conflict)]
                token = member_sheet_token(appraisal, member)  # a second save applies
                for criterion in criteria:
                    value = _sheet_value(conflict.current.get(criterion.pk), checklist)
                    if value != (form[ScoreSheetForm.field_name(criterion)].value() or ""):
                        newer[criterion.pk] = _sheet_text(value, checklist)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu phiếu chấm của %(name)s.") % {"name": member})
                return redirect("dvk:appraisal", model.pk)
        else:
            token = form["token"].value() or token  # a refused save keeps the page's token
        if form.errors:
            general_errors = [
                _("Chưa lưu: kiểm tra các tiêu chí được đánh dấu."),
                *form.non_field_errors(),
            ]
    else:
        initial = {
            ScoreSheetForm.field_name(c): _sheet_value(saved.get(c.pk), checklist) for c in criteria
        }
        form = ScoreSheetForm(appraisal=appraisal, criteria=criteria, initial=initial)
    parts = []
    for criterion in criteria:
        if not parts or parts[-1]["part"] != criterion.part:
            parts.append({"part": criterion.part, "label": Part(criterion.part).label, "rows": []})
        parts[-1]["rows"].append(
            {
                "criterion": criterion,
                "field": form[ScoreSheetForm.field_name(criterion)],
                "newer": newer.get(criterion.pk, ""),
            }
        )
    return render(
        request,
        "models_dvk/score.html",
        {
            "appraisal": appraisal,
            "model": model,
            "members": list(members),
            "member": member,
            "coordinator": coordinator,
            "parts": parts,
            "checklist": checklist,
            "closed": closed,
            "max_total": sum((c.max_points for c in criteria), start=0),
            "general_errors": general_errors,
            "token": token,
        },
        status=400 if general_errors else 200,
    )


def _sheet_member(request, members, coordinator: bool):
    """Whose sheet: ?member= (their own, or any member's for the coordinator); else the user's
    own; else none yet (the coordinator picks)."""
    choice = SheetMemberForm(
        request.GET if "member" in request.GET else request.POST, members=members
    )
    if choice["member"].value():
        if not choice.is_valid():
            raise PermissionDenied
        member = choice.cleaned_data["member"]
        if member.pk != request.user.pk and not coordinator:
            raise PermissionDenied
        return member
    if members.filter(pk=request.user.pk).exists():
        return request.user
    if coordinator:
        return None
    raise PermissionDenied


def _sheet_value(score, checklist: bool) -> str:
    """A saved score as the form shows it: "1"/"0" on the checklist, else "7,50"."""
    if score is None:
        return ""
    if checklist:
        return "1" if score.met else "0"
    return points(score.points)


def _sheet_text(value: str, checklist: bool) -> str:
    if checklist and value:
        return _("Đạt") if value == "1" else _("Không đạt")
    return value or _("(để trống)")


# --- exemplars -------------------------------------------------------------------------------


@require_safe
def exemplars_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _exemplars_render(request, get_campaign_for_user(request, pk))


def _exemplars_render(
    request, campaign: Campaign, *, nominate=None, recognition=None, dossier=None
) -> HttpResponse:
    """The page; after a refused action, with that action's bound form in its place.
    `recognition` is (exemplar pk, form); `dossier` is (item pk, form)."""
    coordinator = may_coordinate(request.user, campaign)
    exemplars = list(
        campaign.exemplars.select_related("model").prefetch_related(
            Prefetch(
                "dossier",
                queryset=DossierItem.objects.select_related("document").order_by("pk"),
            )
        )
    )
    for exemplar in exemplars:
        exemplar.missing = [d for d in exemplar.dossier.all() if d.document_id is None]
        if not coordinator:
            continue
        if recognition and recognition[0] == exemplar.pk:
            exemplar.recognition_form = recognition[1]
        else:
            exemplar.recognition_form = ExemplarRecognitionForm(
                initial={
                    "recognised_number": exemplar.recognised_number,
                    "recognised_on": exemplar.recognised_on,
                },
                auto_id=f"x{exemplar.pk}-%s",
            )
        for item in exemplar.dossier.all():
            if dossier and dossier[0] == item.pk:
                item.file_form = dossier[1]
            else:
                item.file_form = DossierFileForm(auto_id=f"d{item.pk}-%s")
    nominate_form = None
    if coordinator:
        nominate_form = nominate or NominationForm(campaign=campaign)
    refused = nominate or (recognition and recognition[1]) or (dossier and dossier[1])
    return render(
        request,
        "models_dvk/exemplars.html",
        {
            "campaign": campaign,
            "coordinator": coordinator,
            "exemplars": exemplars,
            "nominate_form": nominate_form,
        },
        status=400 if refused else 200,
    )


def _coordinated_campaign(request, pk: int) -> Campaign:
    campaign = get_campaign_for_user(request, pk)
    _require_coordinator(request, campaign)
    return campaign


@require_POST
def exemplar_nominate_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _coordinated_campaign(request, pk)
    form = NominationForm(request.POST, campaign=campaign)
    nominated = _saved(
        form,
        lambda data: exemplar_nominate(
            model=data["model"],
            user=request.user,
            name=data["name"],
            on=data["nominated_on"],
            is_leader=data["is_leader"],
            leader_criteria_met=data["leader_criteria_met"],
        ),
    )
    if nominated is REFUSED:
        return _exemplars_render(request, campaign, nominate=form)
    messages.success(request, _("Đã đề nghị điển hình."))
    return redirect("dvk:exemplars", campaign.pk)


@require_POST
def exemplar_recognise(request: HttpRequest, pk: int, exemplar: int) -> HttpResponse:
    campaign = _coordinated_campaign(request, pk)
    exemplar = get_object_or_404(campaign.exemplars, pk=exemplar)
    form = ExemplarRecognitionForm(request.POST, auto_id=f"x{exemplar.pk}-%s")
    saved = _saved(
        form,
        lambda data: exemplar_recognition_save(
            exemplar=exemplar,
            user=request.user,
            number=data["recognised_number"],
            on=data["recognised_on"],
        ),
    )
    if saved is REFUSED:
        return _exemplars_render(request, campaign, recognition=(exemplar.pk, form))
    messages.success(request, _("Đã lưu quyết định công nhận điển hình."))
    return redirect("dvk:exemplars", campaign.pk)


@require_POST
def dossier_attach_view(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    campaign = _coordinated_campaign(request, pk)
    item = get_object_or_404(DossierItem.objects.filter(exemplar__campaign=campaign), pk=item)
    form = DossierFileForm(request.POST, request.FILES, auto_id=f"d{item.pk}-%s")
    attached = _saved(
        form,
        lambda data: dossier_attach(item=item, upload=data["file"], user=request.user),
        field="file",
    )
    if attached is REFUSED:
        return _exemplars_render(request, campaign, dossier=(item.pk, form))
    messages.success(request, _("Đã đính kèm: %(kind)s.") % {"kind": item.get_kind_display()})
    return redirect("dvk:exemplars", campaign.pk)


# --- targets ---------------------------------------------------------------------------------


@require_safe
def targets_page(request: HttpRequest, pk: int) -> HttpResponse:
    """For the coordinator and the reviewing level above the campaign's unit."""
    campaign = get_campaign_for_user(request, pk)
    if not may_see_targets(request.user, campaign):
        raise PermissionDenied
    return render(
        request,
        "models_dvk/targets.html",
        {
            "campaign": campaign,
            "coordinator": may_coordinate(request.user, campaign),
            "board": campaign_dashboard(campaign),
            "exemplars_url": reverse("dvk:exemplars", args=[campaign.pk]),
            "exports": campaign_exports(campaign, kinds=("dvk-report",)),
        },
    )
