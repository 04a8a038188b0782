"""Scoring pages: the scorecard (self-score, workflow, review), its history and Excel round
trip, the remediation plan editor and the reviewers' dashboard.

Every scorecard is looked up through `permissions.get_scorecard_for_user`; what a user may
change is decided by the `may_*` rules of permissions.py, which the services check again."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from criteria.models import AssessmentRound
from dvcq.http import XLSX, as_id, file_response
from dvcq.locking import Conflict
from dvcq.org.models import Unit
from dvcq.previews import preview_store, preview_take
from dvcq.sheets import SheetProblems

from . import selectors
from .forms import (
    AwardForm,
    DashboardFilterForm,
    DeductionFormSet,
    ImportForm,
    IneligibleForm,
    NoteForm,
    PlanForm,
    SelfScoreForm,
)
from .jobs import dashboard_job_start, dashboard_workbook
from .models import ItemScore, Scorecard, Status
from .permissions import (
    get_plan_scorecard_for_user,
    get_scorecard_for_user,
    may_edit_plan,
    may_read_plan,
    may_review,
    may_see_review,
    may_self_score,
    require_dashboard,
)
from .reports import dashboard as dashboard_report
from .selectors import next_round_of, plan_draft, scorecard_changes, scorecard_groups
from .services import (
    ACTIONS,
    SelfRow,
    accepted_items,
    available_actions,
    parse_points,
    plan_save,
    review_notes_save,
    review_save,
    self_score_save,
    transition,
)
from .xlsx import read_selfscore, self_total_after, selfscore_filename, selfscore_workbook

IMPORT_PREVIEW = "scoring-selfscore"
HISTORY_PAGE_SIZE = 50


def scorecard_list(request):
    rounds = (
        AssessmentRound.objects.for_user(request.user)
        .select_related("unit", "framework", "scorecard")
        .order_by("-framework__year", "unit__name")
    )
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    for assessment_round in page:
        card = getattr(assessment_round, "scorecard", None)
        assessment_round.show_review = bool(card and may_see_review(request.user, card))
    return render(request, "scoring/list.html", {"page": page})


def round_open(request, pk: int):
    """The scorecard of a round. Scorecards are made with their round; a round from before
    scorecards existed has none: nothing to show yet (a GET never creates one)."""
    assessment_round = get_object_or_404(AssessmentRound.objects.for_user(request.user), pk=pk)
    scorecard = get_object_or_404(Scorecard.objects.only("pk"), round=assessment_round)
    return redirect("scoring:detail", scorecard.pk)


def _totals_context(groups) -> dict:
    """The foot of the table: the criteria's sum, the bonus line, and the two together, so
    each column adds up on the page as in the documents."""
    main = [g.result for g in groups if g.result and not g.is_bonus]
    bonus = next((g.result for g in groups if g.is_bonus), None)

    def total(values):
        known = [v for v in values if v is not None]
        return sum(known, Decimal("0")) if known else None

    max_main = total(r.max_points for r in main) or Decimal("0")
    self_main = total(r.self_points for r in main)
    review_main = total(r.review_points for r in main)
    return {
        "max_total": max_main,
        "main_totals": {"max": max_main, "self": self_main, "review": review_main},
        "bonus_totals": bonus,
        "grand_max": max_main + (bonus.max_points if bonus else 0),
    }


def _context(request, scorecard: Scorecard, groups=None) -> dict:
    user = request.user
    editable = scorecard.status == Status.DRAFTING and may_self_score(user, scorecard)
    groups = groups if groups is not None else scorecard_groups(scorecard)
    difference = None
    if scorecard.self_total is not None and scorecard.review_total is not None:
        difference = scorecard.review_total - scorecard.self_total
    return {
        "scorecard": scorecard,
        "unit": scorecard.round.unit,
        "year": scorecard.round.year,
        "groups": groups,
        **_totals_context(groups),
        "total_difference": difference,
        "plan_url": reverse("scoring:plan_edit", args=[scorecard.pk])
        if may_read_plan(user, scorecard)
        else None,
        "editable": editable,
        "show_review": may_see_review(user, scorecard)
        and scorecard.status not in (Status.DRAFTING, Status.SUBMITTED),
        "reviewing": may_review(user, scorecard),
        "review_open": scorecard.status == Status.IN_REVIEW and may_review(user, scorecard),
        "actions": available_actions(user, scorecard),
        "log": scorecard.log.select_related("user").order_by("-at", "-pk"),
        "ineligible_form": IneligibleForm(
            initial={"ineligible": scorecard.ineligible, "reason": scorecard.ineligible_reason}
        ),
        "notes_version": scorecard.version,  # the token of the notes form
    }


def scorecard_detail(request, pk: int):
    """Side by side max | self | review | difference; the self-score form while drafting."""
    scorecard = get_scorecard_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "scoring/detail.html", _context(request, scorecard))
    if not may_self_score(request.user, scorecard):
        raise PermissionDenied
    groups = scorecard_groups(scorecard)
    rows = [row for group in groups for row in group.rows]
    accepted = accepted_items(scorecard)
    form = SelfScoreForm(request.POST, rows=rows, accepted=accepted)
    valid = form.is_valid()
    for row in form.rows:  # the page shows what was typed
        row.points_input = form.data.get(f"p-{row.score.pk}", "").strip()
        row.explanation_input = form.data.get(f"e-{row.score.pk}", "").strip()
        if row.score.pk in form.parsed:
            row.version = form.parsed[row.score.pk][2]
    if not valid:
        # Every row is checked, so the user sees all problems at once (nothing is saved).
        for row in form.rows:
            row.errors += form.row_errors(row)
        messages.error(request, _("Chưa lưu: kiểm tra các dòng được đánh dấu."))
        return _detail_again(request, scorecard, groups)
    try:
        changed = self_score_save(
            scorecard=scorecard, user=request.user, rows=form.self_rows(), accepted=accepted
        )
    except Conflict as conflict:
        newer = {s.pk: s for s in conflict.current}
        for row in rows:
            if row.score.pk in newer:
                row.newer = newer[row.score.pk]
                row.version = row.newer.version  # a second save applies the user's value
        messages.error(request, str(conflict))
        return _detail_again(request, scorecard, groups)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                messages.error(request, message)
        else:
            _attach_errors(rows, error.error_dict)
            messages.error(request, _("Chưa lưu: kiểm tra các dòng được đánh dấu."))
        return _detail_again(request, scorecard, groups)
    if changed:
        messages.success(request, _("Đã lưu điểm tự chấm của %(n)s nội dung.") % {"n": changed})
    else:
        messages.info(request, _("Không có thay đổi nào."))
    return redirect("scoring:detail", scorecard.pk)


def _detail_again(request, scorecard: Scorecard, groups) -> HttpResponse:
    """The scorecard page again after a refused save, with what was typed and why."""
    return render(request, "scoring/detail.html", _context(request, scorecard, groups), status=400)


def _attach_errors(rows, errors: dict[str, list[ValidationError]]) -> None:
    """The service's row errors (keyed by item code) beside the item's row: the bare problem,
    as the row already names the item."""
    by_code = {row.item.code: row for row in rows}
    for code, problems in errors.items():
        row = by_code.get(code)
        for problem in problems:
            params = problem.params or {}
            text = params.get("problem") or " ".join(problem.messages)
            if row is not None:
                row.errors.append(str(text))


@require_POST
def scorecard_transition(request, pk: int, action: str):
    scorecard = get_scorecard_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        transition(
            scorecard=scorecard,
            user=request.user,
            action=action,
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã thực hiện: %(action)s.") % {"action": ACTIONS[action].label},
        )
    return redirect("scoring:detail", scorecard.pk)


# --- review ------------------------------------------------------------------------------


def _item_score(scorecard: Scorecard, item_pk: int) -> ItemScore:
    return get_object_or_404(
        scorecard.items.select_related("item__criterion").prefetch_related("deductions"),
        pk=item_pk,
    )


def item_review(request, pk: int, item_pk: int):
    """The reviewer's deduction lines (and own points on a reviewer-only item) for one item."""
    scorecard = get_scorecard_for_user(request.user, pk)
    if not may_review(request.user, scorecard):
        raise PermissionDenied
    score = _item_score(scorecard, item_pk)
    lines = [{"points": d.points, "reason": d.reason} for d in score.deductions.all()]
    newer = None
    version = score.version
    if request.method == "POST":
        formset = DeductionFormSet(request.POST, prefix="d")
        award = AwardForm(request.POST) if score.item.is_reviewer_only else None
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        if formset.is_valid() and (award is None or award.is_valid()):
            try:
                review_save(
                    item_score=score,
                    user=request.user,
                    deductions=formset.lines(),
                    awarded_points=award.cleaned_data["awarded_points"] if award else None,
                    version=version,
                )
            except Conflict:
                score = _item_score(scorecard, item_pk)
                newer, version = score, score.version
                messages.error(
                    request,
                    _(
                        "Nội dung %(code)s vừa được người khác thẩm định; điểm mới nhất ở dưới. "
                        "Kiểm tra rồi lưu lại nếu vẫn muốn thay bằng nội dung của mình."
                    )
                    % {"code": score.item.code},
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("Đã lưu thẩm định nội dung %(code)s.") % {"code": score.item.code}
                )
                return redirect(f"{_detail_url(scorecard)}#item-{score.pk}")
    else:
        formset = DeductionFormSet(initial=lines, prefix="d")
        award = (
            AwardForm(initial={"awarded_points": score.awarded_points})
            if score.item.is_reviewer_only
            else None
        )
    assignment = scorecard.round.assignments.filter(item=score.item).first()
    records = (
        assignment.evidence_records.filter(deleted_at__isnull=True).order_by("issued_on")
        if assignment
        else []
    )
    return render(
        request,
        "scoring/item_review.html",
        {
            "scorecard": scorecard,
            "score": score,
            "formset": formset,
            "award": award,
            "version": version,
            "newer": newer,
            "editable": scorecard.status == Status.IN_REVIEW,
            "assignment": assignment,
            "records": records,
        },
        status=400 if request.method == "POST" else 200,
    )


def scorecard_history(request, pk: int):
    """“Lịch sử”: every change of the scorecard, who and when, before and after; the review's
    figures only to those who may see them on the scorecard itself."""
    scorecard = get_scorecard_for_user(request.user, pk)
    entries = scorecard_changes(scorecard, with_review=may_see_review(request.user, scorecard))
    return render(
        request,
        "scoring/history.html",
        {
            "scorecard": scorecard,
            "unit": scorecard.round.unit,
            "year": scorecard.round.year,
            "page": Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


def _detail_url(scorecard: Scorecard) -> str:
    return reverse("scoring:detail", args=[scorecard.pk])


@require_POST
def review_notes(request, pk: int):
    """Criterion notes and the "không đủ điều kiện xếp loại" ruling."""
    scorecard = get_scorecard_for_user(request.user, pk)
    if not may_review(request.user, scorecard):
        raise PermissionDenied
    notes = {}
    for result in scorecard.criteria.all():
        key = f"note-{result.criterion_id}"
        if key in request.POST:
            notes[result.criterion_id] = request.POST[key]
    form = IneligibleForm(request.POST)
    form.is_valid()
    ineligible = form.cleaned_data.get("ineligible", False)
    reason = form.cleaned_data.get("reason", "")
    version = -1 if "version" in form.errors else form.cleaned_data.get("version")
    newer = None
    try:
        review_notes_save(
            scorecard=scorecard,
            user=request.user,
            notes=notes,
            ineligible=ineligible,
            reason=reason,
            version=version,
        )
    except Conflict as conflict:
        messages.error(request, str(conflict))
        scorecard = newer = conflict.current
        version = newer.version  # a second save applies what this user typed
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu nhận xét thẩm định."))
        return redirect(f"{_detail_url(scorecard)}#review-notes")
    # Show the page again with what was typed (nothing was saved) and, after a conflict,
    # the newer values beside it.
    groups = scorecard_groups(scorecard)
    for group in groups:
        if group.result and not group.is_bonus and group.criterion.pk in notes:
            typed = notes[group.criterion.pk].strip()
            if newer is not None and group.result.review_note != typed:
                group.newer_note = group.result.review_note or _("(để trống)")
            group.result.review_note = notes[group.criterion.pk]
    context = _context(request, scorecard, groups)
    typed_ruling = (ineligible, reason.strip() if ineligible else "")
    if newer is not None and (newer.ineligible, newer.ineligible_reason) != typed_ruling:
        context["newer_ruling"] = (
            _("Không đủ điều kiện xếp loại. Lý do: %(reason)s")
            % {"reason": newer.ineligible_reason}
            if newer.ineligible
            else _("Đủ điều kiện xếp loại.")
        )
    scorecard.ineligible, scorecard.ineligible_reason = ineligible, reason
    context["notes_version"] = version if version is not None else ""
    return render(request, "scoring/detail.html", context, status=400)


# --- the Excel round trip ------------------------------------------------------------------


def selfscore_download(request, pk: int):
    scorecard = get_scorecard_for_user(request.user, pk)
    content = selfscore_workbook(scorecard, scorecard_groups(scorecard))
    return file_response(selfscore_filename(scorecard), XLSX, content)


def selfscore_import(request, pk: int):
    """Upload → preview of every change → confirm; nothing is saved before the confirmation."""
    scorecard = get_scorecard_for_user(request.user, pk)
    if not may_self_score(request.user, scorecard):
        raise PermissionDenied
    if scorecard.status != Status.DRAFTING:
        messages.error(
            request,
            _("Phiếu đang ở trạng thái “%(status)s”: điểm tự chấm đã khóa.")
            % {"status": scorecard.get_status_display()},
        )
        return redirect("scoring:detail", scorecard.pk)
    if request.method == "POST" and "token" in request.POST:
        entry = preview_take(
            request, request.POST["token"], kind=IMPORT_PREVIEW, object_id=scorecard.pk
        )
        if entry is None:
            messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
            return redirect("scoring:import", scorecard.pk)
        rows = [SelfRow(r[0], parse_points(r[1]), r[2], r[3]) for r in entry["rows"]]
        try:
            changed = self_score_save(
                scorecard=scorecard,
                user=request.user,
                rows=rows,
                accepted=accepted_items(scorecard),
            )
        except (Conflict, ValidationError) as error:
            text = str(error) if isinstance(error, Conflict) else " ".join(error.messages)
            messages.error(
                request,
                _(
                    "Chưa nhập: bảng điểm đã thay đổi kể từ lúc xem trước (%(detail)s). Hãy tải "
                    "tệp lên lại."
                )
                % {"detail": text},
            )
            return redirect("scoring:import", scorecard.pk)
        messages.success(
            request, _("Đã nhập điểm tự chấm từ Excel: %(n)s nội dung thay đổi.") % {"n": changed}
        )
        return redirect("scoring:detail", scorecard.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"scorecard": scorecard, "form": form}
    if request.method == "POST" and form.is_valid():
        groups = scorecard_groups(scorecard)
        try:
            changes = read_selfscore(
                form.cleaned_data["file"], scorecard, groups, accepted_items(scorecard)
            )
        except SheetProblems as error:
            context["errors"] = error.messages
            return render(request, "scoring/import.html", context, status=400)
        rows = [
            [
                c.score.pk,
                None if c.new_points is None else str(c.new_points),
                c.new_explanation,
                c.score.version,
            ]
            for c in changes
        ]
        token = preview_store(
            request, kind=IMPORT_PREVIEW, object_id=scorecard.pk, data={"rows": rows}
        )
        context.update(
            changes=changes,
            token=token,
            file_name=form.cleaned_data["file"].name,
            new_total=self_total_after(scorecard, groups, changes),
        )
    return render(request, "scoring/import.html", context)


# --- the remediation plan ----------------------------------------------------------------


def _same_text(value) -> str:
    """Text compared the way a person reads it: browsers send CRLF line ends."""
    return str(value or "").replace("\r\n", "\n").strip()


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The remediation plan editor: the compiler words the plan's free texts before export;
    the reviewer reads them."""
    scorecard = get_plan_scorecard_for_user(request.user, pk)
    editable = may_edit_plan(request.user, scorecard)
    draft = plan_draft(scorecard, next_round_of(scorecard))
    form = PlanForm(request.POST or None, draft=draft)
    mine = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan_save(
                    draft=draft,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    texts=form.texts(),
                    items=form.items(),
                )
            except Conflict as conflict:
                messages.error(request, str(conflict))
                # Show the newer text; keep what this user typed beside it to copy from.
                typed = form.cleaned_data
                draft = plan_draft(scorecard, draft.next_round)
                form = PlanForm(draft=draft)
                mine = [
                    (form.fields[name].label, typed[name], name)
                    for name in form.fields
                    if isinstance(typed.get(name), str)
                    and _same_text(typed[name]) != _same_text(form.initial.get(name, ""))
                ]
            else:
                messages.success(request, _("Đã lưu kế hoạch khắc phục."))
                if form.warnings:
                    messages.warning(
                        request,
                        _(
                            "Có hạn ghi ngoài năm %(year)s của kế hoạch: xem các ô được đánh dấu "
                            "bên dưới."
                        )
                        % {"year": draft.next_year},
                    )
                return redirect("scoring:plan_edit", pk=scorecard.pk)
    unit = scorecard.round.unit
    return render(
        request,
        "scoring/plan_edit.html",
        {
            "scorecard": scorecard,
            "draft": draft,
            "form": form,
            "editable": editable,
            "mine": mine,
            "export_url": reverse(
                "documents:export",
                kwargs={"kind": "plan", "code": unit.code, "year": draft.next_year},
            ),
        },
    )


# --- the reviewers' dashboard ------------------------------------------------------------


def _year_from(raw: str | None, years: selectors.Years) -> int:
    if as_id(raw) in years.years:
        return int(raw)
    return years.default or timezone.localdate().year


def dashboard(request: HttpRequest) -> HttpResponse:
    require_dashboard(request.user)
    units = Unit.objects.reviewed_by(request.user)
    years = selectors.dashboard_years(units)
    year = _year_from(request.GET.get("year"), years)
    framework_ids = years.frameworks.get(year, [])
    form = DashboardFilterForm(request.GET)
    chosen = form.values()
    today = timezone.localdate()
    sort = chosen["sort"] or "name"
    found = selectors.filtered_units(units, framework_ids, chosen)
    by_status, bars, total = selectors.summaries(found)
    # Paging picks the ids of one page; their figures are then read for those 100 alone.
    ordered = selectors.ordered(found, sort, framework_ids, today)
    paginator = Paginator(ordered.values_list("pk", "round_pk"), selectors.PAGE_SIZE)
    paginator.count = total  # counted by the summary: no second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    headers = selectors.criteria_headers(framework_ids)
    shown = selectors.shown_units(list(page), framework_ids, today)
    rows = selectors.build_rows(shown, [n for n, _t in headers], year)
    query = request.GET.copy()
    query.pop("page", None)
    query["year"] = str(year)
    page_query = query.urlencode()
    query.pop("sort", None)
    sort_links = {}
    for key in selectors.SORTS:
        target = f"-{key}" if sort == key else key
        arrow = "▲" if sort == key else ("▼" if sort == f"-{key}" else "")
        sort_links[key] = {"url": f"?{query.urlencode()}&sort={target}", "arrow": arrow}
    return render(
        request,
        "scoring/dashboard.html",
        {
            "year": year,
            "years": years.years,
            "form": form,
            "select_fields": [form["status"], form["classification"], form["kind"]],
            "chosen": chosen,
            "page": page,
            "rows": rows,
            "headers": headers,
            "status_counts": [
                (
                    key,
                    selectors.NO_ROUND_LABEL if key == selectors.NO_ROUND else Status(key).label,
                    by_status[key],
                )
                for key in selectors.STATUS_ORDER
            ],
            "bars": bars,
            "total": total,
            "scatter": selectors.scatter(rows),
            "sort": sort,
            "sort_links": sort_links,
            "page_query": page_query,
        },
    )


def dashboard_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """The spreadsheet at once (scripts, a few units); the page's button makes it in a job."""
    require_dashboard(request.user)
    content = dashboard_workbook(request.user, year, request.GET)
    if content is None:
        raise Http404  # no unit below has a round that year
    return file_response(dashboard_report.filename(year), XLSX, content)


@require_POST
def dashboard_xlsx_job(request: HttpRequest, year: int) -> HttpResponse:
    """The page's filters travel in the query string, as they do for the direct download."""
    require_dashboard(request.user)
    job = dashboard_job_start(user=request.user, year=year, query=request.GET)
    return redirect("jobs:detail", job.pk)
