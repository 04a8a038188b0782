from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Tài liệu minh chứng")

    def ready(self) -> None:
        # Large uploads stream into this folder; a missing one would fail every such upload.
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
        # Registers the "binder" background job.
        from . import jobs  # noqa: F401
