"""A “Dân vận khéo” model from registration to Phụ lục 4, in the browser: the party cell registers
it, the coordinator records its launch and steps, two appraisal members score it, the decision is
recorded, and the coordinator downloads Phụ lục 4 with the model in it."""

import io

from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from models_dvk.models import Campaign, DvkModel, Step
from tests.browser.conftest import log_in

NAME = "Chi bộ thôn Vàng vận động bà con làm đường bê tông nội đồng"


def _page(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url, username)
    return context, page


def _score_every_criterion_at_max(page):
    page.get_by_role("link", name="Chấm phiếu của tôi").click()
    inputs = page.locator("input.dvk-points")
    expect(inputs).to_have_count(15)
    for n in range(inputs.count()):
        field = inputs.nth(n)
        field.fill(field.get_attribute("data-max").replace(".", ","))
    page.get_by_test_id("save-score").click()
    expect(page.get_by_text("Đã lưu phiếu chấm của")).to_be_visible()


def test_a_model_from_registration_to_phu_luc_4(
    browser: Browser, live_server, demo_site, screenshot_dir
):
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)

    # The party cell's member registers the model in the browser.
    context, page = _page(browser, live_server, "bathanh.canbo")
    page.goto(f"{live_server.url}/dan-van-kheo/{campaign.pk}/dang-ky/")
    page.get_by_label("Tên mô hình").fill(NAME)
    page.get_by_label("Địa điểm xây dựng, triển khai").fill("Cánh đồng thôn Vàng")
    page.get_by_label("Chủ trì").fill("Chi bộ thôn Vàng")
    page.locator("select[name=field]").select_option("rural")
    page.locator("select[name=subject]").select_option("collective")
    page.locator("select[name=origin]").select_option("new")
    page.get_by_label("Quy mô thực hiện").fill("800 m đường, 60 hộ")
    # Registered on paper in March: the launch recorded next cannot be dated before it.
    page.get_by_label("Ngày đăng ký").fill("01/03/2026")
    page.screenshot(path=screenshot_dir / "dvk-dang-ky.png", full_page=True)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    context.close()
    model = DvkModel.objects.get(name=NAME)

    # The coordinator records its launch and next steps, each with a date.
    context, page = _page(browser, live_server, "bathanh.xaydungdang")
    page.goto(f"{live_server.url}/dan-van-kheo/mo-hinh/{model.pk}/")
    for step, day in [
        ("launched", "15/03/2026"),
        ("implementing", "20/03/2026"),
        ("self_assessed", "10/09/2026"),
        ("appraising", "15/09/2026"),
    ]:
        form = page.get_by_test_id("step-form")
        form.locator("select[name=step]").select_option(step)
        form.locator("input[name=on]").fill(day)
        form.get_by_role("button", name="Ghi bước").click()
    model.refresh_from_db()
    assert model.step == Step.APPRAISING

    # The coordinator opens the appraisal with a two-member team.
    page.get_by_test_id("appraisal-link").click()
    page.get_by_label("Số kế hoạch thẩm định").fill("09-KH/ĐU")
    page.get_by_label("Ngày kế hoạch").fill("16/09/2026")
    page.get_by_label("Ngày hội nghị thẩm định").fill("30/09/2026")
    page.get_by_label("Ngày tổ nhận báo cáo").fill("25/09/2026")
    page.get_by_label("Phạm Văn Chủ Tịch").check()
    page.get_by_label("Đinh Văn Khối Vận").check()
    page.get_by_test_id("save-open").click()
    appraisal_url = page.url
    _score_every_criterion_at_max(page)
    context.close()

    # The second member scores.
    context, page = _page(browser, live_server, "bathanh.lanhdao")
    page.goto(appraisal_url)
    _score_every_criterion_at_max(page)
    context.close()

    # The coordinator concludes, records the decision and downloads Phụ lục 4.
    context, page = _page(browser, live_server, "bathanh.xaydungdang")
    page.goto(appraisal_url)
    expect(page.get_by_test_id("total")).to_have_text("100,00")
    page.get_by_label("Biên bản hội nghị").fill("Hội nghị thống nhất đề nghị công nhận.")
    page.get_by_label("Số thông báo kết quả").fill("18-TB/ĐU")
    page.get_by_label("Ngày thông báo").fill("01/10/2026")
    page.get_by_test_id("save-conclude").click()
    page.get_by_label("Số quyết định").fill("45-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("05/10/2026")
    page.get_by_test_id("save-recognise").click()
    expect(page.get_by_test_id("model-step")).to_have_text("Được công nhận")
    page.goto(f"{live_server.url}/van-ban/dvk-results/ba-thanh/2026/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải XLSX").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    texts = [" ".join(str(c) for c in row if c is not None) for row in rows]
    assert any("BIỂU TỔNG HỢP BÁO CÁO KẾT QUẢ XÂY DỰNG, DUY TRÌ MÔ HÌNH" in t for t in texts)
    assert any(NAME in t for t in texts)
    context.close()
