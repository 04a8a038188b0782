"""A model's appraisal in the browser: the coordinator opens it with the team, the leader fills
the sheet with decimal commas and a live total, the coordinator enters the other sheet, sees the
members' disagreement, concludes, records the decision and nominates an exemplar."""

import re
from datetime import date

from playwright.sync_api import Browser, expect

from dvcq.org.models import User
from models_dvk.models import DvkModel, Step
from models_dvk.services.lifecycle import model_step
from tests.browser.conftest import log_in


def tourism_appraising() -> DvkModel:
    """The demo's self-assessed tourism model, proposed for appraisal."""
    model = DvkModel.objects.get(name__startswith="Tổ dân vận giúp đồng bào")
    party = User.objects.get(username="bathanh.xaydungdang")
    model_step(model=model, step=Step.APPRAISING, on=date(2026, 10, 1), user=party)
    return model


def _page(browser, live_server, username, **options):
    context = browser.new_context(locale="vi-VN", **options)
    page = context.new_page()
    log_in(page, live_server.url, username)
    return context, page


def test_appraisal_journey(browser: Browser, live_server, demo_site, screenshot_dir):
    model = tourism_appraising()
    url = f"{live_server.url}/dan-van-kheo/mo-hinh/{model.pk}/tham-dinh/"

    context, page = _page(browser, live_server, "bathanh.xaydungdang")
    page.goto(url)
    page.get_by_label("Số kế hoạch thẩm định").fill("07-KH/ĐU")
    page.get_by_label("Ngày kế hoạch").fill("02/10/2026")
    page.get_by_label("Ngày hội nghị thẩm định").fill("12/10/2026")
    page.get_by_label("Ngày tổ nhận báo cáo").fill("10/10/2026")
    page.get_by_label("Phạm Văn Chủ Tịch").check()
    page.get_by_label("Đinh Văn Khối Vận").check()
    page.get_by_test_id("save-open").click()
    expect(page.get_by_test_id("report-warning")).to_contain_text("chỉ 2 ngày trước hội nghị")
    expect(page.get_by_test_id("report-deadline")).to_contain_text("chậm nhất ngày 09/10/2026")
    context.close()

    # The leader scores: every criterion at its max, criterion 3 at 8,5; the total follows.
    context, page = _page(browser, live_server, "bathanh.lanhdao")
    page.goto(url)
    page.get_by_role("link", name="Chấm phiếu của tôi").click()
    inputs = page.locator("input.dvk-points")
    expect(inputs).to_have_count(15)
    for n in range(15):
        field = inputs.nth(n)
        field.fill(field.get_attribute("data-max").replace(".", ",").removesuffix(",00"))
    row = page.get_by_test_id("criterion-3").first
    row.locator("input").fill("8,5")
    expect(page.get_by_test_id("live-total")).to_have_text("98,50")
    row.locator("input").fill("12")
    expect(row.locator("input")).to_have_class(re.compile(r"\bis-invalid\b"))
    page.get_by_test_id("save-score").click()
    expect(page.get_by_test_id("row-error")).to_contain_text("vượt điểm tối đa 10,00")
    page.get_by_test_id("criterion-3").first.locator("input").fill("8,5")
    page.get_by_test_id("save-score").click()
    expect(page.get_by_text("Đã lưu phiếu chấm của Phạm Văn Chủ Tịch.")).to_be_visible()
    context.close()

    # The coordinator scores too (criterion 3 at 10): the spread shows; then concludes.
    context, page = _page(
        browser, live_server, "bathanh.xaydungdang", viewport={"width": 1280, "height": 900}
    )
    page.goto(url)
    page.get_by_role("link", name="Chấm phiếu của tôi").click()
    inputs = page.locator("input.dvk-points")
    for n in range(15):
        field = inputs.nth(n)
        field.fill(field.get_attribute("data-max").replace(".", ","))
    page.screenshot(path=screenshot_dir / "dvk-phieu-cham.png", full_page=True)
    page.get_by_test_id("save-score").click()
    expect(page.get_by_test_id("agg-I-3").get_by_test_id("spread")).to_have_text("1,50")
    expect(page.get_by_test_id("total")).to_have_text("99,25")
    page.get_by_label("Biên bản hội nghị").fill("Hội nghị thống nhất đề nghị công nhận.")
    page.get_by_label("Số thông báo kết quả").fill("15-TB/ĐU")
    page.get_by_label("Ngày thông báo").fill("13/10/2026")
    page.get_by_test_id("save-conclude").click()
    expect(page.get_by_test_id("conclusion")).to_contain_text("Đạt")
    page.get_by_label("Số quyết định").fill("41-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("14/10/2026")
    page.get_by_test_id("save-recognise").click()
    expect(page.get_by_test_id("model-step")).to_have_text("Được công nhận")
    page.screenshot(path=screenshot_dir / "dvk-tham-dinh.png", full_page=True)

    # An exemplar from it, with its dossier still to gather.
    page.goto(f"{live_server.url}/dan-van-kheo/{model.campaign_id}/dien-hinh/")
    page.get_by_label("Mô hình đã được công nhận").select_option(str(model.pk))
    page.get_by_label("Tên tập thể/cá nhân").fill("Chi bộ thôn Làng Mâm")
    page.get_by_label("Ngày đề nghị").fill("20/10/2026")
    page.get_by_test_id("save-nominate").click()
    expect(page.get_by_test_id("dossier-incomplete")).to_have_text("Hồ sơ thiếu 5 thành phần")
    page.screenshot(path=screenshot_dir / "dvk-dien-hinh.png", full_page=True)
    page.goto(f"{live_server.url}/dan-van-kheo/{model.campaign_id}/chi-tieu/")
    expect(page.get_by_test_id("target-exemplars")).to_contain_text("1")
    page.screenshot(path=screenshot_dir / "dvk-chi-tieu.png", full_page=True)
    context.close()
