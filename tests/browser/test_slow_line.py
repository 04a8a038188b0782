"""On a slow commune line (Chromium's own network emulation: 400 kbit/s each way, 400 ms of
latency): an officer logs in, opens the task list and an item, and files a 5 MB photo, which
takes about two minutes to leave. The page shows how far it is, nothing times out, and the
officer lands on the item with the photo stored.

The emulation holds back request bodies too (checked by the upload's own duration), so the
live server reads the photo at the line's pace, as nginx would.
"""

import hashlib
import io
import random
import time

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from criteria.models import Assignment
from evidence.models import EvidenceFile
from tests.browser.conftest import log_in

LINE_BYTES_PER_SECOND = 400 * 1024 // 8
LATENCY_MS = 400
PHOTO_NAME = "anh-hien-truong.jpg"
# A page and what it loads, on a first visit over the line: at 50 KB/s each 100 KB is 2 s more.
PAGE_SECONDS = 15


def _slow_line(context, page, *, offline: bool = False):
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": LATENCY_MS,
            "downloadThroughput": LINE_BYTES_PER_SECOND,
            "uploadThroughput": LINE_BYTES_PER_SECOND,
        },
    )
    return cdp


def _photo(width: int, height: int) -> bytes:
    """A real JPEG of noise, which does not shrink: about 2.4 bytes a pixel."""
    noise = random.Random(17).randbytes(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(out, "JPEG", quality=95, subsampling=0)
    return out.getvalue()


def _item() -> Assignment:
    """Tiêu chí 3 · Nội dung 4 of Ba Thành's 2026 round, which the demo officer leads."""
    return Assignment.objects.get(
        round__unit__code="ba-thanh",
        round__framework__year=2026,
        item__criterion__number=3,
        item__number=4,
    )


def _progress(page) -> tuple[int, str] | None:
    """The first file's progress bar (percent) and the line beneath it; None once the page
    has moved on."""
    try:
        return page.evaluate(
            """() => {
                const meter = document.querySelector("[data-file-list] [role=progressbar]");
                if (!meter) return null;
                const state = meter.parentNode.querySelector("[data-state]");
                return [Number(meter.getAttribute("aria-valuenow") || 0), state.textContent];
            }"""
        )
    except PlaywrightError:  # the page navigated between two looks
        return None


@pytest.mark.slow
def test_officer_files_a_5_mb_photo_over_a_slow_line(
    browser: Browser, live_server, demo_site, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = _item()
    photo = _photo(1728, 1296)
    assert len(photo) >= 5 * 1024 * 1024
    (tmp_path / PHOTO_NAME).write_bytes(photo)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    _slow_line(context, page)
    timings = {}

    started = time.monotonic()
    log_in(page, live_server.url, "bathanh.canbo")
    task = page.get_by_test_id("task").filter(has_text="Tiêu chí 3 · Nội dung 4")
    expect(task).to_have_count(1, timeout=60_000)
    timings["login and task list"] = time.monotonic() - started

    started = time.monotonic()
    task.get_by_role("link", name="Tiêu chí 3 · Nội dung 4").click()
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(
        1, timeout=60_000
    )
    timings["item"] = time.monotonic() - started
    expect(page.get_by_test_id("item-status")).to_have_text("Chưa có")

    page.get_by_label("Số/ký hiệu").fill("05/HA-UBND")
    page.get_by_label("Trích yếu").fill("Ảnh hiện trường buổi ra quân dân vận khéo")
    page.locator("[data-files]").first.set_input_files(tmp_path / PHOTO_NAME)
    submit = page.get_by_role("button", name="Nộp", exact=True)
    started = time.monotonic()
    submit.click()
    expect(submit).to_be_disabled()

    # Watch the bar until the last byte has left (or the page has moved on).
    seen: list[tuple[float, int, str]] = []
    deadline = started + 600
    while time.monotonic() < deadline:
        look = _progress(page)
        if look is None:
            break
        percent, line = look
        if not seen or seen[-1][1:] != (percent, line):
            seen.append((time.monotonic() - started, percent, line))
        if percent >= 100:
            break
        page.wait_for_timeout(1000)
    timings["upload sent"] = time.monotonic() - started

    expect(page.get_by_test_id("item-status")).to_have_text("Đã nộp", timeout=120_000)
    timings["upload stored, item shown"] = time.monotonic() - started
    context.close()
    print(f"\nslow line ({LINE_BYTES_PER_SECOND} B/s, {LATENCY_MS} ms), {len(photo)} bytes:")
    for step, seconds in timings.items():
        print(f"  {step}: {seconds:.1f} s")
    print("  progress:", [(round(t), p) for t, p, _ in seen])

    # The bar moved on its own, several times, with the bytes sent beside the percentage.
    percents = [p for _, p, _ in seen if 0 < p < 100]
    assert len(set(percents)) >= 3 and percents == sorted(percents), seen
    assert any("%" in line and "MB" in line for _, _, line in seen), seen
    # Honest: the line held the photo back (5 MB at 50 KB/s is about 105 s), and nothing cut it.
    assert timings["upload sent"] >= 60, timings
    assert timings["login and task list"] < 2 * PAGE_SECONDS, timings
    assert timings["item"] < PAGE_SECONDS, timings

    stored = EvidenceFile.objects.get(record__assignments=item, original_name=PHOTO_NAME)
    assert stored.record.number == "05/HA-UBND"
    assert stored.size == len(photo)
    with stored.file.open("rb") as file:
        assert hashlib.sha256(file.read()).digest() == hashlib.sha256(photo).digest()


def test_a_line_that_drops_mid_upload_loses_nothing(
    browser: Browser, live_server, demo_site, tmp_path, settings
):
    """The line drops while a photo is on its way: a Vietnamese message says so, the record's
    fields and the photo stay on the page, and "Thử lại" sends it once the line is back."""
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = _photo(400, 300)
    (tmp_path / "anh-mat-mang.jpg").write_bytes(photo)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.canbo")
    page.goto(f"{live_server.url}/minh-chung/noi-dung/{_item().pk}/")
    expect(page.locator("[data-evidence-upload][data-upload-ready]")).to_have_count(1)
    page.get_by_label("Số/ký hiệu").fill("06/HA-UBND")
    page.get_by_label("Trích yếu").fill("Ảnh gửi khi mạng chập chờn")
    page.locator("[data-files]").first.set_input_files(tmp_path / "anh-mat-mang.jpg")
    cdp = _slow_line(context, page)
    submit = page.get_by_role("button", name="Nộp", exact=True)
    submit.click()
    meter = page.locator("[data-file-list] [role=progressbar]")
    expect(meter).not_to_have_attribute("aria-valuenow", "0", timeout=20_000)
    expect(submit).to_be_disabled()
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    files = page.locator("[data-file-list] li")
    expect(files).to_contain_text("Mất kết nối; bấm Thử lại.")
    expect(submit).to_be_enabled()
    expect(page.get_by_label("Số/ký hiệu")).to_have_value("06/HA-UBND")
    expect(page.get_by_label("Trích yếu")).to_have_value("Ảnh gửi khi mạng chập chờn")
    assert not EvidenceFile.objects.filter(original_name="anh-mat-mang.jpg").exists()

    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    files.get_by_role("button", name="Thử lại").click()
    expect(page.get_by_test_id("file-link").filter(has_text="anh-mat-mang.jpg")).to_have_count(1)
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu “anh-mat-mang.jpg”.")
    stored = EvidenceFile.objects.get(original_name="anh-mat-mang.jpg")
    assert stored.record.number == "06/HA-UBND" and stored.size == len(photo)
    context.close()
