"""Scorecard pages. Every scorecard is looked up through `Scorecard.objects.for_user`; what a user
may change is decided by the `may_*` rules of services, which the services check again."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from criteria.models import AssessmentRound
from dvcq.previews import preview_store, preview_take
from dvcq.sheets import SheetProblems

from .forms import AwardForm, DeductionFormSet, ImportForm, IneligibleForm, NoteForm
from .models import ItemScore, Scorecard, Status
from .plan_services import may_edit_plan
from .selectors import scorecard_changes, scorecard_groups
from .services import (
    ACTIONS,
    NotesConflict,
    ScoreConflict,
    SelfRow,
    accepted_items,
    available_actions,
    may_review,
    may_see_review,
    may_self_score,
    needs_explanation,
    parse_points,
    review_notes_save,
    review_save,
    scorecard_for_round,
    self_points_errors,
    self_score_save,
    transition,
)
from .xlsx import read_selfscore, selfscore_filename, selfscore_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_PREVIEW = "scoring-selfscore"
HISTORY_PAGE_SIZE = 50


def _scorecard(request, pk: int) -> Scorecard:
    return get_object_or_404(
        Scorecard.objects.for_user(request.user).select_related(
            "round__unit__parent", "round__framework"
        ),
        pk=pk,
    )


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
    """The scorecard of a round, created on first use."""
    assessment_round = get_object_or_404(
        AssessmentRound.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    existing = Scorecard.objects.filter(round=assessment_round).first()
    if existing is None:
        probe = Scorecard(round=assessment_round)
        if not (may_self_score(request.user, probe) or may_review(request.user, probe)):
            raise Http404  # nothing to show yet, and this user does not start it
        existing = scorecard_for_round(assessment_round)
    return redirect("scoring:detail", existing.pk)


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
        "max_total": sum((g.result.max_points for g in groups if g.result), Decimal("0")),
        "total_difference": difference,
        "plan_url": reverse("scoring:plan_edit", args=[scorecard.pk])
        if may_edit_plan(user, scorecard)
        or (may_review(user, scorecard) and scorecard.status in (Status.REVIEWED, Status.PUBLISHED))
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
    scorecard = _scorecard(request, pk)
    if request.method != "POST":
        return render(request, "scoring/detail.html", _context(request, scorecard))
    if not may_self_score(request.user, scorecard):
        raise PermissionDenied
    groups = scorecard_groups(scorecard)
    rows, bad = [], False
    for group in groups:
        for row in group.rows:
            pk_ = row.score.pk
            if f"p-{pk_}" not in request.POST:
                continue
            row.points_input = request.POST.get(f"p-{pk_}", "").strip()
            row.explanation_input = request.POST.get(f"e-{pk_}", "").strip()
            try:
                points = parse_points(row.points_input)
                version = int(request.POST.get(f"v-{pk_}", ""))
            except ValueError:
                row.errors.append(_("“%(value)s” không phải là số.") % {"value": row.points_input})
                bad = True
                continue
            row.version = version
            rows.append(SelfRow(pk_, points, row.explanation_input, version))
    if bad:
        # A value that is not a number: still check every other row, so the user sees all
        # problems at once (nothing is saved).
        accepted = accepted_items(scorecard)
        by_pk = {r.item_score_id: r for r in rows}
        for group in groups:
            for row in group.rows:
                typed = by_pk.get(row.score.pk)
                if typed is None:
                    continue
                row.errors += self_points_errors(row.item, typed.points)
                if not row.errors and needs_explanation(typed.points, row.item.pk in accepted):
                    if not typed.explanation:
                        row.errors.append(
                            _("cần giải trình khi chấm điểm mà minh chứng chưa được duyệt “Đạt”.")
                        )
        messages.error(request, _("Chưa lưu: kiểm tra các dòng được đánh dấu."))
    else:
        try:
            changed = self_score_save(
                scorecard=scorecard,
                user=request.user,
                rows=rows,
                accepted=accepted_items(scorecard),
            )
        except ScoreConflict as conflict:
            newer = {s.pk: s for s in conflict.conflicts}
            for group in groups:
                for row in group.rows:
                    if row.score.pk in newer:
                        row.newer = newer[row.score.pk]
                        row.version = row.newer.version  # a second save applies the user's value
            messages.error(request, str(conflict))
            bad = True
        except ValidationError as error:
            unplaced = _attach_errors(groups, error.messages)
            for message in unplaced:
                messages.error(request, message)
            if len(unplaced) < len(error.messages):
                messages.error(request, _("Chưa lưu: kiểm tra các dòng được đánh dấu."))
            bad = True
    if bad:
        return render(
            request, "scoring/detail.html", _context(request, scorecard, groups), status=400
        )
    if changed:
        messages.success(request, _("Đã lưu điểm tự chấm của %(n)s nội dung.") % {"n": changed})
    else:
        messages.info(request, _("Không có thay đổi nào."))
    return redirect("scoring:detail", scorecard.pk)


def _attach_errors(groups, errors: list[str]) -> list[str]:
    """Show each service message on the row of the item it names ("Nội dung 1.2: …");
    returns the messages that name no row."""
    placed = set()
    for group in groups:
        for row in group.rows:
            prefix = f"Nội dung {row.item.code}:"
            for error in errors:
                if error.startswith(prefix):
                    row.errors.append(error.removeprefix(prefix).strip())
                    placed.add(error)
    return [e for e in errors if e not in placed]


@require_POST
def scorecard_transition(request, pk: int, action: str):
    scorecard = _scorecard(request, pk)
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
    scorecard = _scorecard(request, pk)
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
            except ScoreConflict:
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
    scorecard = _scorecard(request, pk)
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
    scorecard = _scorecard(request, pk)
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
    except NotesConflict as conflict:
        messages.error(request, str(conflict))
        scorecard = newer = conflict.scorecard
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
        if group.result and group.criterion.pk in notes:
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
    scorecard = _scorecard(request, pk)
    content = selfscore_workbook(scorecard, scorecard_groups(scorecard))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{selfscore_filename(scorecard)}"'
    return response


def selfscore_import(request, pk: int):
    """Upload → preview of every change → confirm; nothing is saved before the confirmation."""
    scorecard = _scorecard(request, pk)
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
        except (ScoreConflict, ValidationError) as error:
            text = str(error) if isinstance(error, ScoreConflict) else " ".join(error.messages)
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
        context.update(changes=changes, token=token, file_name=form.cleaned_data["file"].name)
    return render(request, "scoring/import.html", context)
