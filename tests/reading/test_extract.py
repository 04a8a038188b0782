"""Born-digital files: the text layer of a PDF, Word, OpenDocument and Excel files, read whole
and with the header's fields."""

from datetime import date

import pytest

from dvcq.reading.reader import read_document

from . import files
from .corpus import KINDS, compare, make_document


@pytest.mark.parametrize("index", range(len(KINDS)))
def test_the_engine_s_pdf_of_every_kind_reads_exactly(index):
    document = make_document("tests", index)
    progress = []
    reading = read_document(document.pdf(), "van-ban.pdf", lambda *done: progress.append(done))
    assert reading.readable and not reading.ocr
    assert compare(document.truth, reading.fields()) == dict.fromkeys(reading.fields(), True)
    assert progress[-1] == (reading.pages, reading.pages) == (len(progress), len(progress))
    assert len(reading.page_texts) == reading.pages


@pytest.mark.parametrize("index", range(0, len(KINDS), 3))
def test_the_engine_s_word_file_reads_exactly(index):
    document = make_document("tests", index)
    reading = read_document(document.docx(), "van-ban.docx")
    assert compare(document.truth, reading.fields()) == dict.fromkeys(reading.fields(), True)
    assert (reading.pages, reading.ocr) == (1, False)


def test_a_cong_van_in_word_keeps_its_v_v_under_the_number():
    document = make_document("tests", 3)
    assert document.truth.kind == "Công văn"
    reading = read_document(document.docx(), "cong-van.docx")
    assert reading.summary == document.truth.summary
    assert reading.kind == "Công văn"


def test_a_hand_made_word_file_gives_its_fields_and_its_tables_row_by_row():
    reading = read_document(files.plan_docx(), "ke-hoach.docx")
    assert reading.fields() == {
        "number": "45/KH-UBND",
        "issued_on": "2026-03-12",
        "issuer": "UBND xã Ba Thành",
        "kind": "Kế hoạch",
        "summary": files.SUMMARY,
    }
    assert "1\tQuán triệt Kết luận số 114-KL/TW\t2,50" in reading.text
    assert "Số: 45/KH-UBND\tBa Thành, ngày 12 tháng 3 năm 2026" in reading.text


def test_an_odt_gives_its_fields():
    reading = read_document(files.plan_odt(), "ke-hoach.odt")
    assert reading.readable
    assert (reading.number, reading.issued_on, reading.issuer, reading.kind) == (
        "45/KH-UBND",
        date(2026, 3, 12),
        "UBND xã Ba Thành",
        "Kế hoạch",
    )
    assert reading.summary == files.SUMMARY
    assert files.BODY[0] in reading.text


def test_an_ods_is_read_without_writing_out_its_repeated_empty_cells():
    reading = read_document(files.sheet_ods(), "minh-chung.ods")
    assert reading.readable
    assert "1\tKế hoạch số 18/KH-UBND" in reading.text
    assert len(reading.text) < 1000


def test_an_xlsx_gives_each_sheet_with_its_rows():
    reading = read_document(files.evidence_xlsx(), "minh-chung.xlsx")
    assert reading.readable and reading.pages == 2
    assert reading.page_texts[0].splitlines()[0] == "Minh chứng"
    assert "1\tKế hoạch số 45/KH-UBND\t12/03/2026" in reading.text


def test_the_kind_is_read_from_the_bytes_not_the_name():
    reading = read_document(files.plan_docx(), "anh-chup.jpg")
    assert reading.number == "45/KH-UBND"


def test_threads_of_one_worker_read_pdfs_at_the_same_time():
    from concurrent.futures import ThreadPoolExecutor

    documents = [make_document("tests", index) for index in range(4)]
    pdfs = [document.pdf() for document in documents]
    with ThreadPoolExecutor(max_workers=4) as pool:
        readings = list(pool.map(lambda pdf: read_document(pdf, "x.pdf"), pdfs * 3))
    for document, reading in zip(documents * 3, readings, strict=True):
        assert reading.fields() == document.truth.fields()
