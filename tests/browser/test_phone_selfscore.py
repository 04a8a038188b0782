"""The commune office fills its self-score on a 360 px phone: one card per item, every box on
screen and found by its label, nothing scrolls sideways, and what is typed is what is stored."""

from decimal import Decimal

from playwright.sync_api import Browser, expect

from scoring.models import ItemScore, Scorecard
from tests.browser.conftest import log_in

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}
# item → (points as typed, explanation); the demo leaves these items of Ba Thành's 2025 unscored.
TYPED = {
    "4.3": ("2,5", "Đã tổ chức đối thoại với Nhân dân quý III."),
    "5.1": ("4", "Báo cáo số 12/BC-UBND lưu tại Văn phòng."),
    "5.2": ("3,75", "Thiếu biên bản kiểm tra tháng 11."),
}


# What a phone shows before each cell of a card: its column's name.
_HEADINGS = "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_compiler_fills_the_self_score_on_a_phone(
    browser: Browser, live_server, demo_site, screenshot_dir
):
    scorecard = Scorecard.objects.get(round__unit__code="ba-thanh", round__framework__year=2025)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.vanphong")
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/cham-diem/{scorecard.pk}/")
    assert _overflow(page) <= 0

    for code, (points, explanation) in TYPED.items():
        # The boxes keep their accessible names on the card; the visible heading is extra.
        box = page.get_by_label(f"Điểm tự chấm nội dung {code}")
        box.fill(points)
        page.get_by_label(f"Giải trình nội dung {code}").fill(explanation)
        # A card, each line headed by its column's name.
        card = page.get_by_test_id(f"item-{code}")
        assert card.evaluate("row => getComputedStyle(row).display") == "block"
        headings = card.locator("[data-label]").evaluate_all(_HEADINGS)
        assert headings == ['"Tối đa"', '"Minh chứng"', '"Tự chấm"', '"Giải trình"'], headings
        bounds = box.bounding_box()
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 360, (code, bounds)
    page.screenshot(path=screenshot_dir / "phone-tu-cham.png", full_page=True)
    assert _overflow(page) <= 0

    page.get_by_test_id("save-selfscore").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm của")).to_be_visible()
    assert _overflow(page) <= 0
    for code, (points, _explanation) in TYPED.items():
        expect(page.get_by_label(f"Điểm tự chấm nội dung {code}")).to_have_value(
            f"{Decimal(points.replace(',', '.')):.2f}".replace(".", ",")
        )
    context.close()

    scores = ItemScore.objects.filter(scorecard=scorecard).select_related("item__criterion")
    stored = {s.item.code: (s.self_points, s.explanation) for s in scores if s.item.code in TYPED}
    assert stored == {
        code: (Decimal(points.replace(",", ".")), explanation)
        for code, (points, explanation) in TYPED.items()
    }
