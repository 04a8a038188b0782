"""PDF through WeasyPrint from HTML and print CSS, in the same layout as the DOCX."""

import threading
import unicodedata

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .blocks import AnnexHeading, Heading, Paragraph, Report, SectionBreak, Table, format_cell
from .docx_renderer import recipient_lines
from .layout import (
    PARTY_RULE,
    closing,
    curly_quotes,
    fit_columns,
    heads_next,
    introduces,
    nowrap_pieces,
    subject_rule_mm,
    words_fit,
)

# Cell padding (4pt each side) and border of `table.grid` in print.css, in millimetres.
CELL_PADDING_MM = (8 + 0.75) * 25.4 / 72
# A piece longer than this may still break: a piece wider than its column would run over the
# next one.
NOWRAP_MAX = 40
# No width, no glyph and nothing for a text extractor, but no line break on either side.
WORD_JOINER = "\u2060"


def render_html(report: Report) -> str:
    meta = report.meta
    top, bottom, left, right = meta.margins_mm
    phrases = (meta.place,) if meta.place else ()
    blocks, landscape = [], meta.landscape
    for block in report.blocks:
        if isinstance(block, SectionBreak):
            landscape = block.landscape
        width = _text_width(meta, landscape)
        blocks.append(_block(block, width, phrases))
    return render_to_string(
        "documents/print.html",
        {
            "report": report,
            "meta": meta,
            "subject": typeset(meta.subject, phrases),
            "subject_rule_mm": f"{subject_rule_mm(meta.subject, _text_width(meta, meta.landscape)):.1f}",
            "party_rule": PARTY_RULE,
            "blocks": _with_signature(blocks, report),
            "recipients": recipient_lines(meta.recipients),
            "margins": f"{top}mm {right}mm {bottom}mm {left}mm",
        },
    )


def _text_width(meta, landscape: bool) -> float:
    top, bottom, left, right = meta.margins_mm
    return (297 if landscape else 210) - left - right


# WeasyPrint's font set-up (fontconfig and Pango's font map, about a tenth of a small
# document's time) is made once per thread and kept for every later document: the documents
# load no web fonts, so it never changes. Pango's font map is not shared between threads.
# So is the parsed print stylesheet, the same for every document.
_weasy = threading.local()


def _font_config():
    if not hasattr(_weasy, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _weasy.font_config = FontConfiguration()
    return _weasy.font_config


def _print_css():
    """print.css, parsed once: passed to WeasyPrint as the user's stylesheet (the only kind it
    takes already parsed), under print.html's own rules and over WeasyPrint's defaults."""
    if not hasattr(_weasy, "print_css"):
        from weasyprint import CSS

        css = render_to_string("documents/print.css")
        _weasy.print_css = CSS(string=css, font_config=_font_config())
    return _weasy.print_css


def laid_out(page: str):
    """WeasyPrint's pages of `page` (print.html's output) under print.css: the only way from
    HTML to a PDF, so that nothing lays a document out without its stylesheet."""
    from weasyprint import HTML

    return HTML(string=page).render(font_config=_font_config(), stylesheets=[_print_css()])


def render_pdf(report: Report) -> bytes:
    document = laid_out(render_html(report))
    if report.meta.is_draft:
        _draw_draft_mark(document, report.meta)
    return document.write_pdf()


# The diagonal "DỰ THẢO" of a draft (draft_mark.svg: outlines, so that a text extractor reads
# nothing of it), in a box of this size (mm) centred in the text area of every page, under the
# text, in a grey light enough that every word over it stays readable.
DRAFT_MARK_MM = (140, 92)
PX_PER_MM = 96 / 25.4  # CSS pixels, WeasyPrint's unit


def _draw_draft_mark(document, meta) -> None:
    """Put the draft watermark under the content of every page of `document` (before
    `write_pdf`). WeasyPrint's own SVG drawing draws it once, into a form XObject that every
    page shows: as an SVG element repeated on every page, its path was parsed and drawn again
    for each page (9 % of the annex's PDF)."""
    from xml.etree import ElementTree

    from weasyprint.svg import SVG

    svg = SVG(ElementTree.fromstring(render_to_string("documents/draft_mark.svg")), None, None)
    width, height = (size * PX_PER_MM for size in DRAFT_MARK_MM)
    top, bottom, left, right = (margin * PX_PER_MM for margin in meta.margins_mm)
    drawn = {}

    def painter(page):
        paint = page.paint
        # Centred in the text area, as a `position: fixed` box at 50 % / 50 % would be.
        x = left + (page.width - left - right - width) / 2
        y = top + (page.height - top - bottom - height) / 2

        def paint_with_mark(stream, scale=1):
            if "id" not in drawn:
                # The pages share one dictionary of resources: the first page's form is
                # every page's.
                form = stream.add_group(0, 0, width, height)
                svg.draw(form, width, height, None, None)
                drawn["id"] = form.id
            with stream.stacked():
                stream.transform(a=scale, d=scale)
                stream.transform(e=x, f=y)
                stream.draw_x_object(drawn["id"])
            paint(stream, scale)

        return paint_with_mark

    for page in document.pages:
        page.paint = painter(page)


def typeset(text: str, phrases: tuple[str, ...] = ()) -> SafeString:
    """`text` as HTML: one kind of quotation marks, line breaks kept, and numbers, codes and
    the place's name kept on one line ("16/CT-TTg", "100,00", "Ba Thành")."""
    html = []
    for piece, whole in nowrap_pieces(curly_quotes(str(text)), phrases):
        if whole and len(piece) <= NOWRAP_MAX:
            piece = glued(piece)
        html.append(escape(piece).replace("\n", "<br>"))
    return mark_safe("".join(html))


def glued(piece: str) -> str:
    """`piece` with a word joiner wherever a line could break inside it: after a space, and
    around a hyphen, a slash or any other mark ("16/⁠CT-⁠TTg"). Lines break as with a
    `white-space: nowrap` span, but WeasyPrint lays the text out as one run instead of a box
    of its own for each piece (4 % of the annex's PDF went into those boxes), and a justified
    line stretches all its spaces alike (the spaces beside a span got less). The spaces stay
    spaces, so a reader's search finds "Ba Thành"."""
    out = [piece[:1]]
    for before, char in zip(piece, piece[1:], strict=False):
        # No line breaks between letters and digits, nor before a combining accent.
        if not (_is_accent(char) or char.isalnum() and (before.isalnum() or _is_accent(before))):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def _is_accent(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _with_signature(blocks: list[dict], report: Report) -> list[dict]:
    """The signature closes the main text, before any annex that follows a section break;
    the last paragraph (see `layout.closing`) goes with it in a block no page break splits,
    so "Nơi nhận" and the signature are never alone on the last page."""
    if not report.meta.show_signature:
        return blocks
    start, end = closing(report.blocks)
    return [
        *blocks[:start],
        {"type": "keep"},
        *blocks[start:end],
        {"type": "signature"},
        *blocks[end:],
    ]


def _block(block, text_width_mm: float, phrases: tuple[str, ...]) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "text": typeset(block.text, phrases), "level": block.level}
    if isinstance(block, Paragraph):
        return {
            "type": "paragraph",
            "p": block,
            "text": typeset(block.text, phrases),
            "lead": introduces(block),
        }
    if isinstance(block, AnnexHeading):
        return {
            "type": "annex",
            "a": block,
            "title": typeset(block.title, phrases),
            "attachment": typeset(block.attachment, phrases),
        }
    if isinstance(block, SectionBreak):
        return {"type": "section", "landscape": block.landscape}
    if isinstance(block, Table):
        keep = block.doc_columns()
        columns = [block.columns[i] for i in keep]
        rows = []
        for row, heads in zip(block.rows, heads_next(block.rows), strict=True):
            if row.kind == "group":
                rows.append(
                    {
                        "kind": "group",
                        "text": typeset(format_cell(row.cells[0], "text"), phrases),
                        "keep": heads,
                    }
                )
            else:
                rows.append(
                    {
                        "kind": row.kind,
                        "keep": heads,
                        "cells": [
                            (
                                typeset(format_cell(row.cells[i], block.columns[i].kind), phrases),
                                block.columns[i].align,
                            )
                            for i in keep
                        ],
                    }
                )
        header = block.header(keep)
        header_rows = [
            [c for c in header if c.row == number] for number in range(block.header_height(keep))
        ]
        widths = fit_columns(block, keep, text_width_mm, CELL_PADDING_MM, phrases)
        return {
            "type": "table",
            "columns": columns,
            # Shares of the text width, so that the table fills it and never runs into the
            # margins (table-layout: fixed), each column wide enough for its longest word.
            "widths": [f"{100 * w / text_width_mm:.3f}%" for w in widths],
            "header_rows": header_rows,
            "rows": rows,
            "span": len(columns),
            # A word wider than its cell is split rather than run over the next one; only
            # when the columns cannot all hold their longest word, since the setting costs
            # WeasyPrint time on every line of every cell.
            "wrap": not words_fit(block, keep, text_width_mm, CELL_PADDING_MM, phrases),
        }
    raise TypeError(f"unknown block {block!r}")
