"""The main menu: whole on one line from 1280 px up (its entries grouped into dropdowns by job),
behind the menu button on a phone."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import log_in

ACCOUNTS = [
    "admin",
    "tinh.danhgia",
    "bathanh.vanphong",
    "bathanh.lanhdao",
    "bathanh.canbo",
    "bathanh.xaydungdang",
    "anphu.vanphong",
]


@pytest.mark.parametrize("username", ACCOUNTS)
def test_the_whole_menu_shows_at_1280_px(
    browser: Browser, live_server, demo_site, screenshot_dir, username
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, username)
    expect(page).to_have_url(f"{live_server.url}/")

    expect(page.locator(".navbar-toggler")).to_be_hidden()
    entries = page.get_by_test_id("main-menu").locator(":scope > li > a")
    assert entries.count() >= 3
    for n in range(entries.count()):
        expect(entries.nth(n)).to_be_visible()
    # One line: every entry level with the brand, the account menu beside the last of them.
    navbar = page.locator("nav.navbar").bounding_box()
    assert navbar["height"] < 70, navbar
    last = entries.nth(entries.count() - 1).bounding_box()
    account = page.get_by_test_id("account-menu").bounding_box()
    assert last["x"] + last["width"] < account["x"], (last, account)

    # Each group opens on a click and shows its entries.
    groups = page.get_by_test_id("main-menu").locator("[data-bs-toggle=dropdown]")
    for n in range(groups.count()):
        groups.nth(n).click()
        menu = page.get_by_test_id("main-menu").locator(".dropdown-menu.show")
        expect(menu).to_have_count(1)
        items = menu.locator(".dropdown-item")
        assert items.count() >= 2
        for i in range(items.count()):
            expect(items.nth(i)).to_be_visible()
        page.keyboard.press("Escape")
        expect(menu).to_have_count(0)
    page.screenshot(path=screenshot_dir / f"menu-1280-{username}.png")
    context.close()


def test_on_a_phone_the_menu_button_opens_the_menu_and_its_groups(
    browser: Browser, live_server, demo_site
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.vanphong")
    expect(page).to_have_url(f"{live_server.url}/")

    assessment = page.get_by_role("button", name="Đánh giá")
    expect(assessment).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(page.locator(".navbar-collapse.show")).to_be_visible()
    expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    expect(page.get_by_role("link", name="Đơn vị của tôi")).to_be_visible()
    assessment.click()
    page.get_by_role("link", name="Chấm điểm", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/cham-diem/")
    # The page opened marks its group in the (closed again) menu.
    group = page.get_by_role("button", name="Đánh giá", include_hidden=True)
    expect(group).to_have_class(re.compile(r"\bactive\b"))
    context.close()
