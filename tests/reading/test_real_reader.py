"""End to end with the real reader (dvcq.reading.reader): a Word plan with the decree's header
is read on the form, filed, read again from the stored file's staged reading, and found."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvcq.reading.models import FileReading, ReadingStatus
from evidence.models import EvidenceRecord
from tests.reading.documents import SUMMARY, plan_docx

pytestmark = pytest.mark.django_db


def test_a_word_plan_fills_the_form_is_filed_and_found(
    client, officer, item_4_3, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    # One file, dropped on the form then filed: python-docx stamps a new file with the time
    # of day, so two calls a second apart would be different bytes.
    data = plan_docx()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/minh-chung/noi-dung/{item_4_3.pk}/doc-tep/",
            {"file": SimpleUploadedFile("ke-hoach.docx", data)},
        ).json()
    answer = client.get(started["url"]).json()
    assert answer["status"] == "done", answer["message"]
    assert answer["fields"] == {
        "kind": "Kế hoạch",
        "number": "45/KH-UBND",
        "issued_on": "12/03/2025",
        "issuer": "UBND xã Ba Thành",
        "summary": SUMMARY,
    }
    assert answer["suggestions"] == [] or answer["suggestions"][0]["current"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
            {**answer["fields"], "files": [SimpleUploadedFile("ke-hoach.docx", data)]},
        )
    record = EvidenceRecord.objects.get()
    assert (record.kind, record.number, record.issuer) == (
        "Kế hoạch",
        "45/KH-UBND",
        "UBND xã Ba Thành",
    )
    reading = FileReading.objects.get()
    assert reading.status == ReadingStatus.DONE and reading.copied_from.startswith("bản đọc")
    assert "Đảng ủy xã chỉ đạo các chi bộ" in reading.text

    found = client.get("/tim-kiem/", {"q": "dang uy chi dao"})
    assert [hit.record for hit in found.context["hits"]] == [record]
    assert (
        "ke-hoach.docx" in found.text
        and "<mark>Đảng ủy</mark> xã <mark>chỉ đạo</mark>" in found.text
    )
    assert [h.record for h in client.get("/tim-kiem/", {"q": "tuyen truyen"}).context["hits"]] == [
        record
    ]
