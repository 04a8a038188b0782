"""The compiler's journey: change a deadline and an assignee, save, download the annex."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from criteria.models import Assignment
from tests.browser.conftest import log_in


def test_compiler_edits_the_grid_and_downloads_the_annex(
    browser: Browser, live_server, demo_site, screenshot_dir
):
    assignment = Assignment.objects.get(
        round__unit__code="ba-thanh",
        round__framework__year=2026,
        item__criterion__number=6,
        item__number=1,
    )
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.vanphong")
    page.get_by_role("link", name="Phân công năm 2026").click()

    # Every row is read-only; "Sửa" opens one row as a form.
    expect(page.locator('input[type="checkbox"]')).to_have_count(0)
    row = page.get_by_test_id("grid-row-6-1")
    expect(row.get_by_test_id("warning").first).to_have_text("Chưa giao cho ai")
    row.get_by_role("link", name="Sửa").click()
    row = page.get_by_test_id("grid-row-6-1")
    row.get_by_role("group", name="Chủ trì").get_by_label("Công chức Văn hóa - Xã hội").check()
    row.get_by_label("Hạn nộp minh chứng").fill("20/10/2026")
    row.get_by_role("button", name="Lưu phân công").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu 1 dòng phân công")
    row = page.get_by_test_id("grid-row-6-1")
    expect(row).to_contain_text("Chủ trì: Công chức Văn hóa - Xã hội")
    expect(row.get_by_test_id("row-deadline")).to_contain_text("20/10/2026")
    expect(row.get_by_test_id("warning")).to_have_count(0)
    expect(page.locator('input[type="checkbox"]')).to_have_count(0)
    page.screenshot(path=screenshot_dir / "grid-after-save.png")

    with page.expect_download() as download_info:
        page.get_by_test_id("annex-xlsx").click()
    download = download_info.value
    assert download.suggested_filename == "phu-luc-phan-cong-2026-ba-thanh.xlsx"
    sheet = load_workbook(BytesIO(open(download.path(), "rb").read())).active
    row_6_1 = next(
        r
        for r in sheet.iter_rows(values_only=True)
        if r[0] == "Nội dung 1"
        and r[1]
        and r[1].startswith("Xây dựng ban hành và thực hiện nghiêm văn hóa công sở")
    )
    assert row_6_1[2] == "Công chức Văn hóa - Xã hội"
    assert row_6_1[4].strftime("%d/%m/%Y") == "20/10/2026"
    assignment.refresh_from_db()
    assert assignment.deadline.isoformat() == "2026-10-20"
    context.close()
