"""Every page needs a login, except the login pages and /healthz."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Views a visitor may reach without logging in, by qualified name.
PUBLIC_VIEWS = {
    "dvcq.views.healthz",
    "django.contrib.auth.views.LoginView",
    "django.contrib.admin.sites.AdminSite.login",  # the admin's own login form
    # "Quên mật khẩu?" and the invitation of a new account: a one-time link by e-mail
    "dvcq.org.views.ResetView",
    "django.contrib.auth.views.PasswordResetDoneView",
    "django.contrib.auth.views.PasswordResetConfirmView",
    "django.contrib.auth.views.PasswordResetCompleteView",
    "dvcq.org.views.InvitationView",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _qualname(callback) -> str:
    view = getattr(callback, "view_class", None) or callback
    return f"{view.__module__}.{view.__qualname__}"


def test_only_the_listed_views_are_public():
    public = {
        _qualname(callback)
        for _route, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "login_required", True) is False
    }
    assert public == PUBLIC_VIEWS


# A sample value for each path converter: the view must refuse a visitor before it looks up
# the object, so the values need not exist.
SAMPLES = {"int": "1", "str": "ba-thanh", "slug": "ba-thanh", "path": "a/b", "uuid": None}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
LOGIN = "/tai-khoan/dang-nhap/?next="
ADMIN_LOGIN = "/quan-tri/login/?next="


def _sample_url(route: str) -> str | None:
    """The route with each converter filled in; None for a regular-expression route."""
    if route.startswith("^") or "(?P" in route:
        return None
    return "/" + CONVERTER.sub(lambda m: SAMPLES.get(m["kind"] or "str") or "x", route)


def _private_urls() -> list[str]:
    urls = []
    for route, callback in _walk(get_resolver().url_patterns):
        url = _sample_url(route)
        if url is None or getattr(callback, "login_required", True) is False:
            continue
        if _qualname(callback) in PUBLIC_VIEWS or "static" in url:
            continue
        urls.append(url)
    return sorted(set(urls))


def test_every_route_of_every_app_is_walked():
    """The walk finds the routes of each app: a broken walk would make the next test empty."""
    urls = _private_urls()
    for prefix in (
        "/don-vi/",
        "/khung-tieu-chi/",
        "/minh-chung/",
        "/cham-diem/",
        "/tong-hop/",
        "/dan-van-kheo/",
        "/van-ban/",
        "/quan-tri/",
    ):
        assert any(url.startswith(prefix) for url in urls), prefix


@pytest.mark.django_db
@pytest.mark.parametrize("url", _private_urls())
def test_anonymous_requests_are_redirected_to_login(client, url):
    """Every route, GET and POST, as the URL configuration has it today (not a list kept by
    hand): a visitor is sent to the login page, the admin's to the admin's login."""
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, url
        assert response["Location"].startswith((LOGIN, ADMIN_LOGIN)), (url, response["Location"])


@pytest.mark.django_db
def test_login_page_is_public_and_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.text
    assert "Tên đăng nhập" in response.text and "Mật khẩu" in response.text


@pytest.mark.django_db
def test_wrong_password_gets_a_vietnamese_message(client, compiler):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": compiler.username, "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text


@pytest.mark.django_db
def test_login_then_logout(client, compiler):
    from tests.factories import PASSWORD

    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": compiler.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_change(client, compiler):
    from tests.factories import PASSWORD

    client.force_login(compiler)
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Ba-Thanh-2026!",
            "new_password2": "Ba-Thanh-2026!",
        },
    )
    assert response.status_code == 302
    compiler.refresh_from_db()
    assert compiler.check_password("Ba-Thanh-2026!")


@pytest.mark.django_db
def test_unknown_page_is_a_vietnamese_404(client, compiler):
    client.force_login(compiler)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


@pytest.mark.django_db
def test_server_error_page_is_vietnamese(client, compiler, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    import dvcq.urls

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {
            "urlpatterns": [path("hong/", broken)] + dvcq.urls.urlpatterns,
            "handler500": "django.views.defaults.server_error",
        },
    )
    client.raise_request_exception = False
    client.force_login(compiler)
    response = client.get("/hong/")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.text
