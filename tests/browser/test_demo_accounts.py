"""Each demo account logs in through the real login form and lands on its own home page."""

import pytest
from playwright.sync_api import Page, expect

from dvcq.demo.org_data import DEMO_PASSWORD
from tests.browser.conftest import open_account_menu

# account → the home sections it must see (data-testid) with a Vietnamese phrase in each.
HOMES = {
    "admin": {"home-admin": "Quản trị hệ thống", "home-reviewer": "Các đơn vị tôi đánh giá"},
    "tinh.danhgia": {"home-reviewer": "Các đơn vị tôi đánh giá"},
    "bathanh.vanphong": {"home-unit": "Xã Ba Thành"},
    "bathanh.lanhdao": {"home-unit": "Xã Ba Thành"},
    "bathanh.canbo": {"home-officer": "Công chức Văn hóa - Xã hội"},
    "bathanh.xaydungdang": {"home-party": "Dân vận khéo"},
    "anphu.vanphong": {"home-unit": "Xã An Phú"},
}
ALL_SECTIONS = {section for sections in HOMES.values() for section in sections}


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/tai-khoan/dang-nhap/?next=/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base_url}/")


@pytest.mark.parametrize("username", list(HOMES))
def test_demo_account_sees_its_own_home_in_vietnamese(page: Page, live_server, demo_site, username):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    log_in(page, live_server.url, username)

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    for section, phrase in HOMES[username].items():
        expect(page.get_by_test_id(section)).to_contain_text(phrase)
    for other in ALL_SECTIONS - HOMES[username].keys():
        expect(page.get_by_test_id(other)).to_have_count(0)
    # Nothing on the page was fetched from outside the app.
    assert requested and all(url.startswith(live_server.url) for url in requested), requested


def test_compiler_does_not_see_the_reviewer_sections(page: Page, live_server, demo_site):
    log_in(page, live_server.url, "anphu.vanphong")
    expect(page.get_by_test_id("home-reviewer")).to_have_count(0)
    expect(page.get_by_role("link", name="Đơn vị trực thuộc")).to_have_count(0)
    page.goto(f"{live_server.url}/don-vi/ba-thanh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")


def test_sign_out_from_the_account_menu(page: Page, live_server, demo_site):
    log_in(page, live_server.url, "bathanh.canbo")
    open_account_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server.url}/tai-khoan/dang-nhap/")


def test_language_switch_shows_the_english_catalogue(page: Page, live_server, demo_site):
    log_in(page, live_server.url, "bathanh.canbo")
    open_account_menu(page)
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    expect(page.get_by_test_id("home-officer")).to_contain_text("My tasks")
