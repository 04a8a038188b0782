"""The compiler imports another commune's Word annex: the preview shows every row as it will be
saved, with a summary and warnings, and nothing is saved until confirmed."""

from playwright.sync_api import Browser, expect

from criteria.models import Assignment
from tests.browser.conftest import log_in
from tests.criteria.annexes import docx_annex

ROWS = [
    ["Tiêu chí 6: Xây dựng văn hóa công sở"],
    [
        "Nội dung 1",
        "Văn hóa công sở",
        "Chủ trì: Công chức Địa chính - Xây dựng; Phối hợp: Khối vận, các ban, ngành có liên quan",
        "Quán triệt Quyết định số 396-QĐ/TU, ngày 19 tháng 10 năm 2021. Hạn nộp: 15/10/2026",
    ],
    ["Nội dung 2", "Ứng xử", "Công chức VP-TK", "Thời hạn: 31/11/2026"],
]


def test_the_annex_preview_shows_what_will_be_saved(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path
):
    annex = tmp_path / "phu-luc-xa-khac.docx"
    annex.write_bytes(docx_annex(ROWS))
    grid = Assignment.objects.filter(round__unit__code="ba-thanh", round__framework__year=2026)
    before = grid.get(item__criterion__number=6, item__number=1)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.vanphong")
    page.get_by_role("link", name="Phân công năm 2026").click()
    page.get_by_role("link", name="Nhập phụ lục từ Word/Excel").click()
    page.get_by_label("Tệp").set_input_files(annex)
    page.get_by_role("button", name="Xem trước").click()

    expect(page.get_by_test_id("preview-summary")).to_have_text("2 nội dung; 1 cần xem lại")
    row = page.locator("[data-code='6.1']")
    expect(row.locator("[data-field=lead]")).to_have_text("—")
    expect(row.locator("[data-field=cooperating]")).to_have_text("Khối vận Đảng ủy")
    expect(row.locator("[data-field=others]")).to_have_text(
        "Công chức Địa chính - Xây dựng tên mới; các ban, ngành có liên quan"
    )
    expect(row.locator("[data-field=deadline]")).to_have_text("15/10/2026")
    full_action = (
        "Quán triệt Quyết định số 396-QĐ/TU, ngày 19 tháng 10 năm 2021. Hạn nộp: 15/10/2026"
    )
    # The action text is collapsed to its first words until opened.
    expect(row.locator("summary")).to_have_text(
        "Quán triệt Quyết định số 396-QĐ/TU, ngày 19 tháng 10 năm 2021. …"
    )
    expect(row.locator("details")).not_to_have_attribute("open", "")
    row.locator("summary").click()
    expect(row.locator("details")).to_have_attribute("open", "")
    expect(row.locator("details")).to_contain_text(full_action)
    expect(page.locator("[data-code='6.2'] [data-field=warnings]")).to_have_text(
        "“31/11/2026” không phải là ngày có thậtChưa có hạn nộp minh chứng"
    )
    # Only the real name is offered for creation.
    expect(page.get_by_label("Công chức Địa chính - Xây dựng")).to_have_count(1)
    expect(page.get_by_label("các ban, ngành có liên quan")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "annex-import-preview.png", full_page=True)
    before.refresh_from_db()
    assert before.action != full_action  # nothing saved yet

    page.get_by_label("Công chức Địa chính - Xây dựng").check()
    page.get_by_role("button", name="Xác nhận nhập 2 dòng").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã nhập 2 dòng phân công từ tệp")
    after = grid.get(item__criterion__number=6, item__number=1)
    assert [p.name for p in after.lead_positions.all()] == ["Công chức Địa chính - Xây dựng"]
    assert [p.name for p in after.cooperating_positions.all()] == ["Khối vận Đảng ủy"]
    assert after.assignee_note == "các ban, ngành có liên quan"
    assert after.deadline.isoformat() == "2026-10-15"
    context.close()
