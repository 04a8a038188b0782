"""Long lists come a page at a time: an item's records and a person's notifications."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from evidence.models import EvidenceFile, EvidenceRecord, Notification
from evidence.views import NOTIFICATIONS_PER_PAGE, RECORDS_PER_PAGE
from tests.evidence import files

pytestmark = pytest.mark.django_db


def _records(item, user, count: int, *, year: int = 2025) -> list[EvidenceRecord]:
    records = EvidenceRecord.objects.bulk_create(
        EvidenceRecord(
            round=item.round,
            number=f"{n}/KH-UBND",
            issued_on=date(year, 1 + n % 12, 1 + n % 28),
            summary=f"Kế hoạch số {n}",
            created_by=user,
        )
        for n in range(count)
    )
    EvidenceRecord.assignments.through.objects.bulk_create(
        EvidenceRecord.assignments.through(evidencerecord=r, assignment=item) for r in records
    )
    return records


def test_an_item_with_many_records_shows_them_a_page_at_a_time(client, officer, item_4_3):
    _records(item_4_3, officer, RECORDS_PER_PAGE * 2 + 7)
    client.force_login(officer)
    first = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text
    assert first.count('data-testid="record"') == RECORDS_PER_PAGE
    assert "Trang 1/3" in first and "Trang sau" in first and "Trang trước" not in first
    assert '?page=2#tai-lieu"' in first
    last = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/", {"page": 3}).text
    assert last.count('data-testid="record"') == 7 and "Trang trước" in last
    # A page that is not a number, or past the end, shows the first or the last page.
    assert 'data-testid="pager"' in client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/?page=x").text
    past = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/", {"page": 99}).text
    assert past.count('data-testid="record"') == 7


def test_a_short_list_has_no_pager(client, officer, item_4_3):
    _records(item_4_3, officer, 3)
    client.force_login(officer)
    page = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text
    assert page.count('data-testid="record"') == 3 and 'data-testid="pager"' not in page


def test_status_and_warnings_count_the_records_of_every_page(client, officer, item_4_3):
    """The one record with a file, and the one dated outside the year, sit on the last page."""
    records = _records(item_4_3, officer, RECORDS_PER_PAGE + 1)
    oldest = records[0]
    oldest.issued_on = date(2020, 1, 1)
    oldest.save()
    EvidenceFile.objects.create(
        record=oldest,
        file=ContentFile(files.pdf(), name="cu.pdf"),
        original_name="cu.pdf",
        kind="pdf",
        size=10,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=officer,
    )
    client.force_login(officer)
    page = client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/").text
    assert "cu.pdf" not in page  # the record is on page 2
    assert "ngoài năm đánh giá 2025" in page
    assert '<span class="badge text-nowrap text-bg-primary" data-testid="item-status">' in page


def test_the_item_page_query_count_does_not_grow_with_its_records(
    client, officer, item_4_3, django_assert_max_num_queries
):
    _records(item_4_3, officer, RECORDS_PER_PAGE * 4)
    client.force_login(officer)
    with django_assert_max_num_queries(22):
        client.get(f"/minh-chung/noi-dung/{item_4_3.pk}/")


def test_notifications_come_a_page_at_a_time_and_all_are_marked_read(client, officer):
    Notification.objects.bulk_create(
        Notification(
            user=officer, day=date(2025, 1, 1), kind=f"k{n}", title=f"Nhắc việc {n}", body=""
        )
        for n in range(NOTIFICATIONS_PER_PAGE + 5)
    )
    client.force_login(officer)
    first = client.get("/thong-bao/").text
    assert first.count('data-testid="notification"') == NOTIFICATIONS_PER_PAGE
    assert "Trang 1/2" in first and '?page=2"' in first
    # The first visit showed them unread; every one of them is read now.
    assert "list-group-item-warning" in first
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    second = client.get("/thong-bao/", {"page": 2}).text
    assert second.count('data-testid="notification"') == 5
