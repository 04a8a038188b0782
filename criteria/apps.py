from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Tiêu chí và phân công")

    def ready(self):
        # Registers the "annex" report with the document engine, and the background job of
        # every unit's annex in one ZIP.
        from . import jobs, reports  # noqa: F401
