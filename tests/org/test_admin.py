"""The admin of people: failed logins and lockouts seen and lifted, accounts never deleted."""

from datetime import timedelta
from io import BytesIO

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dvcq.org.models import User
from tests.factories import UserFactory

URL = "/quan-tri/org/user/"


def _fail(username: str, failures: int, ip: str = "10.0.0.1", ago=timedelta(minutes=1)):
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent=f"trình duyệt {ip}",
        http_accept="*/*",
        path_info="/dang-nhap/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - ago)


@pytest.fixture
def people(ba_thanh):
    return {
        "locked": UserFactory(username="bi.khoa", unit=ba_thanh),
        "typo": UserFactory(username="go.nham", unit=ba_thanh),
        "old": UserFactory(username="lau.roi", unit=ba_thanh),
        "fine": UserFactory(username="binh.thuong", unit=ba_thanh),
    }


@pytest.fixture
def failures(people, settings):
    settings.AXES_FAILURE_LIMIT = 5
    _fail("bi.khoa", 5, ip="10.0.0.1")
    _fail("bi.khoa", 2, ip="10.0.0.2")
    _fail("go.nham", 2)
    # Past the cool-off: no longer counts towards a lockout
    _fail("lau.roi", 9, ago=settings.AXES_COOLOFF_TIME + timedelta(minutes=1))


def test_the_user_list_shows_failed_logins_and_lockouts(client, admin_user, failures):
    client.force_login(admin_user)
    page = client.get(URL).text
    assert "5 lần, đang bị khóa" in page
    assert "2 lần" in page
    assert "9 lần" not in page
    assert "/quan-tri/axes/accessfailurelog/?username=bi.khoa" in page


@pytest.mark.parametrize(
    ("value", "shown"),
    [("khoa", {"bi.khoa"}), ("sai", {"bi.khoa", "go.nham"})],
)
def test_the_list_filters_locked_accounts_and_recent_failures(
    client, admin_user, failures, value, shown
):
    client.force_login(admin_user)
    response = client.get(URL, {"dang_nhap": value})
    listed = {user.username for user in response.context["cl"].result_list}
    assert listed == shown


def test_unlocking_lifts_the_lockout(client, admin_user, failures, people):
    client.force_login(admin_user)
    response = client.post(
        URL,
        {"action": "unlock_logins", "_selected_action": [people["locked"].pk]},
        follow=True,
    )
    assert "Đã mở khóa đăng nhập cho: bi.khoa." in response.text
    assert not AccessAttempt.objects.filter(username="bi.khoa").exists()
    assert AccessAttempt.objects.filter(username="go.nham").exists()


def test_users_are_never_deleted_only_deactivated(client, admin_user, people):
    client.force_login(admin_user)
    person = people["fine"]
    assert client.get(f"{URL}{person.pk}/delete/").status_code == 403
    assert "delete_selected" not in client.get(URL).text
    response = client.post(
        URL, {"action": "deactivate", "_selected_action": [person.pk]}, follow=True
    )
    assert "Đã ngừng hoạt động: binh.thuong." in response.text
    person.refresh_from_db()
    assert User.objects.filter(pk=person.pk).exists() and not person.is_active
    entry = LogEntry.objects.get(object_id=str(person.pk), action_flag=CHANGE)
    assert entry.user == admin_user
    client.post(URL, {"action": "activate", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.is_active


def test_the_administrator_cannot_deactivate_their_own_account(client, admin_user, people):
    client.force_login(admin_user)
    response = client.post(
        URL,
        {"action": "deactivate", "_selected_action": [admin_user.pk, people["fine"].pk]},
        follow=True,
    )
    assert "Không thể tự ngừng hoạt động" in response.text
    assert User.objects.filter(is_active=False).count() == 0


def test_the_export_never_holds_password_hashes(client, admin_user, people):
    client.force_login(admin_user)
    response = client.post(
        URL, {"action": "export_admin_action", "_selected_action": [people["fine"].pk]}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "binh.thuong" in values
    assert "Xã Ba Thành" in values
    password = User.objects.get(pk=people["fine"].pk).password
    assert not any(password in value or "password" in value for value in values)


def test_the_user_list_makes_no_query_per_row(client, admin_user, ba_thanh, settings):
    for number in range(50):
        UserFactory(username=f"nguoi.{number:02}", unit=ba_thanh)
        _fail(f"nguoi.{number:02}", 1)
    client.force_login(admin_user)
    model_admin = admin.site._registry[User]
    counts = []
    for per_page in (5, 50):
        model_admin.list_per_page = per_page
        try:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL).status_code == 200
        finally:
            model_admin.list_per_page = 50
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 16
