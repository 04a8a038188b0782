from django.apps import AppConfig


class BackupConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`; no models."""

    name = "dvcq.backup"
    label = "backup"
