"""Uploads: no macro-carrying Office file and no disguised OLE2 file is kept, no stored file
outlives a row that never committed, and what interrupted uploads leave is cleaned up."""

# The evidence and DVK fixtures are imported by name, and pytest passes them as arguments.
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceFile, EvidenceRecord
from models_dvk.models import ModelDocument
from tests.evidence import files

pytestmark = pytest.mark.django_db

RECORD = {
    "number": "269/BC-UBND",
    "issued_on": "2025-10-23",
    "issuer": "UBND xã Ba Thành",
    "summary": "Báo cáo tự chấm điểm công tác dân vận chính quyền năm 2025",
}


def _macro(name: str, safe: str) -> str:
    return f"Tệp “{name}” chứa macro; hãy lưu lại thành .{safe} không macro rồi tải lên."


def _not_real(name: str, ext: str) -> str:
    return f"“{name}”: nội dung tệp không phải là tệp .{ext} thật (có thể bị đổi tên)."


# Each: the file's name, its bytes (built here, small), the message the user must see.
REFUSED = [
    pytest.param("ke-hoach.docm", files.docm(), _macro("ke-hoach.docm", "docx"), id="docm"),
    pytest.param("danh-sach.xlsm", files.xlsm(), _macro("danh-sach.xlsm", "xlsx"), id="xlsm"),
    pytest.param(
        "ke-hoach.docx", files.docm(), _macro("ke-hoach.docx", "docx"), id="docm-renamed-docx"
    ),
    pytest.param(
        "ke-hoach.docx",
        files.docm("Word/VBAPROJECT.BIN"),
        _macro("ke-hoach.docx", "docx"),
        id="vbaproject-other-path-and-case",
    ),
    pytest.param(
        "danh-sach.xlsx",
        files.xlsm(with_project=False),
        _macro("danh-sach.xlsx", "xlsx"),
        id="macro-enabled-main-type-only",
    ),
    pytest.param(
        "bieu-mau.docx", files.docx_with_activex(), _macro("bieu-mau.docx", "docx"), id="activex"
    ),
    pytest.param(
        "van-ban.odt",
        files.odt_with("Basic/Standard/Module1.xml", "Basic/script-lc.xml"),
        _macro("van-ban.odt", "odt"),
        id="odt-basic",
    ),
    pytest.param(
        "van-ban.odt",
        files.odt_with("Scripts/python/run.py"),
        _macro("van-ban.odt", "odt"),
        id="odt-scripts",
    ),
    pytest.param(
        "cu.doc",
        files.doc("Macros/VBA/dir", "Macros/PROJECT"),
        _macro("cu.doc", "docx"),
        id="ole2-doc-macros",
    ),
    pytest.param(
        "cu.xls",
        files.xls("_VBA_PROJECT_CUR/VBA/dir"),
        _macro("cu.xls", "xlsx"),
        id="ole2-xls-vba",
    ),
    pytest.param("bang.doc", files.xls(), _not_real("bang.doc", "doc"), id="ole2-xls-named-doc"),
    pytest.param(
        "trong.doc",
        files.cfb({"1Table": b"", "Data": b""}),
        _not_real("trong.doc", "doc"),
        id="ole2-without-worddocument",
    ),
    pytest.param(
        "van-ban.xls", files.doc(), _not_real("van-ban.xls", "xls"), id="ole2-doc-named-xls"
    ),
]


def _stored(prefix: str) -> list[str]:
    """Every file under a folder of the storage, through the storage API (as on S3)."""
    try:
        folders, names = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    return [f"{prefix}/{n}" for n in names] + [
        name for folder in folders for name in _stored(f"{prefix}/{folder}")
    ]


def _record(client, item) -> dict:
    """What the page's script gets for a new record: where to send its files (each with the
    record's fields, until one is accepted and the record stored)."""
    return client.post(
        reverse("evidence:record_create", args=[item.pk]),
        RECORD,
        HTTP_ACCEPT="application/json",
    ).json()


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_evidence_upload_refuses_the_file_with_its_reason(
    client, officer, item_4_3, name, content, message
):
    client.force_login(officer)
    upload_url = _record(client, item_4_3)["upload_url"]
    # The page's script: one file per request, the reason shown beside the file.
    answer = client.post(
        upload_url,
        {**RECORD, "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 400 and answer.json()["error"] == message
    # Without JavaScript: the whole form at once, the reason as a message on the page.
    page = client.post(
        reverse("evidence:record_create", args=[item_4_3.pk]),
        {**RECORD, "files": [SimpleUploadedFile(name, content)]},
        follow=True,
    )
    assert message in page.content.decode()
    assert not EvidenceFile.objects.exists()
    assert not EvidenceRecord.objects.exists()  # a record with no accepted file is not kept
    assert _stored("evidence") == []


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_dvk_document_upload_refuses_the_file_with_its_reason(
    client, member, model, name, content, message
):
    client.force_login(member)
    response = client.post(
        reverse("dvk:model_upload", args=[model.pk]),
        {"kind": "plan", "title": "Kế hoạch", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ModelDocument.objects.exists()
    assert _stored("dvk") == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cu.doc", files.doc()),
        ("cu.xls", files.xls()),
        ("ke-hoach.docx", files.docx()),
        ("danh-sach.xlsx", files.xlsx()),
        ("van-ban.odt", files.odt()),
    ],
)
def test_macro_free_office_files_are_still_filed(client, officer, item_4_3, name, content):
    client.force_login(officer)
    answer = client.post(
        _record(client, item_4_3)["upload_url"],
        {**RECORD, "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 200, answer.json()
    stored = EvidenceFile.objects.get()
    assert _stored("evidence") == [stored.file.name]


# --- no stored file without its row -------------------------------------------------------


def _fail_on_save(monkeypatch, model_class, when=lambda kwargs: True):
    """The row's save raises, after the file was written to storage."""
    real = model_class.save

    def save(self, *args, **kwargs):
        if when(kwargs):
            raise DatabaseError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(model_class, "save", save)


def test_a_filed_evidence_whose_row_fails_leaves_no_file(client, officer, item_4_3, monkeypatch):
    client.force_login(officer)
    upload_url = _record(client, item_4_3)["upload_url"]
    written = []
    real_save = FileSystemStorage.save

    def save(self, *args, **kwargs):
        written.append(real_save(self, *args, **kwargs))
        return written[-1]

    monkeypatch.setattr(FileSystemStorage, "save", save)
    _fail_on_save(monkeypatch, EvidenceFile)
    with pytest.raises(DatabaseError):
        client.post(
            upload_url,
            {**RECORD, "file": SimpleUploadedFile("bao-cao.pdf", files.pdf())},
            HTTP_ACCEPT="application/json",
        )
    assert len(written) == 1  # the file did reach storage before the failure
    assert not EvidenceFile.objects.exists()
    assert not EvidenceRecord.objects.exists()
    assert _stored("evidence") == []


def test_a_replacement_whose_last_step_fails_leaves_no_file(client, officer, item_4_3, monkeypatch):
    client.force_login(officer)
    client.post(
        _record(client, item_4_3)["upload_url"],
        {**RECORD, "file": SimpleUploadedFile("bao-cao.pdf", files.pdf())},
        HTTP_ACCEPT="application/json",
    )
    old = EvidenceFile.objects.get()
    # Fails at the very end: marking the old file as replaced, after the new row was saved.
    _fail_on_save(monkeypatch, EvidenceFile, lambda kw: kw.get("update_fields") == ["replaced_by"])
    with pytest.raises(DatabaseError):
        client.post(
            reverse("evidence:file_replace", args=[old.pk]),
            {**RECORD, "file": SimpleUploadedFile("bao-cao-sua.pdf", files.pdf("ban sua"))},
        )
    assert list(EvidenceFile.objects.all()) == [old]
    assert _stored("evidence") == [old.file.name]


def test_a_dvk_document_whose_later_step_fails_leaves_no_file(client, member, model, monkeypatch):
    import models_dvk.services.lifecycle

    def broken(document):
        raise DatabaseError("lost connection")

    monkeypatch.setattr(models_dvk.services.lifecycle, "dossier_minutes_fill", broken)
    client.force_login(member)
    with pytest.raises(DatabaseError):
        client.post(
            reverse("dvk:model_upload", args=[model.pk]),
            {"kind": "plan", "file": SimpleUploadedFile("ke-hoach.pdf", files.pdf())},
        )
    assert not ModelDocument.objects.exists()
    assert _stored("dvk") == []


def test_an_enclosing_block_that_fails_takes_the_inner_blocks_files(officer, item_4_3):
    """The DVK dossier attaches a document inside its own transaction: if the dossier step
    fails after the document was stored, the document's file goes too."""
    from dvcq.storage import atomic_with_files
    from evidence.services import file_add, record_create

    record = record_create(
        assignment=item_4_3, user=officer, number="", issued_on=None, issuer="", summary="BC"
    )
    with pytest.raises(RuntimeError), atomic_with_files():
        file_add(record=record, upload=SimpleUploadedFile("a.pdf", files.pdf()), user=officer)
        assert len(_stored("evidence")) == 1
        raise RuntimeError("a later step")
    assert not EvidenceFile.objects.exists()
    assert _stored("evidence") == []


# --- temporary files and orphans ----------------------------------------------------------


def test_large_uploads_spool_into_the_projects_own_temporary_folder(
    client, officer, item_4_3, settings, tmp_path, monkeypatch
):
    from django.conf import settings as live

    from evidence import services

    # The default: a folder of the project, made at start-up, not the system's /tmp.
    assert Path(live.FILE_UPLOAD_TEMP_DIR).is_dir()
    assert Path(live.FILE_UPLOAD_TEMP_DIR).is_relative_to(Path(live.BASE_DIR) / "var")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    seen = []
    real = services._sha256
    monkeypatch.setattr(
        services,
        "_sha256",
        lambda upload: seen.append(Path(upload.temporary_file_path()).parent) or real(upload),
    )
    client.force_login(officer)
    client.post(
        _record(client, item_4_3)["upload_url"],
        {**RECORD, "file": SimpleUploadedFile("lon.pdf", files.pdf("x" * (3 * 1024 * 1024)))},
        HTTP_ACCEPT="application/json",
    )
    assert seen == [tmp_path / "uploads"]
    assert list((tmp_path / "uploads").iterdir()) == []  # deleted when the request ended


def _aged(path: Path, hours: float) -> Path:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


def test_clean_uploads_deletes_old_temporary_files_and_keeps_recent_ones(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    killed = folder / "tmpa1b2c3.upload.pdf"  # a worker killed mid-upload left it
    killed.write_bytes(b"%PDF-half")
    _aged(killed, 30)
    running = folder / "tmpd4e5f6.upload.docx"
    running.write_bytes(b"PK")
    foreign = folder / "notes.txt"  # not Django's: never touched
    foreign.write_text("x")
    _aged(foreign, 30)
    call_command("clean_uploads", stdout=open(os.devnull, "w"))
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "tmpd4e5f6.upload.docx"]


def test_clean_uploads_deletes_old_orphans_and_keeps_referenced_and_recent_files(
    client, officer, item_4_3, settings
):
    """Through the storage API only (an S3 bucket has no paths): an in-memory storage here."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        client.post(
            _record(client, item_4_3)["upload_url"],
            {**RECORD, "file": SimpleUploadedFile("bao-cao.pdf", files.pdf())},
            HTTP_ACCEPT="application/json",
        )
        filed = EvidenceFile.objects.get().file.name
        # A file whose row went away but whose history still names it is kept as well.
        old_version = EvidenceFile.objects.create(
            record=EvidenceFile.objects.get().record,
            file=default_storage.save("evidence/1/ban-cu.pdf", SimpleUploadedFile("x", b"%PDF")),
            original_name="ban-cu.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=4,
            sha256="0" * 64,
            uploaded_by=officer,
        )
        historic = old_version.file.name
        old_version.delete()
        orphan = default_storage.save("evidence/1/mo-coi.pdf", SimpleUploadedFile("x", b"%PDF"))
        dvk_orphan = default_storage.save("dvk/1/mo-coi.pdf", SimpleUploadedFile("x", b"%PDF"))
        elsewhere = default_storage.save(
            "report-templates/mau.docx", SimpleUploadedFile("x", b"PK")
        )

        clock.move_to(start + timedelta(hours=30))
        young = default_storage.save("evidence/1/dang-tai.pdf", SimpleUploadedFile("x", b"%PDF"))
        call_command("clean_uploads", stdout=open(os.devnull, "w"))

    left = set(_stored("evidence")) | set(_stored("dvk"))
    assert left == {filed, historic, young}
    assert orphan not in left and dvk_orphan not in left
    assert default_storage.exists(elsewhere)  # outside the upload folders: not its business


def test_clean_uploads_refuses_a_window_that_could_catch_an_upload_in_flight():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("clean_uploads", "--hours", "0")
