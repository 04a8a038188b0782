"""Request helpers every app uses."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, *, param: str = "next") -> str:
    """Where to go after a POST: the `next` the request names if it stays on this site.

    Every redirect target that comes from the request goes through here, so a link built by
    someone else cannot send a user off the site (`https://evil.example`, `//evil.example`,
    `/\\evil.example`, `javascript:…` all fall back to `default`).
    """
    target = request.POST.get(param) or request.GET.get(param) or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
