from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "dvcq.jobs"
    label = "jobs"
    verbose_name = _("Tác vụ nền và tệp đã xuất")
