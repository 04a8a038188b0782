"""DOCX in the layout of Nghị định 30/2020/NĐ-CP (administrative) or Hướng dẫn 36-HD/VPTW (Party)."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .blocks import (
    DRAFT_MARK,
    AnnexHeading,
    DocumentMeta,
    Heading,
    Paragraph,
    Report,
    SectionBreak,
    Table,
    format_cell,
)
from .layout import (
    PARTY_RULE,
    closing,
    curly_quotes,
    fit_columns,
    heads_next,
    introduces,
    nowrap_pieces,
    subject_rule_mm,
)

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
A4 = (Mm(210), Mm(297))
TWIPS_PER_MM = 1440 / 25.4
# Word's default cell margins (0.19 cm left and right) and the border, in millimetres.
CELL_PADDING_MM = 2 * 1.9 + 0.2
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup_styles(document)
    _setup_section(document.sections[0], report.meta, report.meta.landscape)
    body = DocxBody(document, report.meta)
    if report.meta.show_header:
        body.header_block()
        body.title_block()
    # The signature closes the main text; annexes after a section break come after it. The
    # last paragraph (or a short last table) keeps with it on one page: see `layout.closing`.
    start, end = closing(report.blocks)
    for index, block in enumerate(report.blocks):
        if index == end and report.meta.show_signature:
            body.signature_block()
        body.add(block, keep_with_next=start <= index < end and report.meta.show_signature)
    if end == len(report.blocks) and report.meta.show_signature:
        body.signature_block()
    if report.meta.is_draft:
        for index, section in enumerate(document.sections):
            draft_header_mark(section, first=index == 0)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    # Word picks the font per script; without these, Vietnamese text can fall back to Calibri.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.0


def _setup_section(section, meta: DocumentMeta, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    top, bottom, left, right = meta.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    # Page numbers centred in the top margin, none on the first page (Nghị định 30, Điều 11).
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not paragraph.runs:
        _page_field(paragraph)


def draft_header_mark(section, *, first: bool) -> None:
    """DRAFT_MARK, boxed at the top right of every page of the section, the first page too.
    A header that follows the previous section's (linked) already shows that section's mark.

    The mark is a framed paragraph, placed on the page number's line at the right margin: in
    the flow it would add a line to the header and push the text below the top margin."""
    for header in (section.header, section.first_page_header):
        if header.is_linked_to_previous and not first:
            continue
        paragraph = header.paragraphs[0]
        if paragraph.runs:  # the page number keeps its own paragraph, after the frame
            paragraph = paragraph.insert_paragraph_before()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        frame = OxmlElement("w:framePr")
        for key, value in (
            ("w:wrap", "around"),
            ("w:vAnchor", "page"),
            ("w:hAnchor", "margin"),
            ("w:xAlign", "right"),
            ("w:y", str(int((section.header_distance or Mm(10)).twips))),
        ):
            frame.set(qn(key), value)
        paragraph._p.get_or_add_pPr().insert_element_before(
            frame, "w:widowControl", "w:spacing", "w:ind", "w:jc", "w:rPr"
        )
        run = _run(paragraph, DRAFT_MARK, 12, bold=True)
        box = OxmlElement("w:bdr")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "000000"),
        ):
            box.set(qn(key), value)
        run._r.get_or_add_rPr().append(box)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(BODY_PT)


def _run(paragraph, text: str, size: float, bold=False, italic=False):
    """A run of `text` with one kind of quotation marks and the hyphens of codes and numbers
    ("16/CT-TTg") non-breaking, so that no line ends inside them."""
    run = paragraph.add_run()
    for piece, whole in nowrap_pieces(curly_quotes(text)):
        parts = piece.split("-") if whole else [piece]
        for number, part in enumerate(parts):
            if number:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            if part:
                run._r.add_t(part)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _para(container, text="", size=BODY_PT, bold=False, italic=False, align="center", after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = None
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _rule(cell, rule_mm: float, cell_mm: float):
    """A short centred line: an empty paragraph with a bottom border, narrowed by indents."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((cell_mm - rule_mm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_after = Pt(4)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _no_cell_margins(table) -> None:
    """The heading lines need the full column width; Word's default cell padding wraps them."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _all_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, and the table as wide as their sum: Word and LibreOffice then keep
    it exactly there instead of growing it into the margins to fit a long word."""
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:w"), str(round(sum(widths_mm) * TWIPS_PER_MM)))
    width.set(qn("w:type"), "dxa")  # `autofit = False` above made the layout fixed


def _first_paragraph(cell):
    """Cells start with one empty paragraph; use it for the first line."""
    return cell.paragraphs[0]


class DocxBody:
    def __init__(self, document, meta: DocumentMeta):
        self.document, self.meta = document, meta
        self.landscape = meta.landscape

    @property
    def text_width_mm(self) -> float:
        top, bottom, left, right = self.meta.margins_mm
        return (297 if self.landscape else 210) - left - right

    def header_block(self) -> None:
        meta = self.meta
        party = meta.style == "party"
        left_mm = self.text_width_mm * (0.42 if party else 0.36)
        right_mm = self.text_width_mm - left_mm
        table = self.document.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _no_cell_margins(table)
        _widths(table, [left_mm, right_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)

        lines = meta.issuing_body or [""]
        size = 14 if party else 13
        for index, line in enumerate(lines):
            paragraph = _first_paragraph(left) if index == 0 else left.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            # Party style: the superior body is not bold, the issuing committee is.
            bold = not party or index == len(lines) - 1 or len(lines) == 1
            _run(paragraph, line, size, bold=bold)
        if party:
            _para(left, "*", size=14)
        else:
            _rule(left, 25, left_mm)

        if party:
            _run(_first_paragraph(right), "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
            _first_paragraph(right).alignment = WD_ALIGN_PARAGRAPH.CENTER
            _rule(right, 75, right_mm)
        else:
            first = _first_paragraph(right)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.paragraph_format.space_after = Pt(0)
            _run(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
            _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
            _rule(right, 60, right_mm)

        number = _first_paragraph(table.cell(1, 0))
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, meta.number_line, 14 if party else 13)
        when = _first_paragraph(table.cell(1, 1))
        when.alignment = WD_ALIGN_PARAGRAPH.RIGHT if party else WD_ALIGN_PARAGRAPH.CENTER
        _run(when, meta.date_line, 14, italic=True)

    def title_block(self) -> None:
        if self.meta.doc_type:
            _para(
                self.document,
                self.meta.doc_type,
                size=15 if self.meta.style == "party" else 14,
                bold=True,
            ).paragraph_format.space_before = Pt(12)
        if self.meta.subject:
            _para(self.document, self.meta.subject, size=14, bold=True, after=0)
            if self.meta.style == "party":
                _para(self.document, PARTY_RULE, size=14, after=12)
            else:
                rule = _rule(
                    self.document,
                    subject_rule_mm(self.meta.subject, self.text_width_mm),
                    self.text_width_mm,
                )
                rule.paragraph_format.space_before = Pt(2)
                rule.paragraph_format.space_after = Pt(12)

    def add(self, block, keep_with_next: bool = False) -> None:
        """`block` at the end of the document; `keep_with_next`: on the page of what follows
        (the closing paragraph with the signature)."""
        if isinstance(block, Heading):
            paragraph = _para(self.document, block.text, bold=True, align="justify", after=6)
            paragraph.paragraph_format.first_line_indent = Cm(1.27)
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = _para(
                self.document,
                block.text,
                bold=block.bold,
                italic=block.italic,
                align=block.align,
                after=6,
            )
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Cm(1.27)
            paragraph.paragraph_format.keep_with_next = keep_with_next or introduces(block)
        elif isinstance(block, AnnexHeading):
            if block.label:
                _para(self.document, block.label, bold=True)
            _para(self.document, block.title, bold=True)
            _para(self.document, block.attachment, italic=True, after=12)
        elif isinstance(block, Table):
            self.table(block, keep_with_next)
        elif isinstance(block, SectionBreak):
            section = self.document.add_section(WD_SECTION.NEW_PAGE)
            self.landscape = block.landscape
            _setup_section(section, self.meta, block.landscape)

    def table(self, block: Table, keep_with_next: bool = False) -> None:
        indices = block.doc_columns()
        columns = [block.columns[i] for i in indices]
        height = block.header_height(indices)
        table = self.document.add_table(rows=height, cols=len(columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _all_borders(table)
        for header in table.rows:
            # Repeat the header rows on every page.
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(repeat)
        for spec in block.header(indices):
            cell = table.cell(spec.row, spec.col)
            if spec.rowspan > 1 or spec.colspan > 1:
                cell = cell.merge(
                    table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1)
                )
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = _first_paragraph(cell)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, spec.text, TABLE_PT, bold=spec.bold)
        for row, heads in zip(block.rows, heads_next(block.rows), strict=True):
            added = table.add_row()
            _keep_whole(added)  # like the PDF's rows
            cells = added.cells
            if row.kind == "group":
                merged = cells[0].merge(cells[-1])
                paragraph = _first_paragraph(merged)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                _run(paragraph, format_cell(row.cells[0], "text"), TABLE_PT, bold=True)
                # A criterion's row never ends a page: Word keeps a row whose paragraphs
                # all keep with the next on the page of the following row.
                _keep_row_with_next(added, heads or keep_with_next)
                continue
            values = [row.cells[i] for i in block.doc_columns()]
            for cell, column, value in zip(cells, columns, values, strict=True):
                paragraph = _first_paragraph(cell)
                paragraph.alignment = ALIGN[column.align]
                paragraph.paragraph_format.space_after = Pt(2)
                _run(paragraph, format_cell(value, column.kind), TABLE_PT, bold=row.kind == "total")
            # Only a full-width group row keeps with the next in DOCX: LibreOffice (7.4) pushes
            # the paragraph after the table to a new page when a kept subtotal row happens to
            # open a page, leaving a blank last page. The PDF keeps both kinds.
            _keep_row_with_next(added, keep_with_next)
        _widths(table, fit_columns(block, indices, self.text_width_mm, CELL_PADDING_MM))
        # Word needs a paragraph between a table and what follows; an exact 6 pt line is the
        # gap, and at the end of the document it never makes a page of its own.
        spacer = _para(self.document, "").paragraph_format
        spacer.line_spacing, spacer.keep_with_next = Pt(6), keep_with_next

    def signature_block(self) -> None:
        meta = self.meta
        left_mm = self.text_width_mm * 0.45
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _keep_whole(table.rows[0])  # the signer's name never lands alone on the next page
        _widths(table, [left_mm, self.text_width_mm - left_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)
        if meta.show_recipients:
            heading = _first_paragraph(left)
            heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _run(heading, "Nơi nhận:", 12, bold=True, italic=True)
            for line in recipient_lines(meta.recipients):
                _para(left, line, size=11, align="left")
        first = _first_paragraph(right)
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.space_after = Pt(0)
        _run(first, meta.signer_authority, 14, bold=True)
        _para(right, meta.signer_title, size=14, bold=True)
        for _ in range(4):
            _para(right, "")
        _para(right, meta.signer_name, size=14, bold=True)


def _keep_row_with_next(row, keep: bool) -> None:
    if keep:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _keep_whole(row) -> None:
    """A table row stays on one page: Word moves it whole rather than split it."""
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(keep)


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- Đảng ủy xã;" … "- Lưu: VT, …." as Nghị định 30 writes them."""
    items = [r.strip().rstrip(";.") for r in recipients if r.strip()]
    if not any(item.lower().startswith("lưu") for item in items):
        items.append("Lưu: VT")
    lines = [f"- {item};" for item in items[:-1]]
    return [*lines, f"- {items[-1]}."]
