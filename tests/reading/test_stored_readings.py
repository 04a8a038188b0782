"""Each stored evidence file is read in the background; a reading never fails an upload."""

import pytest
from django.core.management import call_command

from dvcq.reading.models import FileReading, ReadingStatus, SearchDocument
from evidence.models import EvidenceFile, EvidenceRecord
from tests.evidence import files
from tests.reading.conftest import file_record, upload

pytestmark = pytest.mark.django_db


def test_a_filed_file_is_read_after_the_upload_and_its_text_kept(
    client, officer, item_4_3, reader, run_jobs
):
    client.force_login(officer)
    with run_jobs() as callbacks:
        response = file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
        # The upload answered before anything was read: the job waits for the commit.
        assert reader.calls == [] and response.status_code == 200
        assert FileReading.objects.get().status == ReadingStatus.WAITING
    assert len(callbacks) == 1 and reader.calls == ["ke-hoach.pdf"]
    reading = FileReading.objects.get()
    assert reading.status == ReadingStatus.DONE
    assert reading.text.startswith("ỦY BAN NHÂN DÂN") and reading.pages == reading.pages_done == 2
    assert (reading.number, reading.kind, f"{reading.issued_on:%d/%m/%Y}") == (
        "45/KH-UBND",
        "Kế hoạch",
        "12/03/2025",
    )
    # The second page starts after the first page's text and the line break joining them.
    assert reading.page_starts == [0, reading.text.index("Tuyên truyền")]
    assert reading.started_at and reading.finished_at


def test_the_record_page_shows_each_files_reading(client, officer, item_4_3, reader, run_jobs):
    client.force_login(officer)
    file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    record = EvidenceRecord.objects.get()
    waiting = client.get(f"/minh-chung/tai-lieu/{record.pk}/").text
    assert "Chờ đọc nội dung tệp." in waiting and "data-reading-pending" in waiting
    with run_jobs():
        FileReading.objects.update(status=ReadingStatus.WAITING)
        from dvcq.reading.services import _enqueue_file

        _enqueue_file(FileReading.objects.get().pk, False)
    page = client.get(f"/minh-chung/tai-lieu/{record.pk}/").text
    assert "Đã đọc nội dung tệp (2 trang)." in page and "data-reading-pending" not in page
    assert "Xem nội dung đọc được" in page and "Đảng ủy xã chỉ đạo" in page


def test_a_file_that_cannot_be_read_says_why_and_is_still_filed(
    client, officer, item_4_3, reader, run_jobs
):
    client.force_login(officer)
    with run_jobs():
        file_record(client, item_4_3, upload("anh.png", files.png()))
    assert EvidenceFile.objects.count() == 1
    reading = FileReading.objects.get()
    assert reading.status == ReadingStatus.FAILED
    page = client.get(f"/minh-chung/tai-lieu/{reading.file.record_id}/").text
    assert "Không đọc được nội dung tệp: Tệp không có chữ nào đọc được." in page


def test_a_reader_that_breaks_is_a_note_not_an_error(
    client, officer, item_4_3, reader, run_jobs, caplog
):
    reader.fail_with = RuntimeError("pdfium crashed")
    client.force_login(officer)
    with run_jobs():
        response = file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    assert "Đã lưu “ke-hoach.pdf”" in response.text
    reading = FileReading.objects.get()
    assert reading.status == ReadingStatus.FAILED and "lỗi khi đọc tệp" in reading.note
    assert "pdfium crashed" not in reading.note  # the details go to the log only
    assert "Reading file" in caplog.text


def test_the_reading_state_is_answered_as_json_for_the_page_to_follow(
    client, officer, item_4_3, reader
):
    client.force_login(officer)
    file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    record = EvidenceRecord.objects.get()
    answer = client.get(f"/minh-chung/tai-lieu/{record.pk}/noi-dung-tep/").json()
    assert answer["files"] == [
        {
            "file": EvidenceFile.objects.get().pk,
            "status": "waiting",
            "finished": False,
            "message": "Chờ đọc nội dung tệp.",
            "pages": 0,
            "pages_done": 0,
        }
    ]


def test_the_same_bytes_are_read_once(client, compiler, item_4_3, ba_thanh_round, reader, run_jobs):
    client.force_login(compiler)
    other = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    with run_jobs():
        file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    with run_jobs():
        file_record(client, other, upload("ban-sao.pdf", files.pdf("ke hoach")), number="46/KH")
    assert reader.calls == ["ke-hoach.pdf"]
    first, second = FileReading.objects.order_by("file__pk")
    assert second.status == ReadingStatus.DONE and second.text == first.text
    assert second.copied_from == f"tệp #{first.file_id}"


def test_a_replacing_file_is_read_and_the_old_text_leaves_the_search(
    client, officer, item_4_3, reader, run_jobs
):
    from dvcq.reading.reader import DocumentReading

    reader.answers[b"v2"] = DocumentReading(text="Báo cáo sơ kết sáu tháng", pages=1)
    client.force_login(officer)
    with run_jobs():
        file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    old = EvidenceFile.objects.get()
    with run_jobs():
        client.post(f"/minh-chung/tep/{old.pk}/thay/", {"file": upload("v2.pdf", files.pdf("v2"))})
    new = EvidenceFile.objects.get(replaced_by__isnull=True)
    assert new.reading.text == "Báo cáo sơ kết sáu tháng"
    found = client.get("/tim-kiem/", {"q": "so ket"})
    assert found.context["page"].paginator.count == 1
    assert client.get("/tim-kiem/", {"q": "Đảng ủy chỉ đạo"}).context["page"].paginator.count == 0


def test_read_evidence_queues_the_missing_files_or_all(
    client, officer, item_4_3, reader, run_jobs, capsys
):
    client.force_login(officer)
    file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    # A file filed before files were read, its record before the search existed
    FileReading.objects.all().delete()
    SearchDocument.objects.all().delete()
    with run_jobs():
        call_command("read_evidence", "--missing")
    out = capsys.readouterr().out
    assert "Đã đưa 1 tài liệu chưa có vào chỉ mục tìm kiếm." in out
    assert "Đã đưa 1 tệp vào hàng đợi đọc." in out
    assert client.get("/tim-kiem/", {"q": "dang uy"}).context["page"].paginator.count == 1
    assert FileReading.objects.get().status == ReadingStatus.DONE
    with run_jobs():
        call_command("read_evidence", "--missing")
    assert "Đã đưa 0 tệp" in capsys.readouterr().out
    with run_jobs():
        call_command("read_evidence", "--all")
    # --all reads again (never copies an old reading of the same bytes).
    assert reader.calls == ["ke-hoach.pdf", "ke-hoach.pdf"]
    with pytest.raises(Exception, match="--missing"):
        call_command("read_evidence")


def test_the_admin_lists_readings_and_reads_chosen_files_again(
    client, officer, item_4_3, admin_user, reader, run_jobs
):
    client.force_login(officer)
    with run_jobs():
        file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    reading = FileReading.objects.get()
    client.force_login(admin_user)
    assert "ke-hoach.pdf" in client.get("/quan-tri/reading/filereading/").text
    page = client.get(f"/quan-tri/reading/filereading/{reading.pk}/change/")
    assert page.status_code == 200 and "45/KH-UBND" in page.text
    # Read-only: what the job wrote is not edited here.
    client.post(f"/quan-tri/reading/filereading/{reading.pk}/change/", {"number": "1/X"})
    reading.refresh_from_db()
    assert reading.number == "45/KH-UBND"
    with run_jobs():
        response = client.post(
            "/quan-tri/reading/filereading/",
            {"action": "read_again", "_selected_action": [reading.pk]},
            follow=True,
        )
    assert "Đã xếp 1 tệp vào hàng đợi đọc lại." in response.text
    assert reader.calls == ["ke-hoach.pdf", "ke-hoach.pdf"]
