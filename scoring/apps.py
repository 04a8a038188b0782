from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Chấm điểm và thẩm định")

    def ready(self):
        # The reports package registers the "selfscore", "review", "results" and "plan" kinds;
        # signals gives every new round its scorecard; jobs registers the dashboard's export.
        from . import jobs, reports, signals  # noqa: F401
