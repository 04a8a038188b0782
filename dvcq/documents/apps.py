from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dvcq.documents"
    label = "documents"
    verbose_name = _("Văn bản và báo cáo")

    def ready(self):
        # Registers the "document" background job (a report made outside the request).
        from . import jobs  # noqa: F401
