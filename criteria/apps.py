from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Tiêu chí và phân công")

    def ready(self):
        # Registers the "annex" report with the document engine.
        from . import reports  # noqa: F401
