"""The one reader of a filed document: its text (directly, or by OCR for scans and photos) and
the fields of the decree's header block (số/ký hiệu, ngày ban hành, cơ quan ban hành, tên loại,
trích yếu). The upload page's job, the stored-file job and `manage.py read_document` all call
`read_document`; nothing else reads files.

Reading never raises for a bad file: a file that cannot be read comes back with `readable=False`
and a Vietnamese `note` saying why.

Where each part is: `extract.py` (the kind of a file from its bytes; Word, OpenDocument, Excel
and a PDF page's text layer), `ocr.py` (Tesseract, page images, the header read again),
`header.py` (the fields, and the form each is given: the issuer as an officer types it, "UBND
xã Ba Thành"), `pipeline.py` (page by page, limits, notes). `manage.py read_document FILE
[--json]` prints a reading; `bench/bench_reader.py` measures the fields' accuracy on documents
laid out by the app's engine, scanned and photographed (tests/reading/corpus.py).

INTERFACE (shared by the reading pipeline and the web side; keep it stable):
    read_document(data: bytes, name: str, progress: Callable[[int, int], None] | None = None)
        -> DocumentReading
    `progress(done_pages, total_pages)` is called after each page (OCR runs page by page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class DocumentReading:
    text: str = ""
    pages: int = 0
    ocr: bool = False
    readable: bool = True
    note: str = ""
    number: str = ""  # "45/KH-UBND"
    issued_on: date | None = None  # from "…, ngày 12 tháng 3 năm 2026"
    issuer: str = ""  # "UBND xã Ba Thành"
    kind: str = ""  # "Kế hoạch"
    summary: str = ""  # the trích yếu
    # Per page text, for "matching lines" and page references.
    page_texts: list[str] = field(default_factory=list)

    def fields(self) -> dict:
        """The header fields only, JSON-ready (issued_on as an ISO date or None)."""
        return {
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "kind": self.kind,
            "summary": self.summary,
        }

    def as_json(self) -> dict:
        """What `manage.py read_document FILE --json` prints."""
        return {**self.fields(), "text": self.text, "pages": self.pages, "ocr": self.ocr}


def read_document(
    data: bytes, name: str, progress: Callable[[int, int], None] | None = None
) -> DocumentReading:
    """Read `data` (the file's bytes; `name` only names it in messages: the kind is read from
    the bytes). Never raises for bad input; an exception raised by `progress` (a job that is
    cancelled) goes through."""
    from .pipeline import read

    return read(data, name, progress)


__all__ = ["DocumentReading", "read_document", "asdict"]
