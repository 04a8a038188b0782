from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Chấm điểm và thẩm định")

    def ready(self):
        # Registers the "selfscore", "review", "results" and "plan" reports.
        from . import reports, signals  # noqa: F401
