from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Position, Role, Unit, UnitKind, User
from .permissions import get_unit_for_user, role_required


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
