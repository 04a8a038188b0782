"""Login throttling with django-axes (configured in settings: AXES_*)."""

from axes.apps import AppConfig as BaseAxesConfig
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AxesConfig(BaseAxesConfig):
    # django-axes names no verbose_name; the admin index would show "Axes".
    verbose_name = _("Đăng nhập và khóa tài khoản")


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a login attempt came from, as django-axes counts failures by it.

    Behind nginx (BEHIND_TLS_PROXY) every request comes from 127.0.0.1, and nginx appends the
    real client to X-Forwarded-For (`$proxy_add_x_forwarded_for`): the right-most entry is the
    one nginx saw; entries to its left were sent by the client and can be forged. Without a proxy
    the header is the client's own invention and is ignored.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
