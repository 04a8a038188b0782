"""Logins are throttled (django-axes): a username is locked for one address after
AXES_FAILURE_LIMIT wrong passwords, for AXES_COOLOFF_TIME, and a system administrator can lift it."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.factories import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"


def _log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _logged_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = _log_in(client, username, "mat-khau-sai", **extra)
    return response


def test_the_right_password_after_thirty_wrong_ones_is_refused_with_the_lockout_page(
    client, compiler
):
    _fail(client, compiler.username, 30)

    response = _log_in(client, compiler.username, PASSWORD)

    assert response.status_code == 429
    assert not _logged_in_as(client, compiler)
    assert "Tạm khóa đăng nhập" in response.text
    assert "đã nhập sai mật khẩu 5 lần liên tiếp" in response.text
    assert "Vui lòng chờ <strong>30 phút</strong>" in response.text
    assert "liên hệ quản trị hệ thống" in response.text


def test_the_lock_starts_at_the_limit_not_before(client, compiler, settings):
    response = _fail(client, compiler.username, settings.AXES_FAILURE_LIMIT - 1)
    # Below the limit the login form answers as usual.
    assert response.status_code == 200
    assert "Vui lòng điền vào tên đăng nhập và mật khẩu chính xác" in response.text

    response = _fail(client, compiler.username, 1)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text


def test_a_right_password_before_the_limit_resets_the_count(client, compiler, settings):
    _fail(client, compiler.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, compiler.username, PASSWORD).status_code == 302
    client.logout()

    _fail(client, compiler.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _log_in(client, compiler.username, PASSWORD).status_code == 302
    assert _logged_in_as(client, compiler)


def test_another_username_from_the_same_address_still_logs_in(client, compiler, other_compiler):
    _fail(client, compiler.username, 10)

    response = _log_in(client, other_compiler.username, PASSWORD)

    assert response.status_code == 302
    assert _logged_in_as(client, other_compiler)


def test_the_same_username_from_another_address_still_logs_in(client, compiler):
    # Locking the name everywhere would let anyone lock a colleague out by typing their name.
    _fail(client, compiler.username, 10, REMOTE_ADDR="10.0.0.7")

    assert _log_in(client, compiler.username, PASSWORD, REMOTE_ADDR="10.0.0.7").status_code == 429
    assert _log_in(client, compiler.username, PASSWORD, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_after_the_cool_off_the_right_password_works(client, compiler):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, compiler.username, 5)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert _log_in(client, compiler.username, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = _log_in(client, compiler.username, PASSWORD)
    assert response.status_code == 302
    assert _logged_in_as(client, compiler)


def test_the_limit_and_the_cool_off_come_from_the_settings(client, compiler, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=90)

    response = _fail(client, compiler.username, 3)

    assert response.status_code == 429
    assert "đã nhập sai mật khẩu 3 lần liên tiếp" in response.text
    assert "Vui lòng chờ <strong>90 phút</strong>" in response.text


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, compiler):
    _fail(client, compiler.username, 5)

    response = _log_in(client, compiler.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 429


def test_behind_the_proxy_each_client_address_is_counted_apart(client, compiler, settings):
    settings.BEHIND_TLS_PROXY = True
    # nginx appends the address it saw; what the client sent before it is not trusted.
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.5"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.6"}
    _fail(client, compiler.username, 5, **first)

    assert _log_in(client, compiler.username, PASSWORD, **first).status_code == 429
    assert _log_in(client, compiler.username, PASSWORD, **second).status_code == 302


def test_the_admin_site_login_is_throttled_too(client, admin_user):
    for _ in range(5):
        client.post("/quan-tri/login/", {"username": "quantri", "password": "sai"})

    response = client.post("/quan-tri/login/", {"username": "quantri", "password": PASSWORD})

    assert response.status_code == 429
    assert not _logged_in_as(client, admin_user)


def test_the_administrator_unlocks_a_user_from_the_user_admin(client, admin_user, compiler):
    assert _fail(client, compiler.username, 5).status_code == 429
    admin_client = type(client)()
    admin_client.force_login(admin_user)

    response = admin_client.post(
        "/quan-tri/org/user/",
        {"action": "unlock_logins", "_selected_action": [compiler.pk]},
        follow=True,
    )

    assert f"Đã mở khóa đăng nhập cho: {compiler.username}." in response.text
    assert _log_in(client, compiler.username, PASSWORD).status_code == 302


def test_the_unlock_action_says_when_nobody_was_locked(client, admin_user, compiler):
    client.force_login(admin_user)

    response = client.post(
        "/quan-tri/org/user/",
        {"action": "unlock_logins", "_selected_action": [compiler.pk]},
        follow=True,
    )

    assert "Không tài khoản nào trong số đã chọn đang bị khóa" in response.text


def test_deleting_the_attempt_in_the_admin_unlocks(client, admin_user, compiler):
    from axes.models import AccessAttempt

    assert _fail(client, compiler.username, 5).status_code == 429
    attempt = AccessAttempt.objects.get(username=compiler.username)
    admin_client = type(client)()
    admin_client.force_login(admin_user)

    admin_client.post(f"/quan-tri/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert _log_in(client, compiler.username, PASSWORD).status_code == 302


def test_the_reset_command_unlocks(client, compiler):
    assert _fail(client, compiler.username, 5).status_code == 429

    call_command("axes_reset_username", compiler.username)

    assert _log_in(client, compiler.username, PASSWORD).status_code == 302


def test_attempts_and_failures_appear_in_the_admin_in_vietnamese(client, admin_user, compiler):
    _fail(client, compiler.username, 5)
    client.force_login(admin_user)

    index = client.get("/quan-tri/")
    assert "Đăng nhập và khóa tài khoản" in index.text
    assert "Lượt đăng nhập sai đang tính" in index.text
    assert "Nhật ký đăng nhập sai" in index.text

    attempts = client.get("/quan-tri/axes/accessattempt/")
    assert compiler.username in attempts.text
    assert "Đang bị khóa" in attempts.text
    assert "Số lần nhập sai" in attempts.text
    assert "Trạng thái" in attempts.text
    # The password typed is never shown.
    detail = client.get(
        f"/quan-tri/axes/accessattempt/{attempts.context['cl'].result_list[0].pk}/change/"
    )
    assert "mat-khau-sai" not in detail.text

    failures = client.get("/quan-tri/axes/accessfailurelog/")
    assert failures.context["cl"].result_count == 5
    assert compiler.username in failures.text


def test_a_failure_log_survives_the_reset_on_success(client, compiler):
    from axes.models import AccessAttempt, AccessFailureLog

    _fail(client, compiler.username, 2)
    _log_in(client, compiler.username, PASSWORD)

    assert not AccessAttempt.objects.filter(username=compiler.username).exists()
    assert AccessFailureLog.objects.filter(username=compiler.username).count() == 2


def test_commune_staff_cannot_see_the_attempts(client, compiler):
    client.force_login(compiler)

    response = client.get("/quan-tri/axes/accessattempt/")

    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_the_admin_clears_attempts_whose_lockout_has_expired(client, admin_user, compiler):
    from axes.models import AccessAttempt

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, compiler.username, 5)
    client.force_login(admin_user)

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.post(
            "/quan-tri/axes/accessattempt/",
            {
                "action": "cleanup_expired_attempts",
                "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )

    assert "Đã xóa 1 lượt hết hạn." in response.text
    assert not AccessAttempt.objects.exists()


def test_the_lockout_page_escapes_the_typed_username(client, db):
    response = _fail(client, "<b>ke-gian</b>", 5)

    assert response.status_code == 429
    assert "&lt;b&gt;ke-gian&lt;/b&gt;" in response.text
    assert "<b>ke-gian</b>" not in response.text
