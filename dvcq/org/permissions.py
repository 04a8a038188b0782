"""View helpers that decide access to organisation data; the querysets decide visibility."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Unit


def role_required(*roles: str) -> Callable:
    """Refuse (403) a user holding none of `roles`; system administrators always pass."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or any(user.has_role(role) for role in roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_unit_for_user(request: HttpRequest, code: str) -> Unit:
    """The unit with `code` if the user may see it, else 404 (its existence stays hidden)."""
    return get_object_or_404(
        Unit.objects.for_user(request.user).select_related("parent"), code=code
    )
