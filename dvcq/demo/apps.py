from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run`; sits above every app so that no app depends on it."""

    name = "dvcq.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")
