"""Files the reader cannot or must not read: each comes back unreadable with a Vietnamese note
saying why, and no file makes `read_document` raise."""

import io
import random
import subprocess

import pytest

from dvcq.reading import ocr, pipeline
from dvcq.reading.reader import read_document
from tests.security.office_bombs import DOCUMENT, inflated, with_doctype

from . import files
from .corpus import make_document


def _unreadable(data: bytes, name: str = "tep.bin"):
    reading = read_document(data, name)
    assert not reading.readable
    assert reading.text == "" and reading.number == "" and reading.issued_on is None
    return reading


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return make_document("tests", 0).pdf()


def test_an_empty_file():
    assert _unreadable(b"").note == "Tệp rỗng, không có nội dung để đọc."


def test_a_kind_it_does_not_read():
    note = _unreadable(b"#!/bin/sh\necho hello\n", "ke-hoach.pdf").note
    assert note.startswith("Không đọc được loại tệp này")


def test_an_old_word_file_asks_to_be_saved_as_docx():
    note = _unreadable(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc").note
    assert ".docx" in note


def test_a_password_protected_pdf():
    note = _unreadable(files.encrypted_pdf(), "mat-khau.pdf").note
    assert note == "Tệp được mã hóa bằng mật khẩu, không đọc được nội dung."


@pytest.mark.parametrize("cut", [200, 2000])
def test_a_truncated_pdf(plan_pdf, cut):
    assert (
        _unreadable(plan_pdf[:cut], "cut.pdf").note == "Tệp PDF bị hỏng, không đọc được nội dung."
    )


def test_a_truncated_word_file():
    data = files.plan_docx()
    assert _unreadable(data[: len(data) // 2], "cut.docx").note == (
        "Tệp bị hỏng, không đọc được nội dung."
    )


def test_a_word_file_that_inflates_to_hundreds_of_megabytes():
    bomb = inflated(files.plan_docx(), DOCUMENT, 300)
    assert len(bomb) < 2_000_000
    note = _unreadable(bomb, "bom.docx").note
    assert "bom.docx" in note and "giải nén" in note


def test_a_word_file_with_entities_to_expand():
    note = _unreadable(with_doctype(files.plan_docx(), DOCUMENT), "lol.docx").note
    assert "DOCTYPE" in note


def test_an_odt_with_entities_to_expand():
    bomb = files.plan_odt(doctype='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>')
    assert "DOCTYPE" in _unreadable(bomb, "lol.odt").note


def test_a_png_that_claims_a_billion_pixels_is_never_decoded():
    note = _unreadable(files.pixel_bomb_png(), "bom.png").note
    assert note == "Ảnh quá lớn (tối đa 60 triệu điểm ảnh), không đọc được."


def test_a_png_just_above_the_limit_is_refused_before_decoding():
    note = _unreadable(files.pixel_bomb_png(10_000, 7_000), "lon.png").note
    assert note == "Ảnh quá lớn (tối đa 60 triệu điểm ảnh), không đọc được."


def test_a_pdf_page_holding_a_huge_image_is_not_rendered():
    note = _unreadable(files.image_bomb_pdf(), "bom.pdf").note
    assert "Trang 1 chứa ảnh quá lớn nên không đọc được." in note


def test_a_damaged_jpeg():
    note = _unreadable(b"\xff\xd8\xff\xe0" + b"\x13" * 500, "anh.jpg").note
    assert note == "Ảnh bị hỏng hoặc không phải ảnh JPEG/PNG, không đọc được."


def test_a_picture_of_nothing():
    reading = _unreadable(files.blank_png(), "trang-trang.png")
    assert reading.note == "Không nhận ra chữ trong ảnh."
    assert reading.ocr


def test_without_tesseract_a_scan_says_so(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    note = _unreadable(files.blank_png(), "scan.png").note
    assert note == "Máy chủ chưa cài Tesseract (tiếng Việt) nên không đọc được bản quét và ảnh."


def test_tesseract_runs_with_a_timeout(monkeypatch):
    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(ocr.subprocess, "run", slow)
    assert _unreadable(files.blank_png(), "scan.png").note == "Đọc ảnh quá lâu nên đã dừng."


def test_only_the_first_pages_of_a_long_pdf_are_read(monkeypatch, plan_pdf):
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(plan_pdf)
    long = pdfium.PdfDocument.new()
    for _ in range(3):
        long.import_pages(source)
    out = io.BytesIO()
    long.save(out)
    monkeypatch.setattr(pipeline, "MAX_PAGES", 2)
    reading = read_document(out.getvalue(), "dai.pdf")
    assert reading.readable and reading.pages == 2
    assert reading.note == f"Chỉ đọc 2 trang đầu trong {3 * len(source)} trang."
    assert reading.number == make_document("tests", 0).truth.number


def test_a_progress_callback_that_raises_stops_the_reading(plan_pdf):
    class Cancelled(Exception):
        pass

    def cancel(done, total):
        raise Cancelled

    with pytest.raises(Cancelled):
        read_document(plan_pdf, "ke-hoach.pdf", cancel)


def test_no_damaged_file_makes_it_raise(plan_pdf):
    rng = random.Random(18)
    sources = [plan_pdf, files.plan_docx(), files.plan_odt(), files.evidence_xlsx()]
    for source in sources:
        for _ in range(12):
            data = bytearray(source)
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            reading = read_document(bytes(data), "hong.bin")
            assert reading.readable or reading.note


def test_a_png_without_text_but_with_transparency_is_white_paper():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (800, 1100), (0, 0, 0, 0)).save(out, format="PNG")
    image = ocr.load_image(out.getvalue())
    assert image.getextrema() == (255, 255)
