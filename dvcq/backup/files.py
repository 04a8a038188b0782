"""The stored files of a backup: listed and read through Django's storage API (the local folder
or S3 alike), copied under `files/` of the backup with their SHA-256 and size."""

import hashlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage

from .errors import BackupError

FILES_DIR = "files"
CHUNK = 1024 * 1024


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage`, folders walked with listdir (never the filesystem)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the local folder does not exist yet: nothing stored
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _copy(source, target=None) -> dict:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def digest_of(path: Path) -> dict:
    with path.open("rb") as source:
        return _copy(source)


def digest_stored(storage: Storage, name: str) -> dict:
    with storage.open(name, "rb") as source:
        return _copy(source)


def backup_path(folder: Path, name: str) -> Path:
    """Where a stored file lies in the backup; a name leaving `files/` is refused."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}.")
    return folder / FILES_DIR / Path(*parts)


def copy_out(storage: Storage, folder: Path) -> dict[str, dict]:
    """Copy every stored file into `folder/files/`; {name: {sha256, size}}."""
    copied = {}
    for name in stored_names(storage):
        path = backup_path(folder, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("xb") as target:
            copied[name] = _copy(source, target)
    return copied


def copy_in(storage: Storage, folder: Path, names) -> None:
    """Write the backup's files into the empty `storage` under their own names."""
    for name in names:
        with backup_path(folder, name).open("rb") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"Kho tệp lưu tệp {name} dưới tên khác ({saved}).")
