"""From a file's bytes to a DocumentReading: which reader, page by page, and every way a file can
fail turned into a note.

A PDF is read page by page: a page with a text layer gives its text; a page without one (a
scan), or whose text layer is unmapped glyphs, is rendered (pypdfium2, about 200 dpi, never
above MAX_RENDER_PIXELS) and read by Tesseract. Photos and scans sent as images are read the
same way. Word, OpenDocument and Excel files have their text read from their XML.
"""

from __future__ import annotations

import logging
import math
import subprocess
import threading
import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import extract, ocr
from .header import parse_header
from .reader import DocumentReading

logger = logging.getLogger(__name__)

# Pages of a PDF read; the rest are left (with a note).
MAX_PAGES = 200
# Scanned pages are rendered at this resolution for OCR (see ocr.py: the Vietnamese model reads
# a 200 dpi page better than a 300 dpi one, and twice as fast).
OCR_DPI = 200
# Pixels of one rendered page at most (an A4 page at 200 dpi is 3.9 million; a poster-sized
# page is rendered at a lower resolution instead of taking gigabytes).
MAX_RENDER_PIXELS = 16_000_000
# An image inside a PDF page above this many pixels is not decoded (a "pixel bomb").
MAX_EMBEDDED_PIXELS = 150_000_000
# All the OCR of one file: a scan of MAX_PAGES pages takes a few minutes; past this the rest is
# left unread (with a note).
OCR_BUDGET_SECONDS = 20 * 60
# A page with fewer letters in its text layer than this, and an image on it, is a scan.
MIN_LETTERS = 40
# PDFium is not thread-safe: every call into it, from any thread of a worker, holds this lock
# (OCR, the slow part, runs outside it).
PDFIUM = threading.RLock()
# A text layer in which fewer characters than this are letters, digits or punctuation is
# glyph codes without Unicode (some PDF makers): read by OCR instead.
MIN_TEXT_QUALITY = 0.8


class _ProgressFailed(Exception):
    """An exception raised by the caller's progress callback, carried out unchanged."""

    def __init__(self, original: BaseException):
        self.original = original


def read(data: bytes, name: str, progress: Callable[[int, int], None] | None) -> DocumentReading:
    def report(done: int, total: int) -> None:
        if progress is not None:
            try:
                progress(done, total)
            except Exception as error:  # noqa: BLE001 — handed back to the caller below
                raise _ProgressFailed(error) from error

    try:
        reading = _read(bytes(data or b""), name or "", report)
    except _ProgressFailed as failed:
        raise failed.original from None
    except ocr.OcrUnavailable:
        reading = _unreadable(
            _("Máy chủ chưa cài Tesseract (tiếng Việt) nên không đọc được bản quét và ảnh.")
        )
    except Exception:  # a file no reader expected: it is damaged, whatever it claims to be
        logger.warning("could not read %r", name, exc_info=True)
        reading = _unreadable(_("Tệp bị hỏng, không đọc được nội dung."))
    if reading.readable:
        try:
            fields = parse_header(reading.text)
        except Exception:  # the parser must not lose the text already read
            logger.exception("header parsing failed for %r", name)
        else:
            reading.number = fields.number
            reading.issued_on = fields.issued_on
            reading.issuer = fields.issuer
            reading.kind = fields.kind
            reading.summary = fields.summary
    return reading


def _unreadable(note: str, **kwargs) -> DocumentReading:
    return DocumentReading(readable=False, note=note, **kwargs)


def _read(data: bytes, name: str, report) -> DocumentReading:
    kind = extract.kind_of(data)
    if kind == "empty":
        return _unreadable(_("Tệp rỗng, không có nội dung để đọc."))
    if kind == "pdf":
        return _read_pdf(data, report)
    if kind == "image":
        return _read_image(data, report)
    if kind == "broken":
        return _unreadable(_("Tệp bị hỏng, không đọc được nội dung."))
    if kind == "ole":
        return _unreadable(
            _(
                "Chưa đọc được tệp Word/Excel dạng cũ (.doc, .xls); hãy lưu lại thành .docx, "
                ".xlsx hoặc PDF rồi tải lên."
            )
        )
    if kind in ("docx", "xlsx", "odt", "ods"):
        try:
            extract.check_archive(data, name or _("tệp"))
        except ValidationError as error:
            return _unreadable(" ".join(error.messages))
        if kind == "xlsx":
            pages = extract.xlsx_sheets(data)
        else:
            pages = [extract.docx_text(data) if kind == "docx" else extract.odf_text(data)]
        report(1, 1)
        return _finish(pages, ocr_used=False, notes=[], empty_note=_no_text_note(kind))
    return _unreadable(
        _(
            "Không đọc được loại tệp này; chỉ đọc được PDF, Word (.docx), Excel (.xlsx), "
            "OpenDocument (.odt, .ods) và ảnh (JPEG, PNG)."
        )
    )


def _no_text_note(kind: str) -> str:
    if kind in ("xlsx", "ods"):
        return _("Bảng tính không có chữ nào.")
    return _("Tệp không có chữ (có thể chỉ chứa ảnh chụp hoặc ảnh quét).")


def _finish(pages: list[str], *, ocr_used: bool, notes: list[str], empty_note: str):
    text = "\n\n".join(page for page in pages)
    if not text.strip():
        return _unreadable(" ".join([empty_note, *notes]), pages=len(pages), ocr=ocr_used)
    return DocumentReading(
        text=text,
        pages=len(pages),
        ocr=ocr_used,
        readable=True,
        note=" ".join(notes),
        page_texts=pages,
    )


def _read_image(data: bytes, report) -> DocumentReading:
    from PIL import Image, UnidentifiedImageError

    try:
        image = ocr.load_image(data)
    except ocr.ImageRefused as refused:
        return _unreadable(str(refused), pages=1)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return _unreadable(_("Ảnh bị hỏng hoặc không phải ảnh JPEG/PNG, không đọc được."), pages=1)
    try:
        result = ocr.ocr_page(image, header=True)
    except subprocess.TimeoutExpired:
        return _unreadable(_("Đọc ảnh quá lâu nên đã dừng."), pages=1, ocr=True)
    finally:
        image.close()
    report(1, 1)
    if not result.found_text:
        return _unreadable(_("Không nhận ra chữ trong ảnh."), pages=1, ocr=True)
    return _finish([result.text], ocr_used=True, notes=[], empty_note="")


def _read_pdf(data: bytes, report) -> DocumentReading:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        with PDFIUM:
            pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            return _unreadable(_("Tệp được mã hóa bằng mật khẩu, không đọc được nội dung."))
        return _unreadable(_("Tệp PDF bị hỏng, không đọc được nội dung."))
    try:
        with PDFIUM:
            count = len(pdf)
        if count == 0:
            return _unreadable(_("Tệp PDF không có trang nào."))
        total = min(count, MAX_PAGES)
        notes = []
        if count > MAX_PAGES:
            notes.append(
                _("Chỉ đọc %(read)s trang đầu trong %(pages)s trang.")
                % {"read": MAX_PAGES, "pages": count}
            )
        pages: list[str] = []
        scanned = 0
        deadline = time.monotonic() + OCR_BUDGET_SECONDS
        for index in range(total):
            number = index + 1
            with PDFIUM:
                page = pdf[index]
                try:
                    text, needs_ocr = _page_text_layer(page)
                    image = note = None
                    if needs_ocr and time.monotonic() <= deadline:
                        image, dpi, note = _page_image(page, number)
                finally:
                    page.close()
            if needs_ocr:
                scanned += 1
                if time.monotonic() > deadline:
                    notes.append(_("Đọc quá lâu nên dừng ở trang %(page)s.") % {"page": number})
                    break
                if image is not None:
                    text, note = _ocr_image(image, dpi, number)
                if note:
                    notes.append(note)
            pages.append(text)
            report(number, total)
    finally:
        with PDFIUM:
            pdf.close()
    empty = (
        _("Không nhận ra chữ trong tệp PDF (bản quét mờ hoặc không có chữ).")
        if scanned
        else _("Tệp PDF không có chữ.")
    )
    return _finish(pages, ocr_used=scanned > 0, notes=notes, empty_note=empty)


def _page_text_layer(page) -> tuple[str, bool]:
    """(text of the page's text layer, whether the page must be read by OCR instead)."""
    text = extract.pdf_page_text(page)
    letters, quality = extract.text_quality(text)
    if letters >= MIN_LETTERS and quality >= MIN_TEXT_QUALITY:
        return text, False
    if letters and quality < MIN_TEXT_QUALITY:
        return "", True
    return text, _has_images(page)


def _images(page):
    import pypdfium2.raw as pdfium_c

    return page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3)


def _has_images(page) -> bool:
    return next(iter(_images(page)), None) is not None


def _page_image(page, number: int):
    """(grey image, its dpi, None) of a scanned page to OCR, or (None, 0, why not)."""
    for image in _images(page):
        try:
            width, height = image.get_px_size()
        except Exception:  # noqa: BLE001 — an image pdfium cannot size is left to render
            continue
        if width * height > MAX_EMBEDDED_PIXELS:
            return (
                None,
                0,
                _("Trang %(page)s chứa ảnh quá lớn nên không đọc được.") % {"page": number},
            )
    width, height = page.get_size()
    scale = OCR_DPI / 72
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1))
    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
    try:
        return bitmap.to_pil().convert("L"), round(scale * 72), None  # a copy: the bitmap goes
    finally:
        bitmap.close()


def _ocr_image(image, dpi: int, number: int) -> tuple[str, str | None]:
    """(text, note) of a scanned page's image; the first page's header is read again."""
    try:
        result = ocr.ocr_page(image, dpi=dpi, header=number == 1)
    except subprocess.TimeoutExpired:
        return "", _("Trang %(page)s đọc quá lâu nên đã bỏ qua.") % {"page": number}
    finally:
        image.close()
    return (result.text if result.found_text else ""), None
