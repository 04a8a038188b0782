"""What a file is (from its bytes) and the text of born-digital files: Word (.docx), OpenDocument
(.odt, .ods), Excel (.xlsx) and the text layer of a PDF page.

Office files are zip archives checked by `check_office_archive` (the app's zip-bomb and
DOCTYPE guard) before any part is parsed; only the parts holding text are parsed, with a
parser that loads no DTD and resolves no entity, and the text read is capped (MAX_LINES,
MAX_CHARS), so a file that passes the guard still costs a bounded time and memory.

The text keeps the layout the header parser needs: a line per paragraph, the cells of a
table's row on one line with a tab between them (the decree's header is a borderless table:
"Số: 45/KH-UBND<tab>Ba Thành, ngày …"), and a blank line where the layout changes (from the
centred bold title and trích yếu to the justified body, in Word and OpenDocument; at a gap
larger than a paragraph's, in a PDF).
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile

from lxml import etree

from .text import clean

MAX_LINES = 20_000
MAX_CHARS = 2_000_000
# The guard's limits for reading (an import reads a few hundred rows; a document a few
# thousand paragraphs or table rows).
MAX_ROWS = 20_000
MAX_XML_PART_BYTES = 25 * 1024 * 1024
# Spreadsheets: rows and columns read of each sheet, sheets read.
SHEET_ROWS = 5_000
SHEET_COLUMNS = 50
MAX_SHEETS = 50
# A repeated cell or row of an OpenDocument table (table:number-columns-repeated="16384")
# is written out at most this many times.
ODF_REPEAT = 50

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
ODF_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"BM",
)


def kind_of(data: bytes) -> str:
    """ "pdf", "image", "docx", "xlsx", "odt", "ods", "ole" (Word/Excel 97), "broken" (a zip
    that does not open), "empty" or "unknown" — from the bytes, never from the name."""
    if not data:
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist()[:5000])
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names and "content.xml" in names:
                    mimetype = archive.open("mimetype").read(100).decode("ascii", "ignore")
                    if mimetype.strip().endswith("opendocument.text"):
                        return "odt"
                    if mimetype.strip().endswith("opendocument.spreadsheet"):
                        return "ods"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            return "broken"  # a zip that cannot be opened: a damaged Office file
    return "unknown"


def check_archive(data: bytes, name: str) -> None:
    """The app's guard against zip bombs and entity expansion; raises ValidationError."""
    from dvcq.documents.archive_guard import check_office_archive

    check_office_archive(
        io.BytesIO(data), name=name, max_rows=MAX_ROWS, max_part_bytes=MAX_XML_PART_BYTES
    )


def _parse_xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser=parser)


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_PART_BYTES:
        raise ValueError(f"{name} too large")
    with archive.open(info) as part:
        return part.read(MAX_XML_PART_BYTES + 1)


class _Lines:
    """Lines of text with a blank line between blocks, within MAX_LINES and MAX_CHARS."""

    def __init__(self):
        self.lines: list[str] = []
        self.chars = 0
        self.block = None

    @property
    def full(self) -> bool:
        return len(self.lines) >= MAX_LINES or self.chars >= MAX_CHARS

    def add(self, text: str, block=None) -> None:
        if self.full:
            return
        if block is not None and self.block is not None and block != self.block:
            self.gap()
        if block is not None:
            self.block = block
        text = text[: MAX_CHARS - self.chars]
        self.lines.append(text)
        self.chars += len(text) + 1

    def gap(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self) -> str:
        return clean("\n".join(self.lines)).strip("\n")


# --- Word -------------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = _parse_xml(_read_part(archive, "word/document.xml"))
    body = root.find(f"{{{W}}}body")
    out = _Lines()
    if body is not None:
        _docx_children(body, out)
    return out.text()


def _docx_children(element, out: _Lines) -> None:
    for child in element:
        if out.full:
            return
        tag = child.tag
        if tag == f"{{{W}}}p":
            _docx_paragraph(child, out)
        elif tag == f"{{{W}}}tbl":
            out.gap()
            for row in child.iter(f"{{{W}}}tr"):
                if row.getparent() is not child:
                    continue  # a nested table's rows come with their cell
                _docx_row(row, out)
                if out.full:
                    return
            out.gap()
            out.block = None
        elif tag in (f"{{{W}}}sdt", f"{{{W}}}sdtContent", f"{{{W}}}customXml"):
            _docx_children(child, out)


def _docx_row(row, out: _Lines) -> None:
    cells = []
    for cell in row.findall(f"{{{W}}}tc"):
        merge = cell.find(f"{{{W}}}tcPr/{{{W}}}vMerge")
        if merge is not None and merge.get(f"{{{W}}}val", "continue") == "continue":
            continue
        inner = _Lines()
        _docx_children(cell, inner)
        cells.append([line for line in inner.lines if line.strip()])
    if all(len(lines) <= 1 for lines in cells):
        line = "\t".join(lines[0] if lines else "" for lines in cells).strip("\t")
        if line:
            out.add(line)
        return
    for lines in cells:
        for line in lines:
            out.add(line)


def _docx_paragraph(paragraph, out: _Lines) -> None:
    """A paragraph's own text; text boxes anchored in it come after it as lines of their own
    (their mc:Fallback copy is skipped)."""
    pieces: list[str] = []
    boxes = []
    bold_runs = plain_runs = 0
    for element in _walk_paragraph(paragraph, boxes):
        tag = element.tag
        if tag == f"{{{W}}}t":
            text = element.text or ""
            pieces.append(text)
            if text.strip():
                if _run_is_bold(element.getparent()):
                    bold_runs += 1
                else:
                    plain_runs += 1
        elif tag == f"{{{W}}}tab":
            pieces.append("\t")
        elif tag in (f"{{{W}}}br", f"{{{W}}}cr"):
            pieces.append("\n")
        elif tag == f"{{{W}}}noBreakHyphen":
            pieces.append("-")
    text = "".join(pieces)
    align = paragraph.find(f"{{{W}}}pPr/{{{W}}}jc")
    centred = align is not None and align.get(f"{{{W}}}val") == "center"
    block = (centred, bold_runs > 0 and plain_runs == 0)
    if text.strip():
        for line in text.split("\n"):
            out.add(line, block)
    else:
        out.gap()
    for box in boxes:
        _docx_children(box, out)


def _walk_paragraph(element, boxes: list):
    for child in element:
        tag = child.tag
        if tag == f"{{{MC}}}Fallback" or tag == f"{{{W}}}delText":
            continue
        if tag == f"{{{W}}}txbxContent":
            boxes.append(child)
            continue
        if tag == f"{{{W}}}del":
            continue
        yield child
        yield from _walk_paragraph(child, boxes)


def _run_is_bold(run) -> bool:
    if run is None:
        return False
    bold = run.find(f"{{{W}}}rPr/{{{W}}}b")
    return bold is not None and bold.get(f"{{{W}}}val", "true") not in ("0", "false", "off")


# --- OpenDocument -----------------------------------------------------------------------------


def odf_text(data: bytes) -> str:
    """Text of an .odt or .ods: paragraphs and headings, tables a row a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = _parse_xml(_read_part(archive, "content.xml"))
    styles = _odf_paragraph_styles(root)
    body = root.find(f"{{{ODF_OFFICE}}}body")
    out = _Lines()
    if body is not None:
        _odf_children(body, out, styles)
    return out.text()


def _odf_paragraph_styles(root) -> dict[str, tuple[bool, bool]]:
    """(centred, bold) of each automatic paragraph style, as LibreOffice writes them."""
    styles = {}
    automatic = root.find(f"{{{ODF_OFFICE}}}automatic-styles")
    if automatic is None:
        return styles
    for style in automatic.findall(f"{{{ODF_STYLE}}}style"):
        paragraph = style.find(f"{{{ODF_STYLE}}}paragraph-properties")
        text = style.find(f"{{{ODF_STYLE}}}text-properties")
        centred = paragraph is not None and paragraph.get(f"{{{ODF_FO}}}text-align") == "center"
        bold = text is not None and text.get(f"{{{ODF_FO}}}font-weight") == "bold"
        styles[style.get(f"{{{ODF_STYLE}}}name")] = (centred, bold)
    return styles


def _odf_children(element, out: _Lines, styles) -> None:
    for child in element:
        if out.full:
            return
        tag = child.tag
        if tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"):
            text = _odf_inline(child)
            block = styles.get(child.get(f"{{{ODF_TEXT}}}style-name"), (False, False))
            if text.strip():
                for line in text.split("\n"):
                    out.add(line, block)
            else:
                out.gap()
        elif tag == f"{{{ODF_TABLE}}}table":
            out.gap()
            _odf_table(child, out, styles)
            out.gap()
            out.block = None
        elif tag == f"{{{ODF_TABLE}}}table-row":
            _odf_row(child, out, styles)
        else:
            _odf_children(child, out, styles)


def _odf_table(table, out: _Lines, styles) -> None:
    for child in table:
        if out.full:
            return
        if child.tag == f"{{{ODF_TABLE}}}table-row":
            _odf_row(child, out, styles)
        else:  # header rows, row groups
            _odf_table(child, out, styles)


def _odf_row(row, out: _Lines, styles) -> None:
    cells = []
    for cell in row:
        if cell.tag not in (f"{{{ODF_TABLE}}}table-cell", f"{{{ODF_TABLE}}}covered-table-cell"):
            continue
        inner = _Lines()
        _odf_children(cell, inner, styles)
        lines = [line for line in inner.lines if line.strip()]
        repeat = _repeat(cell.get(f"{{{ODF_TABLE}}}number-columns-repeated"))
        cells += [lines] * (min(repeat, ODF_REPEAT) if lines else 1)
        if len(cells) > SHEET_COLUMNS:
            cells = cells[:SHEET_COLUMNS]
            break
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return
    repeat = min(_repeat(row.get(f"{{{ODF_TABLE}}}number-rows-repeated")), ODF_REPEAT)
    for _ in range(repeat):
        if all(len(lines) <= 1 for lines in cells):
            out.add("\t".join(lines[0] if lines else "" for lines in cells))
        else:
            for lines in cells:
                for line in lines:
                    out.add(line)


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _odf_inline(element) -> str:
    pieces = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{ODF_TEXT}}}s":
            pieces.append(" " * min(_repeat(child.get(f"{{{ODF_TEXT}}}c")), 100))
        elif tag == f"{{{ODF_TEXT}}}tab":
            pieces.append("\t")
        elif tag == f"{{{ODF_TEXT}}}line-break":
            pieces.append("\n")
        elif tag in (f"{{{ODF_TEXT}}}note", f"{{{ODF_OFFICE}}}annotation"):
            pass  # footnotes and comments are not the document's text
        else:
            pieces.append(_odf_inline(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


# --- Excel ------------------------------------------------------------------------------------


def xlsx_sheets(data: bytes) -> list[str]:
    """Text of each sheet: its name, then a line per row, cells separated by tabs."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in book.worksheets[:MAX_SHEETS]:
            out = _Lines()
            out.add(sheet.title)
            rows = sheet.iter_rows(max_row=SHEET_ROWS, max_col=SHEET_COLUMNS, values_only=True)
            for values in rows:
                cells = ["" if v is None else _cell(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    out.add("\t".join(cells))
                if out.full:
                    break
            sheets.append(out.text())
        return sheets
    finally:
        book.close()


def _cell(value) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return (
            f"{value:%d/%m/%Y}" if not (value.hour or value.minute) else f"{value:%d/%m/%Y %H:%M}"
        )
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split("\n"))


# --- PDF text layer ---------------------------------------------------------------------------


# Characters of a page's text layer looked at, at most.
MAX_PAGE_CHARS = 60_000


def pdf_page_text(page) -> str:
    """The text layer of a pypdfium2 page as lines (pdfium's own): characters far apart on a
    line (the header's two columns, a table's cells) separated by a tab, a blank line at a
    vertical gap wider than a line."""
    textpage = page.get_textpage()
    try:
        count = min(textpage.count_chars(), MAX_PAGE_CHARS)
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) != count:  # not one character per index: no boxes to go by
            return clean(text).strip()
        boxes = [textpage.get_charbox(index) for index in range(count)]
    finally:
        textpage.close()
    return clean(_layout(text, boxes, page.get_width())).strip("\n")


def _layout(text: str, boxes: list[tuple[float, float, float, float]], page_width: float) -> str:
    lines: list[list[int]] = [[]]
    for index, char in enumerate(text):
        if char in "\r\n":
            if char == "\n" or not text.startswith("\n", index + 1):
                lines.append([])
            continue
        lines[-1].append(index)
    measured = []  # (indices, bottom, top)
    for indices in lines:
        visible = [i for i in indices if not text[i].isspace() and boxes[i][3] > boxes[i][1]]
        if not visible:
            continue
        bottom = min(boxes[i][1] for i in visible)
        top = max(boxes[i][3] for i in visible)
        measured.append((indices, bottom, top))
    if not measured:
        return text
    height = statistics.median(top - bottom for _i, bottom, top in measured)
    column_gap = max(page_width * 0.035, 2.5 * height)
    out = []
    previous_bottom = None
    for indices, bottom, top in measured:
        if previous_bottom is not None and previous_bottom - top > 0.9 * height:
            out.append("")
        previous_bottom = bottom
        pieces = []
        last_right = None
        for i in indices:
            char = text[i]
            if char.isspace():
                pieces.append(" ")
                continue
            left, _bottom, right, _top = boxes[i]
            if last_right is not None and left - last_right > column_gap:
                while pieces and pieces[-1] == " ":
                    pieces.pop()
                pieces.append("\t")
            pieces.append(char)
            last_right = right
        out.append(re.sub(" {2,}", " ", "".join(pieces)).strip())
    return "\n".join(out)


# Characters of a real text layer: letters (Vietnamese included), digits, punctuation, spaces.
def text_quality(text: str) -> tuple[int, float]:
    """(letters, share of the non-space characters that are letters, digits or common
    punctuation). A text layer of unmapped glyphs (a PDF whose fonts carry no Unicode)
    scores low on the second."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0, 0.0
    letters = sum(c.isalpha() for c in visible)
    usual = sum(c.isalnum() or c in ".,;:!?()[]{}\"'“”‘’/-–—%&*+=<>…§°#@_|~^$" for c in visible)
    weird = sum(0xE000 <= ord(c) <= 0xF8FF or ord(c) < 32 or c == "\ufffd" for c in visible)
    return letters, (usual - weird) / len(visible)
