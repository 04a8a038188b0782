"""Real OCR (Tesseract, `-l vie`) of pages laid out by the app's engine, scanned and
photographed (tests/reading/corpus.py): every field read exactly. The bench
(bench/bench_reader.py) measures the same on 60 documents × 4 kinds of picture."""

import pytest

from dvcq.reading.reader import read_document

from .corpus import make_document, variant_photo, variant_scan200, variant_scan300

pytestmark = pytest.mark.slow


def _check(document, name: str, data: bytes, progress=None):
    reading = read_document(data, name, progress)
    assert reading.readable and reading.ocr, reading.note
    assert reading.fields() == document.truth.fields()
    return reading


def test_a_scan_turned_two_degrees_with_jpeg_noise():
    document = make_document("tests", 0)
    name, data = variant_scan200(document)
    _check(document, name, data)


def test_a_phone_photo_of_a_party_document_in_perspective():
    document = make_document("tests", 4)  # a Thông báo of a Party committee
    assert document.truth.issuer.startswith(("Đảng ủy", "Chi bộ", "Ban"))
    name, data = variant_photo(document)
    _check(document, name, data)


def test_a_scanned_pdf_is_read_page_by_page():
    document = make_document("tests", 3)  # a Công văn: "V/v …" under its number
    name, data = variant_scan300(document)
    progress = []
    reading = _check(document, name, data, lambda *done: progress.append(done))
    assert progress == [(page, reading.pages) for page in range(1, reading.pages + 1)]
    assert len(reading.page_texts) == reading.pages
