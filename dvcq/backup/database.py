"""The database half of a backup: a portable copy of the database, its row counts and migration
state read from the same snapshot, and the copy's rows loaded into an empty, migrated database.

PostgreSQL: `pg_dump --format=custom` of one exported snapshot, whose row counts are read in the
transaction that exported it; loaded with `pg_restore --data-only` piped into one `psql`
transaction (every foreign key Django creates is DEFERRABLE INITIALLY DEFERRED, so the order of
the tables does not matter, and the dump's SEQUENCE SET entries put every sequence back where it
was, so new rows get new ids).
SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database in one step;
counts are read from the copy. Loading attaches the copy and inserts every table's rows, column
by column, in one transaction; `sqlite_sequence` (the AUTOINCREMENT counters) comes along.

Either way the target keeps its own `django_migrations` rows (restore checks first that they name
the same migrations as the backup's), and `django_content_type` / `auth_permission`, which
`migrate` fills with ids of its own, are replaced by the backup's rows, which other rows point to.
"""

import os
import re
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections, transaction

from .errors import BackupError

PG_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
# Rows `migrate` writes, so a migrated database is "empty" with them.
KEPT_TABLES = frozenset({"django_migrations"})
REPLACED_TABLES = ("auth_permission", "django_content_type")
MIGRATE_FILLED = KEPT_TABLES | set(REPLACED_TABLES)


@dataclass
class Snapshot:
    """What the manifest says of the database copy."""

    file: str
    tables: dict[str, int] = field(default_factory=dict)
    migrations: dict[str, list[str]] = field(default_factory=dict)


def vendor(alias: str) -> str:
    found = connections[alias].vendor
    if found not in ("postgresql", "sqlite"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {found}.")
    return found


# The tables SQLite's FTS5 keeps for a full-text table (dvcq/reading's search index): copied
# through the full-text table itself, never by hand.
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def _data_tables(names) -> list[str]:
    """The tables whose rows a backup carries: not SQLite's own, not a full-text table's shadow."""
    names = set(names)
    shadows = {f"{name}{suffix}" for name in names for suffix in FTS5_SHADOWS}
    return sorted(n for n in names if not n.startswith("sqlite_") and n not in shadows)


def _is_virtual(cursor, schema: str, table: str) -> bool:
    cursor.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = %s", [table])
    row = cursor.fetchone()
    return bool(row and (row[0] or "").upper().startswith("CREATE VIRTUAL TABLE"))


def _counts(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(rows) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        state.setdefault(app, []).append(name)
    return state


# --- the state of a live database ---------------------------------------------------------


def row_counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = _data_tables(connection.introspection.table_names(cursor))
        return _counts(cursor, tables, connection.ops.quote_name)


def applied_migrations(alias: str) -> dict[str, list[str]]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            raise BackupError(
                "Cơ sở dữ liệu đích chưa được migrate: chạy `manage.py migrate` trước khi khôi phục."
            )
        cursor.execute("SELECT app, name FROM django_migrations")
        return _migrations(cursor.fetchall())


# --- dump ---------------------------------------------------------------------------------


def dump(alias: str, folder: Path) -> Snapshot:
    if vendor(alias) == "postgresql":
        return _pg_dump(alias, folder / PG_FILE)
    return _sqlite_dump(alias, folder / SQLITE_FILE)


def _sqlite_dump(alias: str, path: Path) -> Snapshot:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # pages=-1: every page in one step, under one read lock: a consistent copy.
        connection.connection.backup(target, pages=-1)
        cursor = target.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = _data_tables(name for (name,) in cursor.fetchall())
        counts = _counts(cursor, tables, connection.ops.quote_name)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _migrations(cursor.fetchall())
    finally:
        target.close()
    return Snapshot(file=path.name, tables=counts, migrations=migrations)


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the client programs: the password never shows in `ps`."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        values[f"PG{option.upper()}"] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, **kwargs)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy chương trình {args[0]}: cài gói postgresql-client "
            "(`make install` cài sẵn)."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{args[0]} thất bại: {result.stderr.strip()}")
    return result


def _pg_dump(alias: str, path: Path) -> Snapshot:
    # A connection of its own: its transaction exports the snapshot pg_dump reads, and the row
    # counts are read in it, so the manifest describes exactly the dumped rows.
    connection = connections.create_connection(alias)
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                pg_environment(connection.settings_dict),
            )
            tables = _data_tables(connection.introspection.table_names(cursor))
            counts = _counts(cursor, tables, connection.ops.quote_name)
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = _migrations(cursor.fetchall())
            cursor.execute("ROLLBACK")
    finally:
        connection.close()
    return Snapshot(file=path.name, tables=counts, migrations=migrations)


# --- load ---------------------------------------------------------------------------------


def load(alias: str, path: Path) -> None:
    """Load the copy's rows into the empty, migrated database `alias` (checked by the caller)."""
    if vendor(alias) == "postgresql":
        _pg_load(alias, path)
    else:
        _sqlite_load(alias, path)


# A line of `pg_restore --list` naming the rows or the counter of a kept table.
_KEPT_ENTRY = re.compile(
    r"^\d+; \d+ \d+ (TABLE DATA|SEQUENCE SET) \S+ ("
    + "|".join(re.escape(t) + r"(_id_seq)?" for t in sorted(KEPT_TABLES))
    + r") "
)


def _pg_load(alias: str, path: Path) -> None:
    connection = connections[alias]
    env = pg_environment(connection.settings_dict)
    listing = _run(["pg_restore", "--list", str(path)], env).stdout
    entries = "\n".join(
        f";{line}" if _KEPT_ENTRY.match(line) else line for line in listing.splitlines()
    )
    quote = connection.ops.quote_name
    # Emptied in the same transaction as the load: a failure leaves migrate's rows in place.
    empty = f"TRUNCATE {', '.join(quote(t) for t in REPLACED_TABLES)} CASCADE"
    with tempfile.TemporaryDirectory(prefix="dvcq-restore-") as tmp:
        list_file = Path(tmp) / "entries.list"
        list_file.write_text(entries + "\n", encoding="utf-8")
        errors = Path(tmp) / "pg_restore.err"
        with errors.open("w+") as err:
            try:
                script = subprocess.Popen(
                    [
                        "pg_restore",
                        "--data-only",
                        "--no-owner",
                        "--no-privileges",
                        f"--use-list={list_file}",
                        "--file=-",
                        str(path),
                    ],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=err,
                )
            except FileNotFoundError:
                raise BackupError(
                    "Không tìm thấy chương trình pg_restore: cài gói postgresql-client "
                    "(`make install` cài sẵn)."
                ) from None
            try:
                _run(
                    [
                        "psql",
                        "--no-psqlrc",
                        "--quiet",
                        "--single-transaction",
                        "--set=ON_ERROR_STOP=1",
                        f"--command={empty}",
                        "--file=-",
                    ],
                    env,
                    stdin=script.stdout,
                )
            finally:
                script.stdout.close()
                script.wait()
            err.seek(0)
            if script.returncode != 0:
                raise BackupError(f"pg_restore thất bại: {err.read().strip()}")


def _sqlite_load(alias: str, path: Path) -> None:
    connection = connections[alias]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ATTACH DATABASE %s AS backup", [path.resolve().as_uri() + "?mode=ro"])
        try:
            cursor.execute("SELECT name FROM backup.sqlite_master WHERE type = 'table'")
            names = {name for (name,) in cursor.fetchall()}
            in_backup = set(_data_tables(names))
            counters = names - in_backup
            with transaction.atomic(using=alias):
                for table in REPLACED_TABLES:
                    cursor.execute(f"DELETE FROM main.{quote(table)}")
                tables = _data_tables(connection.introspection.table_names(cursor))
                for table in sorted(set(tables) & in_backup - KEPT_TABLES):
                    cursor.execute(f"PRAGMA main.table_info({quote(table)})")
                    columns = ", ".join(quote(row[1]) for row in cursor.fetchall())
                    cursor.execute(
                        f"INSERT INTO main.{quote(table)} ({columns}) "
                        f"SELECT {columns} FROM backup.{quote(table)}"
                    )
                sequences = []
                if "sqlite_sequence" in counters:
                    cursor.execute("SELECT name, seq FROM backup.sqlite_sequence")
                    sequences = cursor.fetchall()
                for name, seq in sequences:
                    if name in KEPT_TABLES:
                        continue
                    cursor.execute("DELETE FROM main.sqlite_sequence WHERE name = %s", [name])
                    cursor.execute(
                        "INSERT INTO main.sqlite_sequence (name, seq) VALUES (%s, %s)", [name, seq]
                    )
        finally:
            cursor.execute("DETACH DATABASE backup")
