"""A file dropped on the new-record form is read before the record exists: its sender alone
follows the reading, hostile files are refused as an upload is, nothing of the record is
saved, and the record saved with the same file reuses the reading."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dvcq.org.models import Role
from dvcq.reading.models import FileReading, ReadingStatus, StagedReading
from dvcq.reading.services import staged_readings_expire
from evidence.models import EvidenceRecord
from tests.evidence import files
from tests.factories import UserFactory
from tests.reading.conftest import file_record, upload

pytestmark = pytest.mark.django_db


def _stage(client, item, name="ke-hoach.pdf", content=None):
    return client.post(
        f"/minh-chung/noi-dung/{item.pk}/doc-tep/",
        {"file": upload(name, files.pdf("ke hoach") if content is None else content)},
    )


def test_the_officer_gets_the_fields_to_fill_and_nothing_is_saved(
    client, officer, item_4_3, reader, run_jobs, settings
):
    client.force_login(officer)
    with run_jobs():
        started = _stage(client, item_4_3)
    assert started.status_code == 201 and started.json()["status"] == "waiting"
    answer = client.get(started.json()["url"]).json()
    assert answer["status"] == "done" and answer["finished"]
    assert answer["fields"] == {
        "kind": "Kế hoạch",
        "number": "45/KH-UBND",
        "issued_on": "12/03/2025",  # as the form's dd/mm/yyyy date field takes it
        "issuer": "UBND xã Ba Thành",
        "summary": "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2025",
    }
    assert answer["message"] == "Đã đọc nội dung tệp (2 trang)."
    assert not EvidenceRecord.objects.exists()
    # Once read, the file is deleted; the text stays until the row expires.
    staged = StagedReading.objects.get()
    assert not staged.upload
    assert not [p for p in (settings.MEDIA_ROOT / "evidence").rglob("*") if p.is_file()]


def test_the_item_the_file_is_about_is_suggested(
    client, officer, item_4_3, ba_thanh_round, reader, run_jobs
):
    client.force_login(officer)
    other = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    with run_jobs():
        started = _stage(client, other)  # filed from another item's page of the officer
    suggestions = client.get(started.json()["url"]).json()["suggestions"]
    assert suggestions[0]["code"] == "4.3" and suggestions[0]["assignment"] == item_4_3.pk
    assert "tuyên truyền" in " ".join(suggestions[0]["words"])
    assert suggestions[0]["may_link"] is True and suggestions[0]["current"] is False


def test_the_record_saved_with_the_same_file_reuses_the_reading_and_the_ticked_items(
    client, officer, item_4_3, ba_thanh_round, reader, run_jobs
):
    client.force_login(officer)
    with run_jobs():
        started = _stage(client, item_4_3).json()
    mine = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    not_mine = ba_thanh_round.assignments.get(item__criterion__number=5, item__number=1)
    linked = client.post(started["links_url"], {"assignments": [mine.pk, not_mine.pk]})
    # Only items the officer files for can be ticked.
    assert linked.json() == {"link_to": [mine.pk]}
    with run_jobs():
        file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    assert reader.calls == ["ke-hoach.pdf"]  # read once, on the form
    reading = FileReading.objects.get()
    assert reading.status == ReadingStatus.DONE and reading.copied_from.startswith("bản đọc")
    record = EvidenceRecord.objects.get()
    assert set(record.assignments.all()) == {item_4_3, mine}


def test_the_staged_reading_is_its_senders_alone(
    client, officer, item_4_3, ba_thanh, reader, run_jobs
):
    client.force_login(officer)
    started = _stage(client, item_4_3).json()
    colleague = UserFactory(unit=ba_thanh, roles=[Role.COMPILER])
    client.force_login(colleague)
    assert client.get(started["url"]).status_code == 404
    assert client.post(started["links_url"], {"assignments": [item_4_3.pk]}).status_code == 404
    client.logout()
    response = client.get(started["url"])
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_another_commune_gets_404_and_a_reviewer_cannot_stage(
    client, item_4_3, an_phu, reviewer, reader
):
    client.force_login(UserFactory(unit=an_phu, roles=[Role.OFFICER, Role.COMPILER]))
    assert _stage(client, item_4_3).status_code == 404
    client.force_login(reviewer)  # sees the commune's items, files nothing
    assert _stage(client, item_4_3).status_code == 403
    assert not StagedReading.objects.exists()


def test_an_officer_stages_only_for_the_items_they_file_for(
    client, officer, ba_thanh_round, reader
):
    client.force_login(officer)
    not_mine = ba_thanh_round.assignments.get(item__criterion__number=5, item__number=1)
    assert _stage(client, not_mine).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, item_4_3):
    response = _stage(client, item_4_3)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không phải là tệp .pdf thật"),
        ("macro.docm", files.docm(), "chứa macro"),
        ("an-macro.docx", files.docm(), "chứa macro"),
        ("bom.docx", files.zip_bomb(), "tệp nén bất thường"),
        ("chuong-trinh.exe", b"MZ\x90\x00", "không được nhận"),
        ("rong.pdf", b"", "tệp rỗng"),
    ],
)
def test_hostile_files_are_refused_as_an_upload_is(
    client, officer, item_4_3, reader, name, content, message
):
    client.force_login(officer)
    response = _stage(client, item_4_3, name, content)
    assert response.status_code == 400 and message in response.json()["error"]
    assert not StagedReading.objects.exists() and reader.calls == []


def test_a_file_over_the_size_limit_is_refused(client, officer, item_4_3, reader, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100
    client.force_login(officer)
    response = _stage(client, item_4_3, "lon.pdf", files.pdf("x" * 200))
    assert response.status_code == 400 and "vượt giới hạn" in response.json()["error"]


def test_one_file_at_a_time(client, officer, item_4_3, reader):
    client.force_login(officer)
    response = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/doc-tep/",
        {"file": [upload("a.pdf", files.pdf("a")), upload("b.pdf", files.pdf("b"))]},
    )
    assert response.status_code == 400


def test_staged_readings_expire_with_their_files(client, officer, item_4_3, reader, settings):
    client.force_login(officer)
    _stage(client, item_4_3)  # not read: the job never ran
    staged = StagedReading.objects.get()
    assert staged.upload and (settings.MEDIA_ROOT / staged.upload.name).exists()
    assert staged_readings_expire() == 0
    assert staged_readings_expire(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not StagedReading.objects.exists()
    assert not (settings.MEDIA_ROOT / staged.upload.name).exists()


def test_an_expired_staged_reading_is_no_longer_answered(client, officer, item_4_3, reader):
    client.force_login(officer)
    started = _stage(client, item_4_3).json()
    StagedReading.objects.update(expires_at=timezone.now())
    assert client.get(started["url"]).status_code == 404
