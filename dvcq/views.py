from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from criteria.selectors import current_round, tasks_for_user
from dvcq.org.models import Role, Unit, UnitKind
from evidence.selectors import item_statuses, review_comments
from models_dvk.models import Campaign, Participant, Step
from scoring.models import Scorecard, Status
from scoring.permissions import may_use_dashboard


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    """One page per role: what is due for me, my unit, the units I review."""
    user = request.user
    ctx: dict = {"roles": user.roles, "is_admin": user.is_superuser}
    this_round = current_round(user.unit_id)
    if user.has_role(Role.OFFICER):
        ctx["my_positions"] = list(user.positions.filter(is_active=True))
        ctx["task_round"] = this_round
        if ctx["task_round"]:
            ctx["tasks"] = tasks_for_user(user, ctx["task_round"], timezone.localdate())
            ids = [t.assignment.pk for t in ctx["tasks"]]
            statuses, comments = item_statuses(ids), review_comments(ids)
            for task in ctx["tasks"]:
                task.evidence_status = statuses[task.assignment.pk]
                if task.evidence_status == "needs_more":
                    task.review_comment = comments.get(task.assignment.pk, "")
    if user.unit_id and (user.has_role(Role.COMPILER) or user.has_role(Role.LEADER)):
        ctx["unit_round"] = this_round
        ctx["my_unit"] = Unit.objects.annotate(
            position_count=Count("positions", filter=Q(positions__is_active=True), distinct=True),
            member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        ).get(pk=user.unit_id)
    if may_use_dashboard(user):
        reviewed = Unit.objects.reviewed_by(user)
        # Active units, as the dashboard lists them (an abolished district only in its years).
        by_kind = dict(
            reviewed.filter(is_active=True).values_list("kind").annotate(n=Count("pk")).order_by()
        )
        ctx["reviewed_count"] = sum(by_kind.values())
        # Of the year the dashboard opens on (the latest with a card past drafting, as
        # scoring.selectors.dashboard_years picks it), so the link lists what home counts.
        season = (
            Scorecard.objects.filter(round__unit__in=reviewed)
            .exclude(status=Status.DRAFTING)
            .values("round__framework__year")
            .annotate(submitted=Count("pk", filter=Q(status=Status.SUBMITTED)))
            .order_by("-round__framework__year")
            .first()
        )
        ctx["dashboard_year"] = season["round__framework__year"] if season else None
        ctx["awaiting_review"] = season["submitted"] if season else 0
        ctx["reviewed_by_kind"] = [
            (label, by_kind[value]) for value, label in UnitKind.choices if value in by_kind
        ]
    if user.has_role(Role.PARTY):
        ctx["party_unit"] = user.unit
        ctx["party_campaign"] = (
            Campaign.objects.filter(unit_id=user.unit_id)
            # As the campaign's pages count: every model, the dropped ones labelled.
            .annotate(
                model_count=Count("models"),
                dropped_count=Count("models", filter=Q(models__step=Step.DROPPED)),
            )
            .order_by("-year")
            .first()
        )
    ctx["participations"] = list(
        Participant.objects.filter(members=user)
        .select_related("campaign")
        .order_by("-campaign__year", "name")[:3]
    )
    return render(request, "home.html", ctx)
