"""What interrupted uploads leave behind, and its removal (`manage.py clean_uploads`, daily).

Two kinds of leftovers:
- temporary files in FILE_UPLOAD_TEMP_DIR: Django streams an upload above 2 MB there and deletes
  it when the request ends, but not when the worker is killed mid-request;
- stored files no row names: a file is written to storage before its row is committed, and a
  worker killed in between (or a rolled-back enclosing transaction) leaves it behind.
Both are deleted only once older than a number of hours, so an upload in progress is never
touched.
"""

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models

# The folders of the default storage that uploads go to: evidence files
# (evidence.models.stored_name) and Dân vận khéo documents (models_dvk.models.document_name).
UPLOAD_PREFIXES = ("evidence", "dvk")
# Django names its upload temporary files tmpXXXX.upload.<ext>; nothing else there is touched,
# even if FILE_UPLOAD_TEMP_DIR is set to a shared folder.
TEMP_MARKER = ".upload"


@dataclass
class Cleaned:
    temp_files: int = 0
    orphans: int = 0


def temp_files_clean(*, older_than: datetime) -> int:
    """Delete upload temporary files last written before `older_than`; their number."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    if not folder.is_dir():
        return 0
    cutoff = older_than.timestamp()
    deleted = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False) or TEMP_MARKER not in entry.name:
                continue
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:  # its request ended meanwhile and deleted it
                    continue
                deleted += 1
    return deleted


def referenced_names() -> set[str]:
    """Every storage name a row points to: file fields of every model, and the history rows
    of tracked models (a file an earlier version named is kept, not an orphan)."""
    names: set[str] = set()
    for model in apps.get_models():
        # A django-simple-history model stores the tracked model's file fields as text.
        tracked = getattr(model, "instance_type", model)
        own = {field.attname for field in model._meta.concrete_fields}
        for field in tracked._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.attname in own:
                names.update(
                    model._base_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                    .iterator()
                )
    return names


def _walk(storage: Storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def orphans_clean(*, older_than: datetime, storage: Storage | None = None) -> int:
    """Delete stored upload files that no row names and that were written before
    `older_than`; their number. Listed through the storage API, so it works on S3 as well."""
    storage = storage or default_storage
    referenced = referenced_names()
    deleted = 0
    for prefix in UPLOAD_PREFIXES:
        for name in _walk(storage, prefix):
            if name in referenced:
                continue
            # Read after the listing: a row committed meanwhile names a young file, never this.
            if storage.get_modified_time(name) < older_than:
                storage.delete(name)
                deleted += 1
    return deleted
