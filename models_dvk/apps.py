from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsDvkConfig(AppConfig):
    name = "models_dvk"
    verbose_name = _("Dân vận khéo")

    def ready(self) -> None:
        from . import reports  # noqa: F401  (registers the DVK documents)
