"""Refused input leaves nothing behind and keeps what the person typed, errors beside fields."""

import re
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceFile, EvidenceRecord, ItemReview
from tests.evidence import files

pytestmark = pytest.mark.django_db
RECORD = {
    "number": "45/KH-UBND",
    "issued_on": "12/03/2026",
    "issuer": "UBND xã Ba Thành",
    "summary": "Kế hoạch tuyên truyền pháp luật năm 2026",
}
TODAY = date(2026, 10, 20)


def _post(client, item, *uploads, **fields):
    return client.post(
        f"/minh-chung/noi-dung/{item.pk}/them/", {**RECORD, **fields, "files": list(uploads)}
    )


def _error_beside(html: str, field: str) -> str:
    """The text of the error crispy-forms prints under the field named `field`."""
    start = html.index(f'name="{field}"')
    feedback = html.index("invalid-feedback", start)
    return html[feedback : html.index("</div>", feedback)]


@time_machine.travel(TODAY)
def test_a_document_issued_in_the_future_is_refused_beside_its_date(client, officer, item_4_3):
    client.force_login(officer)
    response = _post(
        client, item_4_3, SimpleUploadedFile("kh.pdf", files.pdf()), issued_on="21/10/2026"
    )
    assert response.status_code == 400
    assert "Ngày ban hành 21/10/2026 chưa tới (hôm nay là 20/10/2026)" in _error_beside(
        response.text, "issued_on"
    )
    # What was typed is still there; the browser cannot keep the file, and the page says so.
    assert 'value="45/KH-UBND"' in response.text and 'value="21/10/2026"' in response.text
    assert "Sửa các ô báo lỗi rồi chọn lại tệp." in response.text
    assert not EvidenceRecord.objects.exists() and not EvidenceFile.objects.exists()


@time_machine.travel(TODAY)
def test_a_document_issued_today_is_accepted(client, officer, item_4_3):
    client.force_login(officer)
    _post(client, item_4_3, SimpleUploadedFile("kh.pdf", files.pdf()), issued_on="20/10/2026")
    assert EvidenceRecord.objects.get().issued_on == TODAY


@time_machine.travel(TODAY)
def test_a_record_whose_every_file_is_refused_is_not_stored(client, officer, item_4_3):
    client.force_login(officer)
    response = _post(
        client,
        item_4_3,
        SimpleUploadedFile("gia-mao.pdf", b"<html>x</html>"),
        SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00"),
    )
    assert response.status_code == 400
    assert "“gia-mao.pdf”: nội dung tệp không phải là tệp .pdf thật" in response.text
    assert "Không tệp nào được nhận nên tài liệu chưa được lưu" in response.text
    assert 'value="45/KH-UBND"' in response.text
    assert not EvidenceRecord.objects.exists()
    # Nothing is counted in the overview either.
    overview = client.get(f"/minh-chung/ky/{item_4_3.round_id}/")
    assert "(chưa có số)" not in overview.text


@time_machine.travel(TODAY)
def test_a_record_without_any_file_is_refused_beside_the_files(client, officer, item_4_3):
    client.force_login(officer)
    response = _post(client, item_4_3)
    assert response.status_code == 400
    assert "Chọn ít nhất một tệp cho tài liệu minh chứng." in response.text
    assert not EvidenceRecord.objects.exists()


@time_machine.travel(TODAY)
def test_the_script_path_stores_the_record_with_its_first_accepted_file(client, officer, item_4_3):
    client.force_login(officer)
    json = {"HTTP_ACCEPT": "application/json"}
    asked = client.post(f"/minh-chung/noi-dung/{item_4_3.pk}/them/", RECORD, **json)
    assert asked.status_code == 200 and not EvidenceRecord.objects.exists()
    draft_url = asked.json()["upload_url"]
    refused = client.post(
        draft_url, {**RECORD, "file": SimpleUploadedFile("x.pdf", b"<html>")}, **json
    )
    assert refused.status_code == 400 and "x.pdf" in refused.json()["error"]
    assert not EvidenceRecord.objects.exists()
    accepted = client.post(
        draft_url, {**RECORD, "file": SimpleUploadedFile("kh.pdf", files.pdf())}, **json
    )
    assert accepted.status_code == 200
    record = EvidenceRecord.objects.get()
    assert record.number == "45/KH-UBND" and record.issued_on == date(2026, 3, 12)
    # The remaining files go to the record itself.
    assert accepted.json()["upload_url"] == f"/minh-chung/tai-lieu/{record.pk}/tep/"
    client.post(
        accepted.json()["upload_url"],
        {"file": SimpleUploadedFile("anh.png", files.png())},
        **json,
    )
    assert sorted(record.files.values_list("original_name", flat=True)) == ["anh.png", "kh.pdf"]


@time_machine.travel(TODAY)
def test_the_script_path_refuses_a_future_date_before_any_file_is_sent(client, officer, item_4_3):
    client.force_login(officer)
    asked = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {**RECORD, "issued_on": "01/01/2027"},
        HTTP_ACCEPT="application/json",
    )
    assert asked.status_code == 400
    assert "chưa tới" in asked.json()["errors"]["issued_on"][0]


def test_a_refused_verdict_keeps_its_choice_and_names_the_comment(
    client, compiler, officer, item_4_3
):
    client.force_login(officer)
    _post(client, item_4_3, SimpleUploadedFile("kh.pdf", files.pdf()))
    client.force_login(compiler)
    response = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/xem-xet/", {"status": "needs_more", "comment": " "}
    )
    assert response.status_code == 400
    assert "Ghi rõ cần bổ sung gì để cán bộ biết." in _error_beside(response.text, "comment")
    # The radio choice stays as the compiler left it.
    assert re.search(r'value="needs_more"[^>]*\bchecked', response.text)
    assert not re.search(r'value="accepted"[^>]*\bchecked', response.text)
    assert not ItemReview.objects.exists()


@time_machine.travel(TODAY)
def test_a_refused_correction_keeps_what_was_typed_beside_the_field(client, officer, item_4_3):
    client.force_login(officer)
    _post(client, item_4_3, SimpleUploadedFile("kh.pdf", files.pdf()))
    record = EvidenceRecord.objects.get()
    response = client.post(
        f"/minh-chung/tai-lieu/{record.pk}/sua/",
        {**RECORD, "number": "46/KH-UBND", "issued_on": "31/11/2026"},
    )
    assert response.status_code == 400
    assert "Ngày 31/11/2026 không tồn tại." in _error_beside(response.text, "issued_on")
    assert 'value="46/KH-UBND"' in response.text
    record.refresh_from_db()
    assert record.number == "45/KH-UBND" and record.issued_on == date(2026, 3, 12)
