from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingConfig(AppConfig):
    name = "dvcq.reading"
    label = "reading"
    verbose_name = _("Đọc và tìm kiếm văn bản minh chứng")
