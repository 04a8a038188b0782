from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "dvcq.org"
    label = "org"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self):
        # Registers the background job that sends an onboarding's invitations.
        from . import jobs  # noqa: F401
