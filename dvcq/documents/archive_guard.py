"""Word and Excel uploads checked before a parser opens them, and read within limits.

A .docx or .xlsx is a zip of XML parts. A file of a few hundred KB can inflate to gigabytes
(a "zip bomb"), hold a hundred thousand entries, declare entities that expand a thousand-fold
(“billion laughs”), or list two million empty rows that take a worker a minute to walk through.
Every import of the app (the assignment annex, the framework, the self-score sheet, Phụ lục 1,
custom Word templates) calls `check_office_archive` first, which reads the zip's directory
(sizes, ratios, entry count, without extracting anything) and then streams each XML part of a
file that passed, looking for a DOCTYPE and counting rows and cells; the import then reads rows
through `sheet_rows` or `docx_table_rows`, which count again while reading and stop at the
limit whatever the file claims. Every refusal is a `ValidationError` naming the file, in
Vietnamese.

The limits are far above what these imports ever hold (a framework or an annex is a few
hundred rows, well under 1 MB unzipped) and far below what hurts a worker.
"""

import codecs
import math
import re
import zipfile
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_ENTRIES = 1000
MAX_CENTRAL_DIRECTORY_BYTES = 1 * MB
MAX_UNZIPPED_BYTES = 50 * MB
# Every XML part is parsed whole by python-docx and by openpyxl (shared strings, styles): one
# part is capped well below the total so that its tree stays within a worker's memory, and so
# that the worst sheet refused only while reading (at its 2.001st row) is parsed in a second or
# two.
MAX_XML_PART_BYTES = 5 * MB
# Office XML compresses 5–30:1; a part above 1 MB that compresses better than 100:1 is
# repeated filler. Small parts are not checked: they cannot hurt, whatever their ratio.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
# Parsing a row costs an import about a millisecond: 2.000 rows bound the worst file that
# passes to a second or two. The annex and the templates ask for less.
MAX_ROWS = 2000
MAX_COLUMNS = 50
# Cells a row may hold in the XML, empty formatted ones included; only MAX_COLUMNS are read.
MAX_CELLS_PER_ROW = 500
# The prolog (XML declaration, comments) of a genuine part is a line or two.
PROLOG_BYTES = 4096

_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)
# A spreadsheet row or cell, a Word table row or cell, whatever the namespace prefix.
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c|tr|tc)[\s/>]")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _mb(size: int) -> str:
    return str(math.ceil(size / MB))


def check_office_archive(
    upload,
    *,
    name: str | None = None,
    max_rows: int = MAX_ROWS,
    max_part_bytes: int = MAX_XML_PART_BYTES,
) -> None:
    """Refuse a Word/Excel file whose zip would exhaust a parser, before any parser opens it.

    First from the zip's directory alone, extracting nothing: the entry count (from the end
    record, before the directory itself is read), the total and per-part unzipped sizes and the
    compression ratio of each part. Only then is each XML part streamed (at most 50 MB in all,
    a chunk at a time): no DOCTYPE (the only place entities can be declared), at most MAX_ROWS
    rows and MAX_CELLS_PER_ROW cells a row. A file that is not a zip at all passes: the parser
    that follows refuses it with the import's own message. The upload is left at position 0.
    """
    name = name or getattr(upload, "name", None) or "tệp"
    upload.seek(0)
    try:
        try:
            end = zipfile._EndRecData(upload)  # the end record only; a helper since Python 2
        except (OSError, ValueError, EOFError):
            return
        if end is None:
            return
        count, directory = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
        if count > MAX_ENTRIES or directory > MAX_CENTRAL_DIRECTORY_BYTES:
            raise _refuse(
                _(
                    "Tệp “%(name)s” chứa quá nhiều thành phần (%(count)s; tối đa %(max)s), "
                    "có thể là tệp độc hại."
                )
                % {"name": name, "count": _count(count), "max": _count(MAX_ENTRIES)},
                "archive_entries",
            )
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return
        with archive:
            entries = archive.infolist()
            _check_sizes(entries, name, max_part_bytes)
            for entry in entries:
                _check_part(archive, entry, name, max_rows)
    finally:
        upload.seek(0)


def _check_sizes(entries: list[zipfile.ZipInfo], name: str, max_part_bytes: int) -> None:
    if len(entries) > MAX_ENTRIES:
        raise _refuse(
            _(
                "Tệp “%(name)s” chứa quá nhiều thành phần (%(count)s; tối đa %(max)s), "
                "có thể là tệp độc hại."
            )
            % {"name": name, "count": _count(len(entries)), "max": _count(MAX_ENTRIES)},
            "archive_entries",
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNZIPPED_BYTES:
        raise _refuse(
            _("Tệp “%(name)s” quá lớn khi giải nén (%(size)s MB; tối đa %(max)s MB).")
            % {"name": name, "size": _mb(total), "max": _mb(MAX_UNZIPPED_BYTES)},
            "archive_size",
        )
    for entry in entries:
        if _is_xml_name(entry.filename) and entry.file_size > max_part_bytes:
            raise _refuse(
                _(
                    "Tệp “%(name)s” có phần “%(part)s” quá lớn khi giải nén (%(size)s MB; "
                    "tối đa %(max)s MB)."
                )
                % {
                    "name": name,
                    "part": entry.filename,
                    "size": _mb(entry.file_size),
                    "max": _mb(max_part_bytes),
                },
                "archive_part_size",
            )
        if entry.file_size > RATIO_FROM_BYTES:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > MAX_RATIO:
                raise _refuse(
                    _(
                        "Tệp “%(name)s” bị nén bất thường: phần “%(part)s” giải nén ra gấp "
                        "%(ratio)s lần (tối đa %(max)s lần), có thể là tệp độc hại."
                    )
                    % {
                        "name": name,
                        "part": entry.filename,
                        "ratio": int(ratio),
                        "max": MAX_RATIO,
                    },
                    "archive_ratio",
                )


def _is_xml_name(filename: str) -> bool:
    return filename.lower().endswith((".xml", ".rels", ".vml"))


def _check_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, max_rows: int) -> None:
    """Refuse an XML part that declares a DOCTYPE, or holds too many rows or cells in a row.

    Every part is sniffed, whatever its name: openpyxl and python-docx find parts through the
    relationships, so a worksheet need not end in .xml. An XML part is then streamed (it is at
    most MAX_XML_PART_BYTES) counting spreadsheet rows and cells (`<row>`, `<c>`) and Word
    table rows and cells (`<w:tr>`, `<w:tc>`): openpyxl builds a whole row at once, so a row
    of a million cells would cost gigabytes however few of them the import reads.
    """
    if entry.is_dir() or entry.file_size == 0:
        return
    try:
        with archive.open(entry) as part:
            head = part.read(PROLOG_BYTES)
            decode = None
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                decode = codecs.getincrementaldecoder("utf-16")()
                head = decode.decode(head).encode()
            elif head.startswith(b"\xef\xbb\xbf"):
                head = head[3:]
            if not head.lstrip().startswith(b"<"):
                return  # an image or another binary part
            _check_prolog(head, entry, name)
            _count_rows(_chunks(head, part, decode), entry, name, max_rows)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # the parser that follows says the file is damaged


def _chunks(head: bytes, part, decode) -> Iterator[bytes]:
    yield head
    while chunk := part.read(MB):
        yield decode.decode(chunk).encode() if decode else chunk


def _check_prolog(head: bytes, entry: zipfile.ZipInfo, name: str) -> None:
    position = 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    rest = head[position:].lstrip()
    if rest.startswith(b"<") and not rest.startswith((b"<!", b"<?")):
        return  # the root element: no DOCTYPE came before it
    if len(head) < PROLOG_BYTES and not rest:
        return  # an empty part: the parser says it is damaged
    raise _refuse(
        _(
            "Tệp “%(name)s” có khai báo DOCTYPE/ENTITY trong phần “%(part)s”; tệp Word/Excel "
            "thật không có khai báo này nên tệp bị từ chối."
        )
        % {"name": name, "part": entry.filename},
        "archive_doctype",
    )


def _count_rows(chunks: Iterator[bytes], entry: zipfile.ZipInfo, name: str, max_rows: int) -> None:
    rows = cells = 0
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        # No match spans a "<" but its first character: up to the last one, every tag is whole;
        # the rest waits for the next chunk.
        cut = data.rfind(b"<")
        cut = len(data) if cut == -1 else cut
        for match in _ROW_OR_CELL.finditer(data, 0, cut):
            if match.group(1) in (b"row", b"tr"):
                rows, cells = rows + 1, 0
                if rows > max_rows:
                    raise _refuse(
                        _(
                            "Tệp “%(name)s” có hơn %(max)s dòng (phần “%(part)s”); tệp nhập chỉ "
                            "được có tối đa %(max)s dòng."
                        )
                        % {"name": name, "max": _count(max_rows), "part": entry.filename},
                        "archive_rows",
                    )
            else:
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise _refuse(
                        _(
                            "Tệp “%(name)s” có dòng thứ %(row)s chứa hơn %(max)s ô (phần "
                            "“%(part)s”); tệp nhập chỉ được có tối đa %(columns)s cột."
                        )
                        % {
                            "name": name,
                            "row": _count(rows),
                            "max": _count(MAX_CELLS_PER_ROW),
                            "part": entry.filename,
                            "columns": MAX_COLUMNS,
                        },
                        "archive_cells",
                    )
        tail = data[cut:]


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # 5.000, as Vietnamese writes it


def sheet_rows(
    sheet, *, name: str, min_row: int = 1, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS
) -> Iterator[tuple]:
    """The values of each row of an openpyxl sheet (open it read_only), counted while reading.

    The sheet's own dimension is not trusted: openpyxl is asked for one row more than the limit
    and for `max_columns` columns, so a sheet that claims (or has) a million rows costs no more
    than the limit, and a row is never padded to the 16.384 columns a dimension may claim.
    Rows come as tuples of `max_columns` values; values further right are not read. A row past
    `max_rows` refuses the file; so does XML that fails to parse half-way.
    """
    rows = sheet.iter_rows(
        min_row=min_row, max_row=max_rows + 1, max_col=max_columns, values_only=True
    )
    number = min_row - 1
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # expat, lxml and openpyxl each raise their own kinds
            raise _refuse(
                _("Không đọc được tệp “%(name)s”: trang “%(sheet)s” bị hỏng.")
                % {"name": name, "sheet": sheet.title},
                "sheet_broken",
            ) from error
        number += 1
        if number > max_rows:
            raise _refuse(
                _(
                    "Trang “%(sheet)s” của tệp “%(name)s” có hơn %(max)s dòng; tệp nhập chỉ "
                    "được có tối đa %(max)s dòng."
                )
                % {"sheet": sheet.title, "name": name, "max": _count(max_rows)},
                "sheet_rows",
            )
        yield tuple(values)


def docx_table_rows(
    document, *, name: str, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS
) -> Iterator[list[str]]:
    """The cell texts of each row of every table of a python-docx Document, counted while
    reading.

    As python-docx's `row.cells` does, a cell spanning n grid columns appears n times and a
    vertically merged cell repeats the text above it; but a span is checked before it is
    expanded (`row.cells` would build a list as long as any `gridSpan` a file claims).
    """
    from docx.table import _Cell

    count = 0
    for table in document.tables:
        above: dict[int, str] = {}
        for tr in table._tbl.tr_lst:
            count += 1
            if count > max_rows:
                raise _refuse(
                    _(
                        "Bảng trong tệp “%(name)s” có hơn %(max)s dòng; tệp nhập chỉ được có "
                        "tối đa %(max)s dòng."
                    )
                    % {"name": name, "max": _count(max_rows)},
                    "table_rows",
                )
            column = tr.grid_before
            texts: list[str] = []
            current: dict[int, str] = {}
            for tc in tr.tc_lst:
                span = tc.grid_span
                if column + span > max_columns:
                    raise _refuse(
                        _(
                            "Bảng trong tệp “%(name)s” có dòng %(row)s rộng hơn %(max)s cột; "
                            "tệp nhập chỉ được có tối đa %(max)s cột."
                        )
                        % {"name": name, "row": count, "max": max_columns},
                        "table_columns",
                    )
                text = above.get(column, "") if tc.vMerge == "continue" else _Cell(tc, table).text
                for offset in range(span):
                    current[column + offset] = text
                texts += [text] * span
                column += span
            above = current
            yield texts
