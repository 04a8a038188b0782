"""Hostile Word and Excel files built from a valid one, small on disk (also used by
bench/bench_bombs.py).

Each builder copies every part of a valid .docx/.xlsx and changes one: padding that deflates a
thousand-fold, a DOCTYPE with the "billion laughs" entities, rows past the limit, a value far
to the right, a cell spanning a hundred million columns, or a thousand extra entries.
"""

import io
import zipfile
from collections.abc import Callable, Iterable

FIRST_SHEET = "xl/worksheets/sheet1.xml"
DOCUMENT = "word/document.xml"

BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


def _rewrite(
    valid: bytes,
    part: str,
    write: Callable[[zipfile.ZipFile, zipfile.ZipInfo, bytes], None],
    level: int = 6,
):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(valid)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == part:
                write(target, entry, data)
            else:
                target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _stream(target: zipfile.ZipFile, name: str, chunks: Iterable[bytes]) -> None:
    with target.open(name, "w", force_zip64=True) as handle:  # at the archive's level
        for chunk in chunks:
            handle.write(chunk)


def inflated(valid: bytes, part: str, megabytes: int, level: int = 1) -> bytes:
    """`part` padded with `megabytes` MB of blanks before its last closing tag. Level 1 builds
    fast (about 4.5 KB a MB); level 9 gives the 1 KB a MB of a real bomb."""

    def write(target, entry, data):
        cut = data.rindex(b"</")
        block = b" " * (1024 * 1024)
        _stream(target, part, [data[:cut], *(block for _ in range(megabytes)), data[cut:]])

    return _rewrite(valid, part, write, level)


def with_doctype(valid: bytes, part: str) -> bytes:
    """`part` with the billion-laughs DTD after its XML declaration, and one &lol9; used."""

    def write(target, entry, data):
        declaration_end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
        body = data[declaration_end:]
        if part == FIRST_SHEET and b"<v>" in body:
            # an inline string cell would be neater; any text node takes the entity
            body = body.replace(b"<v>", b"<v>&lol9;", 1)
        target.writestr(part, data[:declaration_end] + BILLION_LAUGHS + body)

    return _rewrite(valid, part, write)


def with_rows(valid: bytes, part: str = FIRST_SHEET, rows: int = 6000, start: int = 1001) -> bytes:
    """`rows` empty rows (`<row r="n"/>`) added after the sheet's own, from row `start`."""

    def write(target, entry, data):
        cut = data.rindex(b"</sheetData>")

        def chunks():
            yield data[:cut]
            for first in range(start, start + rows, 10000):
                last = min(first + 10000, start + rows)
                yield b"".join(b'<row r="%d"/>' % n for n in range(first, last))
            yield data[cut:]

        _stream(target, part, chunks())

    return _rewrite(valid, part, write)


def with_table_rows(valid: bytes, rows: int = 6000) -> bytes:
    """A DOCX whose first table gets `rows` more (empty) rows."""

    def write(target, entry, data):
        target.writestr(DOCUMENT, _in_first_table(data, b"<w:tr/>" * rows, b"</w:tbl>"))

    return _rewrite(valid, DOCUMENT, write)


def with_far_column(valid: bytes, part: str = FIRST_SHEET, row: int = 1001) -> bytes:
    """A row holding a value in column BA (the 53rd), after the sheet's own rows."""

    def write(target, entry, data):
        cut = data.rindex(b"</sheetData>")
        cell = b'<row r="%d"><c r="BA%d" t="inlineStr"><is><t>x</t></is></c></row>' % (row, row)
        target.writestr(part, data[:cut] + cell + data[cut:])

    return _rewrite(valid, part, write)


def with_wide_row(valid: bytes, part: str, cells: int = 600) -> bytes:
    """`part`'s first row (sheet) or first table row (Word) given `cells` more cells."""

    def write(target, entry, data):
        if part == DOCUMENT:
            target.writestr(part, _in_first_table(data, b"<w:tc><w:p/></w:tc>" * cells, b"<w:tc>"))
            return
        extra = b"".join(b'<c r="%s1"/>' % _column(n).encode() for n in range(100, 100 + cells))
        at = data.index(b"</row>")  # after the first row's own cells, in column order
        target.writestr(part, data[:at] + extra + data[at:])

    return _rewrite(valid, part, write)


def _in_first_table(data: bytes, xml: bytes, before: bytes) -> bytes:
    """`xml` put before the first `before` of a document's first table; a document without a
    table (a Word template) gets one holding a row of `xml`."""
    if b"<w:tbl>" in data:
        at = data.index(before)
        return data[:at] + xml + data[at:]
    if not xml.startswith(b"<w:tr"):
        xml = b"<w:tr>" + xml + b"</w:tr>"
    at = data.index(b"<w:sectPr")
    return data[:at] + b"<w:tbl>" + xml + b"</w:tbl>" + data[at:]


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def with_entries(valid: bytes, count: int = 1001) -> bytes:
    """`count` tiny extra parts (custom XML items) beside the real ones."""
    out = io.BytesIO(valid)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"customXml/extra{n}.xml", b"<a/>")
    return out.getvalue()


def with_grid_span(valid: bytes, span: int = 100_000_000) -> bytes:
    """A DOCX whose first table cell claims to span `span` grid columns."""
    from docx import Document

    document = Document(io.BytesIO(valid))
    tc = document.tables[0].rows[0].cells[0]._tc
    tc.get_or_add_tcPr().get_or_add_gridSpan().val = span
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
