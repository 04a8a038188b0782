"""`manage.py backup` and `manage.py restore`, round trips on the database the suite runs on.

The demo is seeded and committed once for the module (pg_dump reads through its own connection,
so the suite's usual uncommitted `demo` world would be invisible to it) and backed up once; each
restore goes into a fresh empty, migrated database: on SQLite a file copied from the empty test
database, on PostgreSQL a database created from a template made of the empty test database.
Everything created is dropped or deleted at the end.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import override_settings

from dvcq.backup import database, files
from dvcq.backup.services import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
TARGET = "restore_target"
# Sets the test database up (a test without the marker would reach the real one). Each test
# runs in a transaction of the default database that reads the module's committed demo; what it
# restores goes to another database.
pytestmark = pytest.mark.django_db


def _pg_execute(sql: str) -> None:
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(sql)


class Databases:
    """Makes fresh empty, migrated databases from a copy of the empty test database."""

    def __init__(self, folder: Path):
        self.default = connections["default"]
        self.vendor = self.default.vendor
        self.folder = folder
        self.created: list[str] = []
        self.count = 0
        if self.vendor == "sqlite":
            self.template = str(folder / "empty.sqlite3")
            self.default.ensure_connection()
            copy = sqlite3.connect(self.template)
            self.default.connection.backup(copy)
            copy.close()
        else:
            self.template = f"{self.default.settings_dict['NAME']}_bak_empty_{os.getpid()}"
            connections.close_all()  # a template database must have no other session
            _pg_execute(
                f'CREATE DATABASE "{self.template}" TEMPLATE "{self.default.settings_dict["NAME"]}"'
            )
            self.created.append(self.template)

    @contextmanager
    def target(self):
        """A fresh empty, migrated database under the alias TARGET, gone afterwards."""
        self.count += 1
        settings_dict = dict(self.default.settings_dict)
        if self.vendor == "sqlite":
            name = str(self.folder / f"target-{self.count}.sqlite3")
            shutil.copy(self.template, name)
        else:
            name = f"{self.default.settings_dict['NAME']}_bak_target_{os.getpid()}_{self.count}"
            _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        settings_dict["NAME"] = name
        connections.settings[TARGET] = settings_dict
        # Connected here: Django's test case refuses to open a connection to an alias outside its
        # `databases`, which are fixed before this one exists.
        connections[TARGET].connect()
        try:
            yield TARGET
        finally:
            connections[TARGET].close()
            del connections[TARGET]
            del connections.settings[TARGET]
            if self.vendor == "sqlite":
                Path(name).unlink(missing_ok=True)
            else:
                _pg_execute(f'DROP DATABASE IF EXISTS "{name}"')

    def drop_all(self):
        for name in self.created:
            _pg_execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo committed and backed up once: (backup folder, source media, Databases)."""
    from dvcq.demo.seed import demo_seed
    from tests.conftest import FAST_HASHERS

    folder = tmp_path_factory.mktemp("backup")
    media = folder / "media"
    with django_db_blocker.unblock():
        name = connections["default"].settings_dict["NAME"]
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        databases = Databases(folder)
        try:
            with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
                demo_seed()
                # Files in nested folders and a name with Vietnamese letters, beside the demo's.
                storage = FileSystemStorage(location=media)
                storage.save("exports/2026/bảng điểm.xlsx", ContentFile(b"PK\x03\x04 xlsx"))
                storage.save("report-templates/mau.docx", ContentFile(b"PK\x03\x04 docx"))
                out = StringIO()
                call_command("backup", output=str(folder / "copy"), stdout=out)
            assert "Đã sao lưu vào" in out.getvalue()
            yield folder / "copy", media, databases
        finally:
            call_command("flush", interactive=False, verbosity=0)
            databases.drop_all()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def backup(world, tmp_path):
    """A copy of the module's backup that a test may change."""
    copy = tmp_path / "copy"
    shutil.copytree(world[0], copy)
    yield copy
    shutil.rmtree(copy, ignore_errors=True)


def rows(alias: str) -> dict[str, list]:
    connection = connections[alias]
    found = {}
    with connection.cursor() as cursor:
        # A full-text table's shadow tables hold its index in an internal layout that differs
        # after a rebuild; its rows (with their rowids) are what must come back.
        for table in database._data_tables(connection.introspection.table_names(cursor)):
            virtual = connection.vendor == "sqlite" and database._is_virtual(cursor, "main", table)
            columns = "rowid, *" if virtual else "*"
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
            found[table] = sorted(cursor.fetchall(), key=repr)
    return found


def hashes(storage) -> dict[str, str]:
    found = {}
    for name in files.stored_names(storage):
        with storage.open(name, "rb") as f:
            found[name] = hashlib.sha256(f.read()).hexdigest()
    return found


def test_manifest(world):
    folder, media, databases = world
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["database"]["vendor"] == databases.vendor
    assert (folder / manifest["database"]["file"]).is_file()
    assert manifest["tables"]["org_unit"] > 0
    assert "0001_initial" in manifest["migrations"]["org"]
    stored = hashes(FileSystemStorage(location=media))
    assert {name: f["sha256"] for name, f in manifest["files"].items()} == stored
    assert "exports/2026/bảng điểm.xlsx" in stored
    assert any(name.startswith("evidence/") for name in stored)


def test_round_trip(world, settings):
    from django.contrib.contenttypes.models import ContentType

    from dvcq.org.models import Unit, UnitKind

    folder, media, databases = world
    with databases.target() as alias:
        out = StringIO()
        call_command("restore", str(folder), database=alias, stdout=out)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert out.getvalue().strip() == (
            f"Đã khôi phục và kiểm tra: {len(manifest['tables'])} bảng, "
            f"{len(manifest['files'])} tệp khớp với bản sao lưu."
        )
        # Every row of every table, every file's hash.
        source = rows("default")
        assert rows(alias) == source
        if databases.vendor == "sqlite":
            # The full-text index came back whole, not as its shadow tables copied by hand.
            assert source["reading_fts"] and "reading_fts_data" not in source
        restored = FileSystemStorage(location=settings.MEDIA_ROOT)
        assert hashes(restored) == hashes(FileSystemStorage(location=media))
        # The counters came along: new rows get new ids, in the tables restore replaced too.
        unit = Unit.objects.using(alias).create(
            code="xa-moi", name="Xã Mới", official_name="UBND XÃ MỚI", place_name="Mới",
            kind=UnitKind.COMMUNE,
        )  # fmt: skip
        assert unit.pk > max(Unit.objects.values_list("pk", flat=True))
        kind = ContentType.objects.using(alias).create(app_label="thu", model="moi")
        assert kind.pk > max(ContentType.objects.values_list("pk", flat=True))


def test_tampered_file_refused(world, backup, settings):
    from dvcq.org.models import Unit

    folder, media, databases = world
    name = next(n for n in json.loads((backup / MANIFEST).read_text())["files"] if "evidence" in n)
    with (backup / "files" / name).open("ab") as f:
        f.write(b"tampered")
    with databases.target() as alias:
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(backup), database=alias)
        assert f"Tệp files/{name}:" in str(refused.value)
        assert "không khôi phục" in str(refused.value)
        # Nothing was written.
        assert not Unit.objects.using(alias).exists()
    assert list(files.stored_names(FileSystemStorage(location=settings.MEDIA_ROOT))) == []


def test_mismatch_after_restore_reported(world, backup):
    """The manifest says one row more than the database copy holds: restored, then reported."""
    manifest_path = backup / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    rows_there = manifest["tables"]["org_unit"]
    manifest["tables"]["org_unit"] += 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with world[2].target() as alias:
        with pytest.raises(CommandError) as mismatch:
            call_command("restore", str(backup), database=alias)
    assert f"Bảng org_unit: {rows_there} dòng, bản sao lưu có {rows_there + 1} dòng." in str(
        mismatch.value
    )


def test_non_empty_target_refused(world, settings):
    from dvcq.org.models import Unit, UnitKind

    folder, media, databases = world
    with databases.target() as alias:
        Unit.objects.using(alias).create(
            code="co-san", name="Xã Có Sẵn", official_name="UBND", place_name="Có Sẵn",
            kind=UnitKind.COMMUNE,
        )  # fmt: skip
        FileSystemStorage(location=settings.MEDIA_ROOT).save("evidence/cu.pdf", ContentFile(b"%"))
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(folder), database=alias)
        assert "Cơ sở dữ liệu đích không trống: bảng org_unit (1 dòng)." in str(refused.value)
        assert "Kho tệp đích không trống: 1 tệp (evidence/cu.pdf)." in str(refused.value)
        assert Unit.objects.using(alias).count() == 1


def test_non_empty_output_refused(tmp_path):
    (tmp_path / "old").write_text("x")
    with pytest.raises(CommandError, match="không trống"):
        call_command("backup", output=str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["old"]


def test_output_inside_the_storage_refused(settings):
    with pytest.raises(CommandError, match="nằm trong kho tệp"):
        call_command("backup", output=str(Path(settings.MEDIA_ROOT) / "sao-luu"))
    assert not (Path(settings.MEDIA_ROOT) / "sao-luu").exists()


def test_failure_exits_non_zero_without_traceback(tmp_path):
    """As the operator sees it: a Vietnamese message, exit status 1, no traceback."""
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "không phải bản sao lưu DVCQ: thiếu manifest.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_files_walked_through_the_storage_api(tmp_path):
    """No filesystem under the storage (as on S3): listed with listdir, read with open."""
    source, target = InMemoryStorage(), InMemoryStorage()
    source.save("a.txt", ContentFile(b"a"))
    source.save("evidence/3/b.pdf", ContentFile(b"%PDF b"))
    source.save("evidence/4/sub/c.docx", ContentFile(b"c"))
    copied = files.copy_out(source, tmp_path)
    assert sorted(copied) == ["a.txt", "evidence/3/b.pdf", "evidence/4/sub/c.docx"]
    assert copied["evidence/3/b.pdf"] == {
        "sha256": hashlib.sha256(b"%PDF b").hexdigest(),
        "size": 6,
    }
    files.copy_in(target, tmp_path, sorted(copied))
    assert hashes(target) == hashes(source)
