"""From the grid, the compiler downloads the annex as Word and PDF, after setting the number."""

import subprocess

from docx import Document
from playwright.sync_api import Browser, expect

from tests.browser.conftest import log_in


def test_compiler_downloads_the_annex_as_docx_and_pdf(
    browser: Browser, live_server, demo_site, screenshot_dir, tmp_path
):
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server.url, "bathanh.vanphong")
    page.get_by_role("link", name="Phân công năm 2026").click()

    with page.expect_download() as pdf_download:
        page.get_by_test_id("annex-pdf").click()
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.name == "phu-luc-phan-cong-2026-ba-thanh.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN VÀ NÂNG CAO ĐIỂM DÂN VẬN" in text

    page.get_by_role("link", name="Số, ngày, người ký…").click()
    page.get_by_label("Số phụ lục").fill("Phụ lục II")
    page.get_by_label("Kèm theo kế hoạch số").fill("31/KH-UBND")
    page.screenshot(path=screenshot_dir / "export-form.png", full_page=True)
    with page.expect_download() as docx_download:
        page.get_by_role("button", name="Tải DOCX").click()
    docx_path = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(docx_path)
    paragraphs = [p.text for p in Document(str(docx_path)).paragraphs if p.text]
    assert paragraphs[0] == "Phụ lục II"
    assert paragraphs[2].startswith("(Kèm theo Kế hoạch số 31/KH-UBND ngày 10/02/2026")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Phụ lục phân công nhiệm vụ (dân vận chính quyền)"
    )
    context.close()
