"""A record's kind (tên loại: Kế hoạch, Báo cáo…): typed on the form, shown on the record,
corrected like its other fields, kept in its history, in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceRecord
from tests.evidence import files

pytestmark = pytest.mark.django_db

RECORD = {
    "kind": "Kế hoạch",
    "number": "12/KH-UBND",
    "issued_on": "02/03/2025",
    "issuer": "UBND xã Ba Thành",
    "summary": "Tuyên truyền mô hình Dân vận khéo",
}


def test_the_kind_is_filed_shown_corrected_and_kept_in_history(client, officer, item_4_3):
    client.force_login(officer)
    form = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text
    assert 'name="kind"' in form and "Tên loại" in form
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {**RECORD, "files": [SimpleUploadedFile("kh.pdf", files.pdf())]},
    )
    record = EvidenceRecord.objects.get()
    assert record.kind == "Kế hoạch"
    page = client.get(f"/minh-chung/tai-lieu/{record.pk}/").text
    assert "Kế hoạch 12/KH-UBND" in page
    client.post(f"/minh-chung/tai-lieu/{record.pk}/sua/", {**RECORD, "kind": "Báo cáo"})
    record.refresh_from_db()
    assert record.kind == "Báo cáo"
    assert [h.kind for h in record.history.order_by("history_date")] == ["Kế hoạch", "Báo cáo"]


def test_the_kind_may_stay_empty_and_travels_with_the_scripts_fields(client, officer, item_4_3):
    client.force_login(officer)
    checked = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {**RECORD, "kind": ""},
        HTTP_ACCEPT="application/json",
    )
    assert checked.status_code == 200
    client.post(
        checked.json()["upload_url"],
        {**RECORD, "kind": "Quyết định", "file": SimpleUploadedFile("qd.pdf", files.pdf())},
        HTTP_ACCEPT="application/json",
    )
    assert EvidenceRecord.objects.get().kind == "Quyết định"


def test_the_admin_corrects_the_kind(client, admin_user, compiler, item_4_3):
    from evidence import services

    record = services.record_create(
        assignment=item_4_3, user=compiler, **{**RECORD, "issued_on": None}
    )
    client.force_login(admin_user)
    url = f"/quan-tri/evidence/evidencerecord/{record.pk}/change/"
    assert 'name="kind"' in client.get(url).text
    client.post(
        url,
        {
            **RECORD,
            "issued_on": "",
            "kind": "Tờ trình",
            "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "0",
        },
    )
    record.refresh_from_db()
    assert record.kind == "Tờ trình"
    assert record.search_document.body.startswith("Tờ trình")
