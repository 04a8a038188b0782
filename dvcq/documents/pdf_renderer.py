"""PDF through WeasyPrint from HTML and print CSS, in the same layout as the DOCX."""

from django.template.loader import render_to_string

from .blocks import AnnexHeading, Heading, Paragraph, Report, SectionBreak, Table, format_cell
from .docx_renderer import recipient_lines


def render_html(report: Report) -> str:
    meta = report.meta
    top, bottom, left, right = meta.margins_mm
    return render_to_string(
        "documents/print.html",
        {
            "report": report,
            "meta": meta,
            "blocks": _with_signature([_block(b) for b in report.blocks], meta.show_signature),
            "recipients": recipient_lines(meta.recipients),
            "margins": f"{top}mm {right}mm {bottom}mm {left}mm",
        },
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()


def _with_signature(blocks: list[dict], show: bool) -> list[dict]:
    """The signature closes the main text, before any annex that follows a section break."""
    if not show:
        return blocks
    index = next((i for i, b in enumerate(blocks) if b["type"] == "section"), len(blocks))
    return [*blocks[:index], {"type": "signature"}, *blocks[index:]]


def _block(block) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "p": block}
    if isinstance(block, AnnexHeading):
        return {"type": "annex", "a": block}
    if isinstance(block, SectionBreak):
        return {"type": "section", "landscape": block.landscape}
    if isinstance(block, Table):
        keep = block.doc_columns()
        columns = [block.columns[i] for i in keep]
        rows = []
        for row in block.rows:
            if row.kind == "group":
                rows.append({"kind": "group", "text": format_cell(row.cells[0], "text")})
            else:
                rows.append(
                    {
                        "kind": row.kind,
                        "cells": [
                            (
                                format_cell(row.cells[i], block.columns[i].kind),
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
        return {
            "type": "table",
            "columns": columns,
            "header_rows": header_rows,
            "rows": rows,
            "span": len(columns),
        }
    raise TypeError(f"unknown block {block!r}")
