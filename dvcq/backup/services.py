"""`manage.py backup` and `manage.py restore`.

A backup is a folder:
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite);
- `files/…`: every file of the default storage, under its storage name;
- `manifest.json`, written last (a folder without it is not a backup): the time, the database's
  vendor, file, SHA-256 and size, the applied migrations, the row count of every table, and the
  SHA-256 and size of every file.

The database is copied first, then the files. A file is always written to storage before the row
that names it commits (dvcq/storage.py), so every file a copied row names is there; a file
uploaded meanwhile is copied without a row, an orphan that `clean_uploads` sweeps after restore.

Restore checks the whole backup against its manifest before touching anything, then that the
target database is migrated to the same migrations and holds no rows, and that the storage holds
no file; it loads the database, writes the files, and checks the result against the manifest
again: every table's row count, every file's SHA-256.
"""

import json
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone

from . import database, files
from .errors import BackupError

MANIFEST = "manifest.json"
FORMAT = "dvcq-backup/1"
LISTED = 10  # names shown in one message before "…"


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    bytes: int


@dataclass
class Verification:
    tables: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def _listing(names, more_than: int = LISTED) -> str:
    names = list(names)
    shown = ", ".join(names[:more_than])
    return shown + (f" … (và {len(names) - more_than} mục khác)" if len(names) > more_than else "")


def _app_version() -> str:
    try:
        return metadata.version("dvcq")
    except metadata.PackageNotFoundError:
        return ""


# --- backup -------------------------------------------------------------------------------


def backup_write(
    output: Path, *, using: str = "default", storage: Storage | None = None
) -> Summary:
    """Write a backup of database `using` and `storage` into the folder `output` (created if
    missing, refused if not empty). A failed backup leaves nothing in `output`."""
    storage = storage or default_storage
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise BackupError(f"{output} không phải là thư mục.")
    if output.is_dir() and any(output.iterdir()):
        raise BackupError(
            f"Thư mục {output} không trống: hãy chỉ một thư mục mới hoặc trống cho bản sao lưu."
        )
    location = storage.location if isinstance(storage, FileSystemStorage) else None
    if location and output.resolve().is_relative_to(Path(location).resolve()):
        raise BackupError(
            f"Thư mục {output} nằm trong kho tệp ({location}): hãy sao lưu ra ngoài kho tệp."
        )
    created = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        started = timezone.localtime()
        snapshot = database.dump(using, output)
        stored = files.copy_out(storage, output)
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(timespec="seconds"),
            "finished_at": timezone.localtime().isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "database": {
                "vendor": database.vendor(using),
                "file": snapshot.file,
                **files.digest_of(output / snapshot.file),
            },
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": stored,
        }
        (output / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    except BaseException:
        _remove_contents(output, created)
        raise
    return Summary(
        tables=len(snapshot.tables),
        rows=sum(snapshot.tables.values()),
        files=len(stored),
        bytes=sum(f["size"] for f in stored.values()),
    )


def _remove_contents(output: Path, created: bool) -> None:
    if created:
        shutil.rmtree(output, ignore_errors=True)
        return
    for child in output.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


# --- restore ------------------------------------------------------------------------------


def manifest_read(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} không phải bản sao lưu DVCQ: thiếu {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} hỏng, không đọc được: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} không phải bản kê của DVCQ (định dạng {FORMAT}).")
    return manifest


def _compare_file(label: str, expected: dict, found: dict | None) -> str | None:
    if found is None:
        return f"Tệp {label}: thiếu."
    if found["size"] != expected["size"]:
        return f"Tệp {label}: {found['size']} byte, bản kê ghi {expected['size']} byte."
    if found["sha256"] != expected["sha256"]:
        return f"Tệp {label}: SHA-256 khác bản kê (tệp đã bị sửa hoặc hỏng)."
    return None


def backup_check(folder: Path, manifest: dict) -> list[str]:
    """Every file of the backup against its manifest; the problems, one per file."""
    folder = Path(folder)
    problems = []
    db = manifest["database"]
    db_path = folder / db["file"]
    found = files.digest_of(db_path) if db_path.is_file() else None
    if problem := _compare_file(db["file"], db, found):
        problems.append(problem)
    for name, expected in sorted(manifest["files"].items()):
        path = files.backup_path(folder, name)
        found = files.digest_of(path) if path.is_file() else None
        if problem := _compare_file(f"{files.FILES_DIR}/{name}", expected, found):
            problems.append(problem)
    return problems


def target_check(manifest: dict, *, using: str, storage: Storage) -> list[str]:
    """Why the target cannot take the backup: another database kind, other migrations, rows or
    files already there."""
    kind = database.vendor(using)
    if manifest["database"]["vendor"] != kind:
        return [
            f"Bản sao lưu là của {manifest['database']['vendor']}, cơ sở dữ liệu đích là {kind}."
        ]
    problems = []
    backup_state = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    target_state = {
        (app, name) for app, names in database.applied_migrations(using).items() for name in names
    }
    if missing := sorted(backup_state - target_state):
        problems.append(
            "Cơ sở dữ liệu đích chưa chạy migration của bản sao lưu: "
            + _listing(f"{app}.{name}" for app, name in missing)
            + " (chạy `manage.py migrate` bằng phiên bản DVCQ của bản sao lưu)."
        )
    if extra := sorted(target_state - backup_state):
        problems.append(
            "Cơ sở dữ liệu đích có migration mà bản sao lưu không có: "
            + _listing(f"{app}.{name}" for app, name in extra)
            + " (khôi phục bằng đúng phiên bản DVCQ đã sao lưu, rồi mới nâng cấp)."
        )
    filled = {
        table: count
        for table, count in database.row_counts(using).items()
        if count and table not in database.MIGRATE_FILLED
    }
    if filled:
        problems.append(
            "Cơ sở dữ liệu đích không trống: "
            + _listing(f"bảng {table} ({count} dòng)" for table, count in filled.items())
            + "."
        )
    stored = list(files.stored_names(storage))
    if stored:
        problems.append(f"Kho tệp đích không trống: {len(stored)} tệp ({_listing(stored)}).")
    return problems


def restored_check(manifest: dict, *, using: str, storage: Storage) -> Verification:
    """The restored database and storage against the manifest."""
    result = Verification()
    counts = database.row_counts(using)
    for table, expected in sorted(manifest["tables"].items()):
        found = counts.get(table)
        if found is None:
            result.problems.append(f"Bảng {table}: không có trong cơ sở dữ liệu đích.")
        elif found != expected:
            result.problems.append(f"Bảng {table}: {found} dòng, bản sao lưu có {expected} dòng.")
        else:
            result.tables += 1
    for table in sorted(set(counts) - set(manifest["tables"])):
        result.problems.append(f"Bảng {table}: không có trong bản sao lưu.")
    stored = set(files.stored_names(storage))
    for name, expected in sorted(manifest["files"].items()):
        found = files.digest_stored(storage, name) if name in stored else None
        if problem := _compare_file(name, expected, found):
            result.problems.append(problem)
        else:
            result.files += 1
    for name in sorted(stored - set(manifest["files"])):
        result.problems.append(f"Tệp {name}: không có trong bản sao lưu.")
    return result


def backup_restore(
    folder: Path, *, using: str = "default", storage: Storage | None = None
) -> Verification:
    """Restore the backup in `folder` into the empty, migrated database `using` and the empty
    `storage`, then check them against the manifest. Nothing is written unless the backup
    matches its manifest and the target is empty."""
    storage = storage or default_storage
    folder = Path(folder)
    manifest = manifest_read(folder)
    if problems := backup_check(folder, manifest):
        raise BackupError(
            "Bản sao lưu không khớp với bản kê của nó, không khôi phục:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    if problems := target_check(manifest, using=using, storage=storage):
        raise BackupError(
            "Chỉ khôi phục vào cơ sở dữ liệu đã migrate mà chưa có dữ liệu và kho tệp trống:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    database.load(using, folder / manifest["database"]["file"])
    try:
        files.copy_in(storage, folder, sorted(manifest["files"]))
    except Exception as exc:  # OSError, S3 client errors…
        raise BackupError(
            f"Đã nạp cơ sở dữ liệu nhưng ghi tệp thất bại ({exc}). Hãy làm trống cơ sở dữ liệu "
            "và kho tệp đích rồi khôi phục lại."
        ) from None
    return restored_check(manifest, using=using, storage=storage)
