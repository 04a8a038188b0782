import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvcq.org.models import Role
from evidence.models import EvidenceFile, EvidenceRecord, ItemStatus
from evidence.selectors import item_statuses
from tests.evidence import files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RECORD = {
    "number": "269/BC-UBND",
    "issued_on": "2025-10-23",
    "issuer": "UBND xã Ba Thành",
    "summary": "Báo cáo tự chấm điểm công tác dân vận chính quyền năm 2025",
}


def _file(name, content):
    return SimpleUploadedFile(name, content)


def _file_record(client, item, *uploads, **fields):
    return client.post(
        f"/minh-chung/noi-dung/{item.pk}/them/",
        {**RECORD, **fields, "files": list(uploads)},
        follow=True,
    )


def test_officer_files_a_record_with_two_files_and_the_status_moves(client, officer, item_4_3):
    client.force_login(officer)
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.NONE
    response = _file_record(
        client, item_4_3, _file("bao-cao.pdf", files.pdf()), _file("anh-trang-1.jpg", files.jpeg())
    )
    record = EvidenceRecord.objects.get()
    assert record.number == "269/BC-UBND" and list(record.assignments.all()) == [item_4_3]
    stored = list(record.files.order_by("original_name"))
    assert [f.original_name for f in stored] == ["anh-trang-1.jpg", "bao-cao.pdf"]
    assert stored[1].sha256 == hashlib.sha256(files.pdf()).hexdigest()
    # The stored name is generated: nothing of the user's file name reaches the storage path.
    assert "bao-cao" not in stored[1].file.name and stored[1].file.name.endswith(".pdf")
    assert "Đã lưu “bao-cao.pdf”" in response.text
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.SUBMITTED


def test_a_refused_file_is_named_and_the_good_ones_are_kept(client, officer, item_4_3):
    client.force_login(officer)
    response = _file_record(
        client, item_4_3, _file("bao-cao.pdf", files.pdf()), _file("gia-mao.pdf", b"<html>x</html>")
    )
    assert "“gia-mao.pdf”: nội dung tệp không phải là tệp .pdf thật" in response.text
    assert [f.original_name for f in EvidenceFile.objects.all()] == ["bao-cao.pdf"]


def test_per_file_limit_is_a_setting(client, officer, item_4_3, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100
    client.force_login(officer)
    response = _file_record(client, item_4_3, _file("lon.pdf", files.pdf("x" * 200)))
    assert "“lon.pdf”: tệp lớn" in response.text and "vượt giới hạn" in response.text
    assert not EvidenceFile.objects.exists()


def test_the_same_file_twice_in_a_round_is_stored_once(
    client, officer, item_4_3, ba_thanh_round, settings
):
    client.force_login(UserFactory(unit=item_4_3.round.unit, roles=[Role.COMPILER]))
    other_item = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=1)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    response = _file_record(
        client, other_item, _file("ban-sao.pdf", files.pdf()), number="05/QĐ-UBND"
    )
    first, second = EvidenceFile.objects.order_by("pk")
    # The new record holds the file; the bytes are stored once and shared.
    assert second.record.number == "05/QĐ-UBND" and second.original_name == "ban-sao.pdf"
    assert first.file.name == second.file.name
    assert sum(1 for p in (settings.MEDIA_ROOT / "evidence").rglob("*") if p.is_file()) == 1
    # Neither record was attached to the other's item.
    assert list(first.record.assignments.all()) == [item_4_3]
    assert list(second.record.assignments.all()) == [other_item]
    assert "dùng lại bản đã lưu" in response.text


def test_json_upload_path_answers_per_file(client, officer, item_4_3):
    client.force_login(officer)
    created = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/", RECORD, HTTP_ACCEPT="application/json"
    ).json()
    # Until a file is accepted, each file travels with the record's fields.
    ok = client.post(
        created["upload_url"],
        {**RECORD, "file": _file("bao-cao.pdf", files.pdf())},
        HTTP_ACCEPT="application/json",
    )
    assert ok.status_code == 200 and "Đã lưu" in ok.json()["message"]
    bad = client.post(
        ok.json()["upload_url"], {"file": _file("x.exe", b"MZ")}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400 and "“x.exe”" in bad.json()["error"]


def test_the_page_the_script_opens_after_its_uploads_says_what_was_stored(
    client, officer, item_4_3
):
    """As the form's own post would: the item page, with one line per stored file."""
    client.force_login(officer)
    created = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/", RECORD, HTTP_ACCEPT="application/json"
    ).json()
    first = client.post(
        created["upload_url"],
        {**RECORD, "file": _file("bao-cao.pdf", files.pdf())},
        HTTP_ACCEPT="application/json",
    ).json()
    client.post(
        first["upload_url"],
        {"file": _file("anh.jpg", files.jpeg())},
        HTTP_ACCEPT="application/json",
    )
    page = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/")
    assert f'data-done-url="/minh-chung/noi-dung/{item_4_3.pk}/"' in page.text
    assert [str(m) for m in page.context["messages"]] == [
        "Đã lưu “bao-cao.pdf”.",
        "Đã lưu “anh.jpg”.",
    ]


def test_a_record_needs_its_summary(client, officer, item_4_3):
    client.force_login(officer)
    response = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {**RECORD, "summary": ""},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and "summary" in response.json()["errors"]


def test_download_streams_the_exact_bytes_and_previews_pdfs_inline(client, officer, item_4_3):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("Báo cáo số 269.pdf", files.pdf()))
    stored = EvidenceFile.objects.get()
    response = client.get(f"/minh-chung/tep/{stored.pk}/")
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]  # the Vietnamese name is kept
    inline = client.get(f"/minh-chung/tep/{stored.pk}/?inline=1")
    assert (
        inline["Content-Disposition"].startswith("inline;")
        and inline["Content-Type"] == "application/pdf"
    )


def test_replacing_a_file_keeps_the_old_one_as_a_revision(client, officer, item_4_3):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf("v1")))
    old = EvidenceFile.objects.get()
    client.post(
        f"/minh-chung/tep/{old.pk}/thay/", {"file": _file("bao-cao-v2.pdf", files.pdf("v2"))}
    )
    old.refresh_from_db()
    assert old.replaced_by.original_name == "bao-cao-v2.pdf"
    assert b"".join(client.get(f"/minh-chung/tep/{old.pk}/").streaming_content) == files.pdf("v1")


def test_soft_delete_and_restore_by_the_compiler(client, officer, item_4_3, ba_thanh):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    record = EvidenceRecord.objects.get()
    client.post(f"/minh-chung/tai-lieu/{record.pk}/xoa/")
    record.refresh_from_db()
    assert record.deleted_at is not None and EvidenceFile.objects.count() == 1
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.NONE
    assert client.post(f"/minh-chung/tai-lieu/{record.pk}/khoi-phuc/").status_code == 403
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.COMPILER]))
    client.post(f"/minh-chung/tai-lieu/{record.pk}/khoi-phuc/")
    record.refresh_from_db()
    assert record.deleted_at is None
    history = client.get(f"/minh-chung/tai-lieu/{record.pk}/").context["history"]
    assert [h.history_user.username for h in history][:2][-1] == "bathanh.canbo"


def test_compiler_asks_for_more_and_the_officer_sees_it(client, officer, item_4_3, ba_thanh):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.COMPILER]))
    refused = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/",
        {"status": "needs_more", "comment": ""},
        follow=True,
    )
    assert "Ghi rõ cần bổ sung gì" in refused.text
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/",
        {"status": "needs_more", "comment": "Thiếu bản có dấu đỏ"},
    )
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.NEEDS_MORE
    client.force_login(officer)
    assert "Thiếu bản có dấu đỏ" in client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text
    home = client.get("/")
    task = next(t for t in home.context["tasks"] if t.assignment.pk == item_4_3.pk)
    assert task.evidence_status == ItemStatus.NEEDS_MORE
    assert "Cần bổ sung: Thiếu bản có dấu đỏ" in home.text
    # A new upload after the request puts the item back to "đã nộp".
    _file_record(client, item_4_3, _file("ban-dau-do.pdf", files.pdf("dau do")))
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.SUBMITTED


def test_a_document_dated_outside_the_year_is_flagged(client, officer, item_4_3):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("cu.pdf", files.pdf()), issued_on="2021-11-26")
    assert "ngoài năm đánh giá 2025" in client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text


def test_item_page_query_count_is_fixed(client, officer, item_4_3, django_assert_max_num_queries):
    client.force_login(officer)
    for n in range(5):
        _file_record(client, item_4_3, _file(f"f{n}.pdf", files.pdf(str(n))))
    with django_assert_max_num_queries(22):
        client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/")


def test_large_uploads_stream_through_a_temporary_file(client, officer, item_4_3, monkeypatch):
    """Above the memory threshold Django spools to disk; hashing and storing read in chunks."""
    from evidence import services

    seen = []
    real = services._sha256

    def spy(upload):
        seen.append(type(upload).__name__)
        return real(upload)

    monkeypatch.setattr(services, "_sha256", spy)
    big = files.pdf("x" * (3 * 1024 * 1024))
    client.force_login(officer)
    _file_record(client, item_4_3, _file("lon.pdf", big))
    assert seen == ["TemporaryUploadedFile"]
    stored = EvidenceFile.objects.get()
    assert stored.size == len(big) and stored.sha256 == hashlib.sha256(big).hexdigest()


def test_evidence_goes_through_the_configured_storage(client, officer, item_4_3, settings):
    """Local disk by default; any Django storage (S3 via django-storages) by setting."""
    from django.core.files.storage import InMemoryStorage, storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    storages._storages = {}
    try:
        client.force_login(officer)
        _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
        stored = EvidenceFile.objects.get()
        assert isinstance(stored.file.storage, InMemoryStorage)
        assert (
            b"".join(client.get(f"/minh-chung/tep/{stored.pk}/").streaming_content) == files.pdf()
        )
    finally:
        storages._storages = {}


def test_compiler_links_a_record_to_more_items_and_officers_only_to_their_own(
    client, officer, item_4_3, ba_thanh_round, compiler
):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    record = EvidenceRecord.objects.get()
    other = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    # Not an item of the officer's positions: refused, even beside one of theirs.
    not_mine = ba_thanh_round.assignments.get(item__criterion__number=5, item__number=1)
    assert (
        client.post(
            f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": [other.pk, not_mine.pk]}
        ).status_code
        == 403
    )
    assert list(record.assignments.all()) == [item_4_3]
    client.force_login(compiler)
    client.post(f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": [other.pk]})
    assert set(record.assignments.all()) == {item_4_3, other}
    assert item_statuses([other.pk])[other.pk] == ItemStatus.SUBMITTED
    assert EvidenceFile.objects.count() == 1


def test_accepted_needs_evidence_and_falls_back_when_it_is_deleted(
    client, officer, item_4_3, compiler
):
    client.force_login(compiler)
    refused = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/", {"status": "accepted"}, follow=True
    )
    assert "chưa có minh chứng nào" in refused.text
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    client.force_login(compiler)
    client.post(f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/", {"status": "accepted"})
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.ACCEPTED
    client.post(f"/minh-chung/tai-lieu/{EvidenceRecord.objects.get().pk}/xoa/")
    assert item_statuses([item_4_3.pk])[item_4_3.pk] == ItemStatus.NONE


def test_a_file_without_extension_gets_a_clear_reason(client, officer, item_4_3):
    client.force_login(officer)
    response = _file_record(client, item_4_3, _file("baocao", files.pdf()))
    assert "“baocao”: tên tệp không có phần mở rộng" in response.text


def test_a_record_can_be_corrected_and_unlinked_from_an_item(
    client, officer, item_4_3, ba_thanh_round, compiler
):
    client.force_login(officer)
    _file_record(client, item_4_3, _file("bao-cao.pdf", files.pdf()))
    record = EvidenceRecord.objects.get()
    client.post(
        f"/minh-chung/tai-lieu/{record.pk}/sua/",
        {"number": "270/BC-UBND", "summary": "Báo cáo đã sửa"},
    )
    record.refresh_from_db()
    assert record.number == "270/BC-UBND" and record.summary == "Báo cáo đã sửa"
    assert record.history.count() >= 2
    other = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    client.force_login(compiler)
    refused = client.post(f"/minh-chung/tai-lieu/{record.pk}/bo/{item_4_3.pk}/", follow=True)
    assert "chỉ còn là minh chứng cho nội dung này" in refused.text
    client.post(f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": [other.pk]})
    client.post(f"/minh-chung/tai-lieu/{record.pk}/bo/{item_4_3.pk}/")
    assert list(record.assignments.all()) == [other]
    client.force_login(officer)
    assert client.post(f"/minh-chung/tai-lieu/{record.pk}/bo/{other.pk}/").status_code == 403
