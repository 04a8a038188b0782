"""On a phone: an officer files two documents for an item and gets one back byte for byte."""

from playwright.sync_api import Browser, expect

from criteria.models import Assignment
from tests.browser.conftest import log_in
from tests.evidence import files


def test_officer_uploads_two_files_on_a_phone(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = Assignment.objects.get(
        round__unit__code="ba-thanh",
        round__framework__year=2026,
        item__criterion__number=3,
        item__number=4,
    )
    (tmp_path / "ke-hoach.pdf").write_bytes(files.pdf("ke hoach tuyen truyen"))
    (tmp_path / "anh-trang-1.png").write_bytes(files.png())
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        accept_downloads=True,
    )
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.get_by_role("link", name="Tiêu chí 3 · Nội dung 4").click()
    expect(page.get_by_test_id("item-status")).to_have_text("Chưa có")

    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    page.get_by_label("Số/ký hiệu").fill("12/KH-UBND")
    page.get_by_label("Trích yếu").fill("Kế hoạch tuyên truyền mô hình Dân vận khéo năm 2026")
    page.locator("[data-files]").first.set_input_files(
        [tmp_path / "ke-hoach.pdf", tmp_path / "anh-trang-1.png"]
    )
    expect(page.locator("[data-file-list] li")).to_have_count(2)
    page.screenshot(path=screenshot_dir / "phone-evidence-before-upload.png", full_page=True)
    page.get_by_role("button", name="Nộp", exact=True).click()

    expect(page.get_by_test_id("item-status")).to_have_text("Đã nộp")
    expect(page.get_by_test_id("file-link")).to_have_count(2)
    page.screenshot(path=screenshot_dir / "phone-evidence-after-upload.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    with page.expect_download() as download:
        page.get_by_test_id("file-link").filter(has_text="ke-hoach.pdf").click()
    assert download.value.suggested_filename == "ke-hoach.pdf"
    assert open(download.value.path(), "rb").read() == files.pdf("ke hoach tuyen truyen")
    assert item.evidence_records.get().number == "12/KH-UBND"
    context.close()


def test_a_date_typed_without_slashes_in_an_english_browser_is_day_month_year(
    browser: Browser, live_server, demo_site, tmp_path, settings
):
    """An English Chromium would show a date picker as mm/dd/yyyy; the field is dd/mm/yyyy
    text, so "12032026" typed on a number pad is 12 March 2026. The first file is refused and
    the second stored: one record, with the date as typed."""
    from dvcq.org.models import User

    settings.MEDIA_ROOT = tmp_path / "media"
    officer = User.objects.get(username="bathanh.canbo")
    item = (
        Assignment.objects.filter(
            round__unit__code="ba-thanh",
            round__framework__year=2026,
            lead_positions__in=officer.positions.all(),
        )
        .exclude(item__criterion__number=3, item__number=4)
        .order_by("item__criterion__number", "item__number")
        .first()
    )
    (tmp_path / "gia-mao.pdf").write_bytes(b"<html>not a pdf</html>")
    (tmp_path / "ke-hoach.pdf").write_bytes(files.pdf("ke hoach"))
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/noi-dung/{item.pk}/")
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    page.get_by_label("Số/ký hiệu").fill("07/KH-UBND")
    page.get_by_label("Ngày ban hành").press_sequentially("12032026")
    page.get_by_label("Trích yếu").fill("Kế hoạch thực hiện năm 2026")
    page.locator("[data-files]").first.set_input_files(
        [tmp_path / "gia-mao.pdf", tmp_path / "ke-hoach.pdf"]
    )
    page.get_by_role("button", name="Nộp", exact=True).click()
    # The refused file says why beside its name; the accepted one is saved.
    expect(page.locator("[data-file-list] li").first).to_contain_text("không phải là tệp .pdf")
    expect(page.locator("[data-file-list] li").last).to_contain_text("Đã lưu")
    page.get_by_role("link", name="Xem kết quả").click()
    expect(page.get_by_test_id("record").filter(has_text="07/KH-UBND")).to_have_count(1)
    record = item.evidence_records.get(number="07/KH-UBND")
    assert f"{record.issued_on:%d/%m/%Y}" == "12/03/2026"
    assert list(record.files.values_list("original_name", flat=True)) == ["ke-hoach.pdf"]
    context.close()
