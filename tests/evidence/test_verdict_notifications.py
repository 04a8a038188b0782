"""The item's officers hear the compiler's verdict at once, not at the next daily digest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvcq.org.models import Role
from evidence.models import Notification
from tests.evidence import files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _verdict(client, item, status, comment=""):
    return client.post(
        f"/minh-chung/noi-dung/{item.pk}/xem-xet/", {"status": status, "comment": comment}
    )


@pytest.fixture
def filed(client, officer, item_4_3):
    client.force_login(officer)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "number": "45/KH-UBND",
            "issued_on": "12/03/2025",
            "summary": "Kế hoạch",
            "files": [SimpleUploadedFile("kh.pdf", files.pdf())],
        },
    )
    return item_4_3


def test_needs_more_reaches_the_items_officers_at_once(
    client, filed, officer, compiler, ba_thanh, ba_thanh_positions, an_phu
):
    bystander = UserFactory(
        unit=ba_thanh,
        roles=[Role.OFFICER],
        positions=[ba_thanh_positions["Công chức Tài chính - Kế toán"]],
    )
    client.force_login(compiler)
    _verdict(client, filed, "needs_more", "Thiếu biên bản hội nghị")
    note = Notification.objects.get(user=officer)
    assert note.title == "Nội dung 4.3: minh chứng cần bổ sung"
    assert "Thiếu biên bản hội nghị" in note.body and note.read_at is None
    assert note.url == f"/minh-chung/noi-dung/{filed.pk}/"
    assert not Notification.objects.filter(user=bystander).exists()
    assert not Notification.objects.filter(user=compiler).exists()
    # The officer sees it on the notifications page without waiting for send_reminders.
    client.force_login(officer)
    assert "Nội dung 4.3: minh chứng cần bổ sung" in client.get("/thong-bao/").text


def test_a_second_verdict_the_same_day_replaces_the_first(client, filed, officer, compiler):
    client.force_login(compiler)
    _verdict(client, filed, "needs_more", "Thiếu biên bản")
    Notification.objects.filter(user=officer).update(read_at="2025-10-01T08:00:00Z")
    _verdict(client, filed, "accepted")
    note = Notification.objects.get(user=officer)
    assert note.title == "Nội dung 4.3: minh chứng đạt" and note.read_at is None
    assert "đánh giá minh chứng đạt" in note.body


def test_a_refused_verdict_notifies_nobody(client, filed, officer, compiler):
    client.force_login(compiler)
    _verdict(client, filed, "needs_more", "")
    assert not Notification.objects.exists()
