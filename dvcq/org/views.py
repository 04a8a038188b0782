from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Position, Role, Unit, UnitKind, User
from .permissions import get_unit_for_user, role_required


def home(request: HttpRequest) -> HttpResponse:
    """One page per role: what is due for me, my unit, the units I review."""
    user = request.user
    ctx: dict = {"roles": user.roles, "is_admin": user.is_superuser}
    if user.has_role(Role.OFFICER):
        ctx["my_positions"] = list(user.positions.filter(is_active=True))
    if user.unit_id and (user.has_role(Role.COMPILER) or user.has_role(Role.LEADER)):
        ctx["my_unit"] = Unit.objects.annotate(
            position_count=Count("positions", filter=Q(positions__is_active=True), distinct=True),
            member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        ).get(pk=user.unit_id)
    if user.is_superuser or user.has_role(Role.REVIEWER):
        reviewed = Unit.objects.reviewed_by(user)
        by_kind = dict(reviewed.values_list("kind").annotate(n=Count("pk")).order_by())
        ctx["reviewed_count"] = sum(by_kind.values())
        ctx["reviewed_by_kind"] = [
            (label, by_kind[value]) for value, label in UnitKind.choices if value in by_kind
        ]
    if user.has_role(Role.PARTY):
        ctx["party_unit"] = user.unit
    return render(request, "org/home.html", ctx)


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
