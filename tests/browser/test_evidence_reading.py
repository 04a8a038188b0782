"""An officer drops a Word plan on the new-record form: the empty fields fill themselves from the
document's header (marked "Đọc từ tệp"), the one they typed stays; they save, and the plan is
found by searching "tuyen truyen". With the real reader (dvcq.reading.reader)."""

import base64

from playwright.sync_api import Browser, expect

from criteria.models import Assignment
from evidence.models import EvidenceRecord
from tests.browser.conftest import log_in
from tests.reading.documents import SUMMARY, plan_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DROP = """([data, name, type]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const zone = document.querySelector("[data-dropzone]");
  zone.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: transfer }));
}"""


def _item(code: tuple[int, int]) -> Assignment:
    return Assignment.objects.get(
        round__unit__code="ba-thanh",
        round__framework__year=2026,
        item__criterion__number=code[0],
        item__number=code[1],
    )


def test_officer_drops_a_plan_sees_the_fields_filled_saves_and_finds_it(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = _item((4, 3))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/noi-dung/{item.pk}/")
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    expect(page.get_by_test_id("reading-panel")).to_be_hidden()
    # What the officer typed before dropping the file is theirs: never overwritten.
    page.get_by_label("Cơ quan ban hành").fill("Văn phòng HĐND và UBND xã")

    page.evaluate(DROP, [base64.b64encode(plan_docx()).decode(), "ke-hoach-45.docx", DOCX])
    expect(page.locator("[data-file-list] li")).to_have_count(1)
    panel = page.get_by_test_id("reading-panel")
    expect(panel).to_have_attribute("data-reading-done", "")
    expect(page.get_by_label("Số/ký hiệu")).to_have_value("45/KH-UBND")
    expect(page.get_by_label("Ngày ban hành")).to_have_value("12/03/2025")
    expect(page.locator("[name=kind]")).to_have_value("Kế hoạch")
    expect(page.get_by_label("Trích yếu")).to_have_value(SUMMARY)
    expect(page.get_by_label("Cơ quan ban hành")).to_have_value("Văn phòng HĐND và UBND xã")
    badges = page.locator("[data-read-badge]")
    expect(badges).to_have_count(4)
    expect(badges.first).to_have_text("Đọc từ tệp")
    expect(panel).to_contain_text("Đã điền sẵn 4 ô từ tệp")
    page.screenshot(path=screenshot_dir / "reading-form-filled-1280.png", full_page=True)

    # Edited: the field is the officer's now, its mark goes.
    page.get_by_label("Số/ký hiệu").fill("45/KH-UBND-VP")
    expect(page.locator("[data-read-badge=number]")).to_have_count(0)
    expect(badges).to_have_count(3)

    assert not EvidenceRecord.objects.filter(number__startswith="45/KH").exists()
    page.get_by_role("button", name="Nộp", exact=True).click()
    expect(page.get_by_test_id("record").filter(has_text="45/KH-UBND-VP")).to_have_count(1)
    record = EvidenceRecord.objects.get(number="45/KH-UBND-VP")
    assert (record.kind, record.issuer, f"{record.issued_on:%d/%m/%Y}") == (
        "Kế hoạch",
        "Văn phòng HĐND và UBND xã",
        "12/03/2025",
    )
    assert record.files.get().reading.status == "done"

    search = page.get_by_test_id("round-search")
    search.locator("input[name=q]").fill("tuyen truyen")
    search.locator("input[name=q]").press("Enter")
    result = page.get_by_test_id("search-result").filter(has_text="45/KH-UBND-VP")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text("Tuyên truyền")
    expect(result.get_by_test_id("search-line").first).to_contain_text("ke-hoach-45.docx")
    page.screenshot(path=screenshot_dir / "reading-search-1280.png", full_page=True)

    result.get_by_role("link", name="Kế hoạch 45/KH-UBND-VP").click()
    expect(page.get_by_test_id("file-reading")).to_have_text("Đã đọc nội dung tệp (1 trang).")
    page.get_by_text("Xem nội dung đọc được").click()
    expect(page.get_by_test_id("file-text")).to_contain_text("Đảng ủy xã chỉ đạo")
    page.screenshot(path=screenshot_dir / "reading-record-1280.png", full_page=True)
    context.close()


def test_on_a_phone_the_chosen_file_fills_the_form_and_suggests_items(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = _item((3, 4))  # also the officer's item; the plan is about 4.3
    (tmp_path / "ke-hoach.docx").write_bytes(plan_docx(number="46/KH-UBND"))
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/noi-dung/{item.pk}/")
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    page.locator("[data-files]").first.set_input_files(tmp_path / "ke-hoach.docx")
    panel = page.get_by_test_id("reading-panel")
    expect(panel).to_have_attribute("data-reading-done", "")
    expect(page.get_by_label("Số/ký hiệu")).to_have_value("46/KH-UBND")
    suggestion = panel.get_by_test_id("form-suggestions").locator("li").first
    expect(suggestion).to_contain_text("4.3")
    # What ticking does is written beside the boxes (a phone shows no title tooltip).
    expect(panel.get_by_test_id("form-suggestions-hint")).to_have_text(
        "Đánh dấu nội dung nào đúng thì khi nộp, tài liệu cũng là minh chứng cho nội dung đó."
    )
    suggestion.locator("input[type=checkbox]").check()
    expect(panel).to_contain_text("Khi nộp, tài liệu sẽ được liên kết")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=screenshot_dir / "reading-form-filled-360.png", full_page=True)

    page.get_by_role("button", name="Nộp", exact=True).click()
    expect(page.get_by_test_id("record").filter(has_text="46/KH-UBND")).to_have_count(1)
    record = EvidenceRecord.objects.get(number="46/KH-UBND")
    assert {a.item.code for a in record.assignments.select_related("item__criterion")} == {
        "3.4",
        "4.3",
    }
    page.goto(f"{live_server.url}/tim-kiem/?q=46%2FKH-UBND")
    expect(page.get_by_test_id("search-result")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=screenshot_dir / "reading-search-360.png", full_page=True)
    page.goto(f"{live_server.url}/minh-chung/tai-lieu/{record.pk}/")
    expect(page.get_by_test_id("file-reading")).to_contain_text("Đã đọc nội dung tệp")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=screenshot_dir / "reading-record-360.png", full_page=True)
    context.close()


def test_a_photo_without_text_says_so_on_the_record_page(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path, settings
):
    from tests.evidence import files

    settings.MEDIA_ROOT = tmp_path / "media"
    item = _item((3, 4))
    (tmp_path / "anh-hop.png").write_bytes(files.png())
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/noi-dung/{item.pk}/")
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    page.get_by_label("Trích yếu").fill("Ảnh buổi họp dân thôn Vàng")
    page.locator("[data-files]").first.set_input_files(tmp_path / "anh-hop.png")
    panel = page.get_by_test_id("reading-panel")
    expect(panel).to_contain_text("Không đọc được nội dung tệp: Không nhận ra chữ trong ảnh.")
    expect(panel).to_contain_text("hãy tự điền các ô")
    expect(page.locator("[data-read-badge]")).to_have_count(0)
    page.get_by_role("button", name="Nộp", exact=True).click()
    record = page.get_by_test_id("record").filter(has_text="Ảnh buổi họp dân thôn Vàng")
    expect(record).to_have_count(1)
    record.get_by_role("link", name="(chưa có số)").click()
    expect(page.get_by_test_id("file-reading")).to_have_text(
        "Không đọc được nội dung tệp: Không nhận ra chữ trong ảnh."
    )
    page.screenshot(path=screenshot_dir / "reading-record-unreadable-1280.png", full_page=True)
    context.close()


def test_the_record_page_follows_a_reading_in_progress(
    browser: Browser, live_server, demo_site, screenshot_dir
):
    from dvcq.reading.models import FileReading

    record = EvidenceRecord.objects.get(number="12/KH-UBND", round__framework__year=2026)
    reading = FileReading.objects.get(file__record=record)
    FileReading.objects.filter(pk=reading.pk).update(status="reading", pages=10, pages_done=3)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/tai-lieu/{record.pk}/")
    line = page.get_by_test_id("file-reading")
    expect(line).to_have_text("Đang đọc nội dung tệp: trang 3/10.")
    page.screenshot(path=screenshot_dir / "reading-record-progress-1280.png", full_page=True)
    FileReading.objects.filter(pk=reading.pk).update(pages_done=7)
    expect(line).to_have_text("Đang đọc nội dung tệp: trang 7/10.")
    FileReading.objects.filter(pk=reading.pk).update(
        status="done", pages=1, pages_done=1, text="KẾ HOẠCH\nTuyên truyền, nhân rộng các mô hình"
    )
    # Once read, the page reloads itself to show the text.
    expect(page.get_by_text("Xem nội dung đọc được")).to_be_visible()
    context.close()
