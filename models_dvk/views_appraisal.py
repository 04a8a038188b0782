"""Appraisal, member scoring, recognition, exemplars and the targets dashboard.

Every object is looked up through `Campaign.objects.for_user` / `DvkModel.objects.for_user`
(404 outside); what a user may change is decided by the services' may_* rules, checked again
by the services themselves. Reviewers of the level above read, never write."""

import statistics
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dvcq.org.models import Unit, User
from scoring.services import parse_points

from .appraisal_services import appraisal_setup, dossier_attach, exemplar_recognition_save
from .exports import campaign_exports, scoresheet_export
from .models import (
    Appraisal,
    Campaign,
    DocumentKind,
    DossierItem,
    DvkModel,
    Part,
    Rubric,
    Step,
)
from .selectors import campaign_dashboard
from .services import (
    REPORT_DAYS_BEFORE,
    SheetConflict,
    aggregate,
    appraisal_conclude,
    appraisal_date_errors,
    conclusion_errors,
    criteria_for,
    day_text,
    document_attach,
    exemplar_nominate,
    may_coordinate,
    may_score,
    member_scores_save,
    member_sheet_token,
    parse_day,
    recognition_errors,
    recognition_record,
    report_warning,
    rubric_for,
    score_errors,
)

APPRAISAL_DOCUMENTS = [
    DocumentKind.APPRAISAL_PLAN,
    DocumentKind.MINUTES,
    DocumentKind.NOTICE,
    DocumentKind.DECISION,
]


def _model(request, pk: int) -> DvkModel:
    return get_object_or_404(
        DvkModel.objects.for_user(request.user).select_related("campaign__unit", "participant"),
        pk=pk,
    )


def _campaign(request, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.for_user(request.user).select_related("unit"), pk=pk)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _days(post, names: dict[str, str]) -> tuple[dict, list[str]]:
    """Parse "dd/mm/yyyy" fields; each bad one gives a message naming its field."""
    values, errors = {}, []
    for name, label in names.items():
        try:
            values[name] = parse_day(post.get(name, "").strip(), label)
        except ValidationError as error:
            errors += error.messages
    return values, errors


# --- appraisal -------------------------------------------------------------------------------


def appraisal_page(request, pk: int):
    """The appraisal of one model: setup, the members' scores side by side with the verdict,
    the conference, the recognition decision and their documents."""
    model = _model(request, pk)
    campaign = model.campaign
    coordinator = may_coordinate(request.user, campaign)
    appraisal = _appraisal_of(model)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied
        action = request.POST.get("action")
        posted = request.POST.dict()
        try:
            if action == "open":
                _open(request, model)
                messages.success(request, _("Đã lưu kế hoạch và tổ thẩm định."))
            elif action == "conclude" and appraisal:
                _conclude(request, appraisal)
            elif action == "recognise" and appraisal:
                _recognise(request, appraisal)
            elif action == "attach":
                _attach(request, model)
                messages.success(request, _("Đã đính kèm tài liệu."))
            else:
                raise PermissionDenied
        except ValidationError as error:
            errors[action] = _errors(error)
            # Read again: a refusal may come from what someone else saved meanwhile (a
            # conclusion, a decision), which the page then shows.
            model = _model(request, pk)
            appraisal = _appraisal_of(model)
        else:
            return redirect("dvk:appraisal", model.pk)
    context = _appraisal_context(request, model, appraisal, coordinator)
    shown = {
        "open": context["can_setup"],
        "conclude": context["can_conclude"],
        "recognise": context["can_recognise"],
        "attach": coordinator,
    }
    for action, refused in errors.items():
        if not shown.get(action):  # a stale page: the form is gone, the message must not be
            for message in refused:
                messages.error(request, message)
    context.update({"errors": errors, "posted": posted})
    return render(request, "models_dvk/appraisal.html", context, status=400 if errors else 200)


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


def _open(request, model: DvkModel) -> None:
    post = request.POST
    days, errors = _days(
        post,
        {
            "plan_date": _("Ngày kế hoạch thẩm định"),
            "conference_on": _("Ngày hội nghị thẩm định"),
            "report_received_on": _("Ngày tổ thẩm định nhận báo cáo"),
        },
    )
    rubric = None
    if post.get("rubric"):
        rubric = Rubric.objects.filter(pk=post["rubric"], year__lte=model.campaign.year).first()
        if rubric is None:
            errors.append(_("Biểu chấm điểm: lựa chọn không hợp lệ."))
    ids = post.getlist("members")
    members = list(_unit_users(model.campaign.unit).filter(pk__in=[i for i in ids if i.isdigit()]))
    if len(members) != len(ids):
        errors.append(_("Tổ thẩm định: chỉ chọn người của đơn vị."))
    elif not members:
        errors.append(_("Tổ thẩm định cần ít nhất một thành viên."))
    if errors:
        raise ValidationError(errors + appraisal_date_errors(**days))
    appraisal_setup(
        model=model,
        user=request.user,
        members=members,
        rubric=rubric,
        plan_number=post.get("plan_number", "").strip(),
        **days,
    )


def _conclude(request, appraisal: Appraisal) -> None:
    days, errors = _days(request.POST, {"notice_date": _("Ngày thông báo kết quả")})
    number = request.POST.get("notice_number", "").strip()
    minutes = request.POST.get("minutes", "")
    if errors:  # a date that is not one: add what the service would refuse too, all at once
        raise ValidationError(
            errors
            + conclusion_errors(
                appraisal,
                aggregate(appraisal),
                minutes=minutes,
                notice_number=number,
                notice_date=None,
                date_given=False,
            )
        )
    outcome = appraisal_conclude(
        appraisal=appraisal,
        user=request.user,
        minutes=minutes,
        notice_number=number,
        notice_date=days["notice_date"],
    )
    if outcome.passed:
        messages.success(request, _("Hội nghị thẩm định kết luận: mô hình đạt."))
    else:
        messages.warning(request, _("Hội nghị thẩm định kết luận: mô hình không đạt."))


def _recognise(request, appraisal: Appraisal) -> None:
    days, errors = _days(request.POST, {"decision_date": _("Ngày quyết định")})
    number = request.POST.get("decision_number", "")
    if errors:  # as in _conclude: the service's refusals join the date's message
        raise ValidationError(
            errors + recognition_errors(appraisal, number=number, on=None, date_given=False)
        )
    model = recognition_record(
        appraisal=appraisal, user=request.user, number=number, on=days["decision_date"]
    )
    messages.success(
        request,
        _("Đã ghi quyết định: mô hình “%(step)s”.") % {"step": model.get_step_display()},
    )


def _attach(request, model: DvkModel) -> None:
    kind = request.POST.get("kind")
    upload = request.FILES.get("file")
    if kind not in APPRAISAL_DOCUMENTS:
        raise ValidationError(_("Loại tài liệu: lựa chọn không hợp lệ."))
    if upload is None:
        raise ValidationError(_("Tệp: chưa chọn tệp."))
    document_attach(
        campaign=model.campaign,
        model=model,
        upload=upload,
        kind=kind,
        user=request.user,
        title=request.POST.get("title", "").strip(),
    )


def _unit_users(unit: Unit):
    return User.objects.filter(unit=unit, is_active=True).order_by("full_name", "username")


def _appraisal_context(request, model, appraisal, coordinator) -> dict:
    campaign = model.campaign
    rubrics = list(Rubric.objects.filter(year__lte=campaign.year).order_by("-year", "kind"))
    default_rubric = appraisal.rubric if appraisal else rubric_for(campaign.year)
    outcome = aggregate(appraisal) if appraisal else None
    concluded = bool(appraisal and appraisal.passed is not None)
    open_step = model.step == Step.APPRAISING
    documents = model.documents.filter(kind__in=APPRAISAL_DOCUMENTS).order_by("uploaded_at")
    totals = [t for t in (outcome.totals.values() if outcome else []) if t is not None]
    deadline = None
    if appraisal and appraisal.conference_on:
        deadline = appraisal.conference_on - timedelta(days=REPORT_DAYS_BEFORE)
    return {
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
        "can_setup": coordinator and open_step and not concluded,
        "can_conclude": coordinator and open_step and appraisal and not concluded,
        "can_recognise": coordinator and open_step and concluded,
        "may_score": bool(appraisal and open_step and not concluded)
        and (coordinator or may_score(request.user, appraisal)),
        "rubrics": rubrics,
        "default_rubric": default_rubric,
        "people": _unit_users(campaign.unit),
        "chosen": {m.pk for m in appraisal.members.all()} if appraisal else set(),
        "warning": report_warning(appraisal) if appraisal else "",
        "deadline": deadline,
        "days_before": REPORT_DAYS_BEFORE,
        "documents": documents,
        "document_kinds": [(k.value, k.label) for k in APPRAISAL_DOCUMENTS],
        "initial": {
            "plan_number": appraisal.plan_number if appraisal else "",
            "plan_date": day_text(appraisal.plan_date) if appraisal else "",
            "conference_on": day_text(appraisal.conference_on) if appraisal else "",
            "report_received_on": day_text(appraisal.report_received_on) if appraisal else "",
        },
    }


# --- member scoring -----------------------------------------------------------------------


def score_page(request, pk: int):
    """One member's sheet. A member scores their own; the coordinator may enter a member's
    paper sheet with ?member=<id>."""
    appraisal = get_object_or_404(
        Appraisal.objects.filter(model__in=DvkModel.objects.for_user(request.user)).select_related(
            "rubric", "model__campaign__unit"
        ),
        pk=pk,
    )
    model = appraisal.model
    coordinator = may_coordinate(request.user, model.campaign)
    members = list(appraisal.members.order_by("full_name", "username"))
    wanted = request.GET.get("member") or request.POST.get("member")
    if wanted:
        member = next((m for m in members if str(m.pk) == wanted), None)
        if member is None:
            raise PermissionDenied
        if member.pk != request.user.pk and not coordinator:
            raise PermissionDenied
    elif any(m.pk == request.user.pk for m in members):
        member = request.user
    elif coordinator:
        member = None  # the coordinator picks whose paper sheet to enter
    else:
        raise PermissionDenied
    criteria = criteria_for(appraisal.rubric, model)
    closed = model.step != Step.APPRAISING or appraisal.passed is not None
    checklist = appraisal.rubric.kind == "checklist"
    given, token = {}, ""
    if member is not None:
        given = {s.criterion_id: s for s in appraisal.scores.filter(member=member).order_by()}
        token = member_sheet_token(appraisal, member)
    rows = []
    for criterion in criteria:
        value = _sheet_value(given.get(criterion.pk), checklist)
        rows.append({"criterion": criterion, "value": value, "errors": [], "newer": ""})
    general_errors: list[str] = []
    if request.method == "POST":
        if member is None or closed:
            raise PermissionDenied
        token = request.POST.get("token", token)  # a refused save keeps the page's token
        scores, bad = {}, False
        for row in rows:
            criterion = row["criterion"]
            raw = request.POST.get(f"c-{criterion.pk}", "").strip()
            row["value"] = raw
            if checklist:
                met = {"1": True, "0": False}.get(raw)
                scores[criterion.pk] = (None, met)
                continue
            try:
                scores[criterion.pk] = (parse_points(raw), None)
            except ValueError:
                row["errors"].append(_("“%(value)s” không phải là số.") % {"value": raw})
                bad = True
            else:
                # Checked here too, so that every wrong criterion shows at once.
                row["errors"] += score_errors(model, criterion, *scores[criterion.pk])
                bad = bad or bool(row["errors"])
        # Criteria of the other Part II variant are refused by the service, not dropped.
        for key in request.POST:
            if key.startswith("c-") and key[2:].isdigit() and int(key[2:]) not in scores:
                try:
                    points = parse_points(request.POST[key])
                except ValueError:
                    points = None
                scores[int(key[2:])] = (points, None)
        if not bad:
            try:
                member_scores_save(
                    appraisal=appraisal,
                    user=request.user,
                    member=member,
                    scores=scores,
                    token=request.POST.get("token"),
                )
            except SheetConflict as conflict:
                general_errors = [str(conflict)]
                token = member_sheet_token(appraisal, member)  # a second save applies
                for row in rows:
                    newer = _sheet_value(conflict.scores.get(row["criterion"].pk), checklist)
                    if newer != row["value"]:
                        row["newer"] = _sheet_text(newer, checklist)
            except ValidationError as error:
                general_errors = _place(rows, error.messages)
                bad = True
            else:
                messages.success(
                    request,
                    _("Đã lưu phiếu chấm của %(name)s.") % {"name": member},
                )
                return redirect("dvk:appraisal", model.pk)
        if bad:
            general_errors.insert(0, _("Chưa lưu: kiểm tra các tiêu chí được đánh dấu."))
    parts = []
    for row in rows:
        part = row["criterion"].part
        if not parts or parts[-1]["part"] != part:
            parts.append({"part": part, "label": Part(part).label, "rows": []})
        parts[-1]["rows"].append(row)
    max_total = sum((r["criterion"].max_points for r in rows), start=0)
    return render(
        request,
        "models_dvk/score.html",
        {
            "appraisal": appraisal,
            "model": model,
            "members": members,
            "member": member,
            "coordinator": coordinator,
            "parts": parts,
            "checklist": checklist,
            "closed": closed,
            "max_total": max_total,
            "general_errors": general_errors,
            "token": token,
        },
        status=400 if general_errors else 200,
    )


def _sheet_value(score, checklist: bool) -> str:
    """A saved score as the form shows it: "1"/"0" on the checklist, else "7,50"."""
    if score is None:
        return ""
    if checklist:
        return "1" if score.met else "0"
    return "" if score.points is None else f"{score.points:.2f}".replace(".", ",")


def _sheet_text(value: str, checklist: bool) -> str:
    if checklist and value:
        return _("Đạt") if value == "1" else _("Không đạt")
    return value or _("(để trống)")


def _place(rows, errors: list[str]) -> list[str]:
    """Put each service message beside the criterion it names ("Tiêu chí 7: …")."""
    placed = set()
    for row in rows:
        label = _("Tiêu chí %(n)s") % {"n": row["criterion"].number}
        for error in errors:
            if error.startswith(label + ":") or error.startswith(label + " "):
                row["errors"].append(error)
                placed.add(error)
    return [e for e in errors if e not in placed]


# --- exemplars -------------------------------------------------------------------------------


def exemplars_page(request, pk: int):
    campaign = _campaign(request, pk)
    coordinator = may_coordinate(request.user, campaign)
    errors: dict[str, list[str]] = {}
    posted = {}
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied
        action = request.POST.get("action", "")
        posted = request.POST.dict()
        try:
            if action == "nominate":
                _nominate(request, campaign)
                messages.success(request, _("Đã đề nghị điển hình."))
            elif action.startswith("recognise-"):
                exemplar = get_object_or_404(campaign.exemplars, pk=action.split("-", 1)[1])
                days, day_errors = _days(
                    request.POST, {"recognised_on": _("Ngày công nhận điển hình")}
                )
                if day_errors:
                    raise ValidationError(day_errors)
                exemplar_recognition_save(
                    exemplar=exemplar,
                    user=request.user,
                    number=request.POST.get("recognised_number", ""),
                    on=days["recognised_on"],
                )
                messages.success(request, _("Đã lưu quyết định công nhận điển hình."))
            elif action.startswith("dossier-"):
                item = get_object_or_404(
                    DossierItem.objects.filter(exemplar__campaign=campaign),
                    pk=action.split("-", 1)[1],
                )
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Tệp: chưa chọn tệp."))
                dossier_attach(item=item, upload=upload, user=request.user)
                messages.success(
                    request,
                    _("Đã đính kèm: %(kind)s.") % {"kind": item.get_kind_display()},
                )
            else:
                raise PermissionDenied
        except ValidationError as error:
            errors[action] = _errors(error)
        else:
            return redirect("dvk:exemplars", campaign.pk)
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
    recognised = list(campaign.models.filter(step=Step.RECOGNISED).select_related("participant"))
    return render(
        request,
        "models_dvk/exemplars.html",
        {
            "campaign": campaign,
            "coordinator": coordinator,
            "exemplars": exemplars,
            "recognised": recognised,
            "errors": errors,
            "posted": posted,
        },
        status=400 if errors else 200,
    )


def _nominate(request, campaign: Campaign) -> None:
    post = request.POST
    errors = []
    model = campaign.models.filter(pk=post.get("model") or 0).first()
    if model is None:
        errors.append(_("Mô hình: chọn một mô hình đã được công nhận."))
    name = post.get("name", "").strip()
    if not name:
        errors.append(_("Tên tập thể/cá nhân: chưa ghi."))
    days, day_errors = _days(post, {"nominated_on": _("Ngày đề nghị")})
    errors += day_errors
    if not day_errors and days["nominated_on"] is None:
        errors.append(_("Ngày đề nghị: chưa ghi."))
    if errors:
        raise ValidationError(errors)
    exemplar_nominate(
        model=model,
        user=request.user,
        name=name,
        on=days["nominated_on"],
        is_leader=post.get("is_leader") == "on",
        leader_criteria_met=post.get("leader_criteria_met") == "on",
    )


# --- targets ---------------------------------------------------------------------------------


def targets_page(request, pk: int):
    """For the coordinator and the reviewing level above the campaign's unit."""
    campaign = _campaign(request, pk)
    coordinator = may_coordinate(request.user, campaign)
    if (
        not coordinator
        and not Unit.objects.reviewed_by(request.user).filter(pk=campaign.unit_id).exists()
    ):
        raise PermissionDenied
    return render(
        request,
        "models_dvk/targets.html",
        {
            "campaign": campaign,
            "coordinator": coordinator,
            "board": campaign_dashboard(campaign),
            "exemplars_url": reverse("dvk:exemplars", args=[campaign.pk]),
            "exports": campaign_exports(campaign, kinds=("dvk-report",)),
        },
    )
