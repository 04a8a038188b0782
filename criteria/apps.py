from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Tiêu chí và phân công")
