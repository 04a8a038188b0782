"""Reading the documents the reports produce: paragraphs and tables of a DOCX, the text of a PDF.

The demo world itself is the `demo` fixture of tests/conftest.py."""

import subprocess
import tempfile
from io import BytesIO

from docx import Document


def docx_paragraphs(content: bytes) -> list[str]:
    document = Document(BytesIO(content))
    return [p.text for p in document.paragraphs if p.text.strip()]


def docx_table_rows(content: bytes, index: int = 0) -> list[list[str]]:
    document = Document(BytesIO(content))
    # tables[0] is the heading block (issuing body, number, date) of a headed document
    return [[c.text for c in row.cells] for row in document.tables[index].rows]


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-raw", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return " ".join(out.split())
