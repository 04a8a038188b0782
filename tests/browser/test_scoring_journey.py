"""The year's scoring end to end in the browser: the compiler scores, the leader submits, the
reviewer deducts and publishes, the compiler drafts and downloads next year's plan."""

from decimal import Decimal

from docx import Document
from playwright.sync_api import Browser, expect

from scoring.models import Scorecard, Status
from tests.browser.conftest import log_in


def _user_page(browser: Browser, live_server, username: str):
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Xác nhận?" before submit and publish
    log_in(page, live_server.url, username)
    return context, page


def _open_scorecard(page, live_server, pk: int):
    page.goto(f"{live_server.url}/cham-diem/")
    page.locator(f"a[href='/cham-diem/ky/{Scorecard.objects.get(pk=pk).round_id}/']").click()
    expect(page).to_have_url(f"{live_server.url}/cham-diem/{pk}/")


def test_scoring_season_in_the_browser(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path
):
    pk = Scorecard.objects.get(round__unit__code="ba-thanh", round__framework__year=2025).pk

    # The compiler fills in every item not yet scored, with the keyboard-friendly form.
    context, page = _user_page(browser, live_server, "bathanh.vanphong")
    _open_scorecard(page, live_server, pk)
    inputs = page.locator("input.self-points")
    for n in range(inputs.count()):
        field = inputs.nth(n)
        if field.input_value() == "" and field.get_attribute("data-bonus") == "0":
            field.fill(field.get_attribute("data-max").replace(".", ","))
            explanation = page.locator(f"#e-{field.get_attribute('id')[2:]}")
            explanation.fill("Hồ sơ lưu tại Văn phòng.")
    page.locator("#p-" + page.get_by_test_id("item-3.2").get_attribute("id")[5:]).fill("2,5")
    expect(page.locator("#self-total-live")).to_have_text("99,50")
    page.screenshot(path=screenshot_dir / "tu-cham.png", full_page=True)
    page.get_by_test_id("save-selfscore").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm của")).to_be_visible()
    expect(page.get_by_test_id("self-total")).to_have_text("99,50")
    context.close()

    # The leader submits; the points lock.
    context, page = _user_page(browser, live_server, "bathanh.lanhdao")
    page.goto(f"{live_server.url}/cham-diem/{pk}/")
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("scorecard-status")).to_have_text("Đã nộp")
    expect(page.locator("input.self-points")).to_have_count(0)
    context.close()

    # The reviewer starts, deducts one point on item 1.3 with a reason, finishes and publishes.
    context, page = _user_page(browser, live_server, "tinh.danhgia")
    page.goto(f"{live_server.url}/cham-diem/{pk}/")
    page.get_by_test_id("action-start_review").click()
    page.get_by_test_id("review-item-1.3").click()
    page.get_by_label("Số điểm bị trừ").fill("1,00")
    page.get_by_label("Lý do").fill("Chưa tổ chức sơ kết, tổng kết công tác dân vận.")
    page.get_by_test_id("save-review").click()
    expect(page.get_by_test_id("review-total")).to_have_text("98,50")
    expect(page.get_by_test_id("item-1.3").get_by_test_id("deductions")).to_contain_text(
        "Bị trừ 1,00 điểm; Lý do: Chưa tổ chức sơ kết, tổng kết công tác dân vận."
    )
    page.screenshot(path=screenshot_dir / "tham-dinh.png", full_page=True)
    # The reviewer rewords the reason; the history keeps the first wording, who and when.
    page.get_by_test_id("review-item-1.3").click()
    page.locator("textarea[name=d-0-reason]").fill("Chưa tổ chức sơ kết 6 tháng công tác dân vận.")
    page.get_by_test_id("save-review").click()
    expect(page.get_by_test_id("item-1.3").get_by_test_id("deductions")).to_contain_text(
        "Lý do: Chưa tổ chức sơ kết 6 tháng công tác dân vận."
    )
    page.get_by_test_id("history-link").click()
    # Newest first: the edit, with the earlier reason beside the new one.
    change = (
        page.get_by_test_id("history-row")
        .filter(has_text="Chưa tổ chức sơ kết, tổng kết công tác dân vận.")
        .first
    )
    expect(change).to_contain_text("Trần Thị Thẩm Định")
    expect(change).to_contain_text("Chưa tổ chức sơ kết 6 tháng công tác dân vận.")
    page.screenshot(path=screenshot_dir / "lich-su-cham-diem.png", full_page=True)
    page.goto(f"{live_server.url}/cham-diem/{pk}/")
    page.get_by_test_id("action-finish_review").click()
    expect(page.get_by_test_id("classification")).to_have_text("Hoàn thành xuất sắc nhiệm vụ")
    page.get_by_test_id("action-publish").click()
    expect(page.get_by_test_id("scorecard-status")).to_have_text("Đã công bố")
    context.close()
    scorecard = Scorecard.objects.get(pk=pk)
    assert (scorecard.status, scorecard.review_total) == (Status.PUBLISHED, Decimal("98.50"))

    # The compiler sees the result and drafts the 2026 remediation plan from it.
    context, page = _user_page(browser, live_server, "bathanh.vanphong")
    page.goto(f"{live_server.url}/cham-diem/{pk}/")
    expect(page.get_by_test_id("review-total")).to_have_text("98,50")
    page.get_by_test_id("plan-link").click()
    remedy = page.get_by_label("Hướng khắc phục").first
    remedy.fill("Giao Văn phòng tổ chức sơ kết 6 tháng và tổng kết năm công tác dân vận.")
    page.get_by_role("button", name="Lưu").first.click()
    expect(page.get_by_text("Đã lưu")).to_be_visible()
    page.screenshot(path=screenshot_dir / "ke-hoach-khac-phuc.png", full_page=True)
    page.goto(f"{live_server.url}/van-ban/plan/ba-thanh/2026/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải DOCX").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "KẾ HOẠCH" in text
    assert "Bị trừ 1,00 điểm; Lý do: Chưa tổ chức sơ kết 6 tháng công tác dân vận." in text
    assert "Giao Văn phòng tổ chức sơ kết 6 tháng và tổng kết năm công tác dân vận." in text
    context.close()
