from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from criteria.models import Assignment
from evidence.models import Notification
from evidence.reminders import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_with_email(officer):
    officer.email = "canbo@bathanh.gov.vn"
    officer.save()
    return officer


def _set_deadline(round_, code, day):
    criterion, number = code.split(".")
    Assignment.objects.filter(
        round=round_, item__criterion__number=criterion, item__number=number
    ).update(deadline=day)


def test_digest_groups_overdue_tomorrow_and_this_week(officer_with_email, ba_thanh_round, compiler):
    _set_deadline(ba_thanh_round, "3.4", date(2025, 10, 1))  # overdue
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 21))  # tomorrow
    sent = send_reminders(date(2025, 10, 20))
    notice = Notification.objects.get(user=officer_with_email)
    assert "Quá hạn:\n- Nội dung 3.4 (hạn 01/10/2025)" in notice.body
    assert "Đến hạn hôm nay hoặc ngày mai:\n- Nội dung 4.3" in notice.body
    assert [m.to for m in mail.outbox] == [["canbo@bathanh.gov.vn"]]
    assert Notification.objects.filter(user=compiler, kind="unit").exists()
    assert sent == 2


def test_a_second_run_the_same_day_sends_nothing_new(officer_with_email, ba_thanh_round):
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 25))
    assert send_reminders(date(2025, 10, 20)) >= 1
    assert send_reminders(date(2025, 10, 20)) == 0
    assert len(mail.outbox) == 1
    assert send_reminders(date(2025, 10, 21)) >= 1  # next day, a new digest


def test_items_already_submitted_are_not_reminded(
    client, officer_with_email, ba_thanh_round, item_4_3
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.evidence import files

    _set_deadline(ba_thanh_round, "3.4", date(2025, 12, 31))
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 21))
    client.force_login(officer_with_email)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {"summary": "x", "files": [SimpleUploadedFile("a.pdf", files.pdf())]},
    )
    assert send_reminders(date(2025, 10, 20)) == 0


def test_the_day_is_the_vietnamese_day(officer_with_email, ba_thanh_round, capsys):
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 24))
    # 17:30 UTC on 23/10 is already 00:30 on 24/10 in Hồ Chí Minh City: due today, not tomorrow.
    with time_machine.travel(datetime(2025, 10, 23, 17, 30, tzinfo=ZoneInfo("UTC"))):
        call_command("send_reminders")
    assert "24/10/2025" in capsys.readouterr().out
    assert Notification.objects.get(user=officer_with_email).day == date(2025, 10, 24)


def test_the_officer_sees_the_unread_count_and_the_list(client, officer_with_email, ba_thanh_round):
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 21))
    send_reminders(date(2025, 10, 20))
    client.force_login(officer_with_email)
    assert client.get("/").context["unread_count"] == 1
    page = client.get("/thong-bao/")
    assert "Việc cần nộp minh chứng" in page.text
    assert client.get("/").context["unread_count"] == 0


def test_the_command_can_queue_the_reminders_for_the_worker(
    officer_with_email, ba_thanh_round, capsys
):
    _set_deadline(ba_thanh_round, "4.3", date(2025, 10, 21))
    with time_machine.travel(datetime(2025, 10, 20, 3, 0, tzinfo=ZoneInfo("UTC"))):
        # (the tests' immediate backend runs the queued task at once)
        call_command("send_reminders", "--queue")
    assert "đã đưa việc gửi nhắc hạn vào hàng đợi" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["canbo@bathanh.gov.vn"]]
    assert Notification.objects.get(user=officer_with_email).day == date(2025, 10, 20)
