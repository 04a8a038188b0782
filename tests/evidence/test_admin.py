"""The admin of evidence: records corrected through the app's form and soft-deleted through its
services; files, verdicts and notifications only read."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence import services
from evidence.models import EvidenceFile, EvidenceRecord, ItemReview, Notification
from tests.evidence import files

RECORDS = "/quan-tri/evidence/evidencerecord/"


def _record(assignment, user, number="269/BC-UBND", content=None) -> EvidenceRecord:
    record = services.record_create(
        assignment=assignment,
        user=user,
        number=number,
        issued_on=None,
        issuer="UBND xã",
        summary="Báo cáo kết quả thực hiện",
    )
    upload = SimpleUploadedFile(f"{number.replace('/', '-')}.pdf", content or files.pdf(number))
    services.file_add(record=record, upload=upload, user=user)
    return record


@pytest.fixture
def record(item_4_3, compiler):
    return _record(item_4_3, compiler)


def _form(record, **changes) -> dict:
    data = {
        "number": record.number,
        "issued_on": "",
        "issuer": record.issuer,
        "summary": record.summary,
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "1",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "0",
    }
    return data | changes


def test_a_record_is_corrected_through_the_apps_form_with_the_admin_in_its_history(
    client, admin_user, record
):
    client.force_login(admin_user)
    url = f"{RECORDS}{record.pk}/change/"
    response = client.post(url, _form(record, summary=""))
    assert response.status_code == 200
    assert "errorlist" in response.text
    record.refresh_from_db()
    assert record.summary == "Báo cáo kết quả thực hiện"

    response = client.post(url, _form(record, number="270/BC-UBND", issued_on="15/03/2025"))
    assert response.status_code == 302, response.text
    record.refresh_from_db()
    assert record.number == "270/BC-UBND"
    assert str(record.issued_on) == "2025-03-15"
    assert record.history.latest().history_user == admin_user


def test_the_round_author_and_deletion_marks_are_not_editable(client, admin_user, record, compiler):
    client.force_login(admin_user)
    response = client.post(
        f"{RECORDS}{record.pk}/change/",
        _form(record, round=999, created_by=admin_user.pk, deleted_at="2025-01-01 00:00"),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.created_by == compiler
    assert record.deleted_at is None


def test_records_are_soft_deleted_and_restored_through_the_services(client, admin_user, record):
    client.force_login(admin_user)
    assert client.get(f"{RECORDS}{record.pk}/delete/").status_code == 403
    response = client.post(
        RECORDS, {"action": "soft_delete", "_selected_action": [record.pk]}, follow=True
    )
    assert "Đã xóa (có thể khôi phục): “269/BC-UBND”." in response.text
    record.refresh_from_db()
    assert record.deleted_by == admin_user and record.deleted_at is not None
    assert record.files.count() == 1
    assert record.history.latest().history_user == admin_user

    # A deleted record is read-only until it is restored
    page = client.get(f"{RECORDS}{record.pk}/change/")
    assert "khôi phục tài liệu trước khi sửa" in page.text
    response = client.post(f"{RECORDS}{record.pk}/change/", _form(record, number="SỬA"))
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.number == "269/BC-UBND"

    client.post(RECORDS, {"action": "restore", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.deleted_at is None and record.deleted_by is None


def test_a_record_is_not_reverted_to_an_old_version_from_its_history(client, admin_user, record):
    old = record.history.earliest()
    services.record_delete(record=record, user=admin_user)
    client.force_login(admin_user)
    url = f"{RECORDS}{record.pk}/history/{old.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, _form(record)).status_code == 403
    record.refresh_from_db()
    assert record.deleted_at is not None


def test_files_are_only_read(client, admin_user, record):
    file = record.files.get()
    client.force_login(admin_user)
    url = f"/quan-tri/evidence/evidencefile/{file.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert file.sha256 in page.text
    assert f"/minh-chung/tep/{file.pk}/" in page.text
    assert client.get("/quan-tri/evidence/evidencefile/add/").status_code == 403
    response = client.post(url, {"original_name": "khac.pdf", "sha256": "0" * 64, "size": 1})
    assert response.status_code == 403
    history = f"/quan-tri/evidence/evidencefile/{file.pk}/history/{file.history.get().history_id}/"
    assert client.post(history, {"original_name": "khac.pdf"}).status_code == 403
    file.refresh_from_db()
    assert file.original_name == "269-BC-UBND.pdf" and file.size > 1


def test_verdicts_and_notifications_are_only_read(client, admin_user, compiler, item_4_3):
    review = services.review_set(
        assignment=item_4_3, user=compiler, status="needs_more", comment="Thiếu biên bản."
    )
    note = Notification.objects.create(
        user=compiler, day="2025-03-01", kind="digest", title="Nhắc hạn", body="Còn 3 nội dung."
    )
    client.force_login(admin_user)
    for url, data in [
        (f"/quan-tri/evidence/itemreview/{review.pk}/change/", {"status": "accepted"}),
        (f"/quan-tri/evidence/notification/{note.pk}/change/", {"title": "Khác"}),
    ]:
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 403
    review.refresh_from_db()
    note.refresh_from_db()
    assert review.status == "needs_more" and note.title == "Nhắc hạn"
    assert client.get("/quan-tri/evidence/itemreview/").status_code == 200
    assert "4.3" in client.get("/quan-tri/evidence/itemreview/").text


@pytest.fixture
def fifty_of_each(ba_thanh_round, an_phu, framework_2025, compiler):
    """50 records, files, verdicts and notifications over two communes' rounds."""
    from criteria.services import round_create

    an_phu_round = round_create(unit=an_phu, framework=framework_2025)
    assignments = [
        *ba_thanh_round.assignments.select_related("item__criterion"),
        *an_phu_round.assignments.select_related("item__criterion"),
    ][:50]
    for number, assignment in enumerate(assignments):
        _record(assignment, compiler, number=f"{number}/BC", content=files.pdf(f"so {number}"))
        services.review_set(assignment=assignment, user=compiler, status="accepted", comment="")
        Notification.objects.create(
            user=compiler, day=f"2025-03-{number % 28 + 1:02}", kind=f"k{number}", title="Nhắc"
        )


def test_the_evidence_lists_make_no_query_per_row(client, admin_user, fifty_of_each):
    client.force_login(admin_user)
    for model in (EvidenceRecord, EvidenceFile, ItemReview, Notification):
        assert model.objects.count() == 50
        url = f"/quan-tri/evidence/{model._meta.model_name}/"
        model_admin = admin.site._registry[model]
        counts = []
        for per_page in (5, 50):
            model_admin.list_per_page = per_page
            try:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
            finally:
                model_admin.list_per_page = 50
            counts.append(len(queries))
        assert counts[0] == counts[1], (model, counts)
        assert counts[1] <= 16, (model, counts)
