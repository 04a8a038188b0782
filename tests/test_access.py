"""Every page needs a login, except the login pages and /healthz."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Views a visitor may reach without logging in, by qualified name.
PUBLIC_VIEWS = {
    "dvcq.views.healthz",
    "django.contrib.auth.views.LoginView",
    "django.contrib.admin.sites.AdminSite.login",  # the admin's own login form
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/don-vi/",
        "/don-vi/ba-thanh/",
        "/tai-khoan/doi-mat-khau/",
        "/i18n/setlang/",
        "/khung-tieu-chi/",
        "/khung-tieu-chi/nhap/",
        "/khung-tieu-chi/1/",
        "/khung-tieu-chi/1/xlsx/",
        "/ky-danh-gia/",
        "/ky-danh-gia/1/",
        "/van-ban/annex/ba-thanh/2025/",
        "/van-ban/annex/ba-thanh/2025/?format=pdf",
        "/van-ban/thiet-lap/",
        "/van-ban/mau/",
        "/minh-chung/noi-dung/1/",
        "/minh-chung/tai-lieu/1/",
        "/minh-chung/tep/1/",
        "/minh-chung/ky/1/",
        "/minh-chung/ky/1/ho-so.zip",
        "/thong-bao/",
        "/cham-diem/",
        "/cham-diem/ky/1/",
        "/cham-diem/1/",
        "/cham-diem/1/chuyen/submit/",
        "/cham-diem/1/tu-cham.xlsx",
        "/cham-diem/1/nhap-excel/",
        "/cham-diem/1/tham-dinh/1/",
        "/cham-diem/1/nhan-xet/",
        "/ky-danh-gia/1/nhap-phu-luc/",
        "/cham-diem/1/ke-hoach/",
        "/van-ban/selfscore/ba-thanh/2024/",
        "/van-ban/review/ba-thanh/2024/?format=docx",
        "/van-ban/results/quang-ngai/2025/",
        "/van-ban/plan/ba-thanh/2025/?format=pdf",
        "/van-ban/dvk-registrations/ba-thanh/2026/?format=xlsx",
        "/van-ban/dvk-results/ba-thanh/2026/",
        "/van-ban/dvk-scoresheet/ba-thanh/2026/?model=1",
        "/van-ban/dvk-plan/ba-thanh/2026/?format=pdf",
        "/van-ban/dvk-report/ba-thanh/2026/?period=six_month",
        "/tong-hop/",
        "/tong-hop/2025/bang-diem.xlsx",
        "/dan-van-kheo/",
        "/dan-van-kheo/1/",
        "/dan-van-kheo/1/sao-chep/",
        "/dan-van-kheo/1/chi-tieu/them/",
        "/dan-van-kheo/1/moc-thoi-gian/1/",
        "/dan-van-kheo/1/to-chuc/1/xoa/",
        "/dan-van-kheo/1/dang-ky/",
        "/dan-van-kheo/1/nhap-excel/",
        "/dan-van-kheo/1/mau-phu-luc-1.xlsx",
        "/dan-van-kheo/mo-hinh/1/",
        "/dan-van-kheo/mo-hinh/1/sua/",
        "/dan-van-kheo/mo-hinh/1/buoc/",
        "/dan-van-kheo/mo-hinh/1/tai-lieu/",
        "/dan-van-kheo/tai-lieu/1/",
        "/dan-van-kheo/mo-hinh/1/tham-dinh/",
        "/dan-van-kheo/tham-dinh/1/cham/",
        "/dan-van-kheo/tham-dinh/1/cham/?member=1",
        "/dan-van-kheo/1/dien-hinh/",
        "/dan-van-kheo/1/chi-tieu/",
    ],
)
def test_anonymous_requests_are_redirected_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")


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
