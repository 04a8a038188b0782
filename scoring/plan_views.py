"""The remediation plan editor: the compiler words the plan's free texts before export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Scorecard, Status
from .plan_forms import PlanForm
from .plan_services import PlanConflict, may_edit_plan, next_round_of, plan_draft, plan_save
from .services import may_review, may_see_review


def _scorecard_for_plan(request: HttpRequest, pk: int) -> Scorecard:
    """Year N's scorecard if the user may see it and its review is public to them."""
    scorecard = get_object_or_404(
        Scorecard.objects.for_user(request.user).select_related(
            "round__unit__parent", "round__framework"
        ),
        pk=pk,
    )
    user = request.user
    if may_edit_plan(user, scorecard):
        return scorecard
    if may_review(user, scorecard) and scorecard.status in (Status.REVIEWED, Status.PUBLISHED):
        return scorecard  # the reviewer reads it
    if not may_see_review(user, scorecard):
        raise Http404  # the review is not public yet: nothing to show, not even that it exists
    raise PermissionDenied  # another role of the unit: may read the results, not this page


def _same_text(value) -> str:
    """Text compared the way a person reads it: browsers send CRLF line ends."""
    return str(value or "").replace("\r\n", "\n").strip()


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scorecard = _scorecard_for_plan(request, pk)
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
            except PlanConflict as conflict:
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
