"""Rendered documents kept by their content, so that downloading an unchanged document again
costs no rendering.

The key is a hash of everything that is rendered: the built Report (every block and the whole
meta, through the dataclasses' `repr`, which lists every field), the format, the custom Word
template in use (its row, file and upload time), and the renderers' version (a hash of the
renderer modules and print templates, and the versions of the libraries that draw the bytes).
A changed score, deadline, document setting or template therefore gives a new key, and two
documents share a key only when they would be the same bytes: one unit's document can never
be served for another's, since its issuing body, place and file name are part of what is
rendered and so of the key. Building the Report still runs (its queries are the check that
the data has not changed); only the rendering is skipped.

The documents live in their own cache alias, "documents" (see settings.CACHES): local memory
in each process by default, Redis (shared by every instance) with CACHE_URL, under its own
prefix so that documents never crowd the rate limits out of the default cache. A document
larger than MAX_CACHED_BYTES is not kept.
"""

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

from .blocks import Report

ALIAS = "documents"
# An unchanged document is served for a day; a changed one has another key at once.
TIMEOUT = 24 * 60 * 60
MAX_CACHED_BYTES = 1024 * 1024
# Everything besides the Report that decides the bytes of a document.
_HERE = Path(__file__).resolve().parent
_RENDERER_FILES = (
    _HERE / "blocks.py",
    _HERE / "layout.py",
    _HERE / "docx_renderer.py",
    _HERE / "pdf_renderer.py",
    _HERE / "xlsx_renderer.py",
    _HERE / "xlsx_safe.py",
    _HERE / "custom_templates.py",
    Path(settings.BASE_DIR) / "templates" / "documents" / "print.html",
    Path(settings.BASE_DIR) / "templates" / "documents" / "print.css",
    Path(settings.BASE_DIR) / "templates" / "documents" / "draft_mark.svg",
)
_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "docxtpl", "openpyxl")


@cache
def renderer_version() -> str:
    """A hash of the renderers' code and templates and of their libraries' versions: a
    deployment that changes how documents look never serves a document drawn the old way."""
    digest = hashlib.sha256()
    for path in _RENDERER_FILES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()[:16]


def document_key(report: Report, fmt: str, template=None) -> str:
    """The cache key of `report` rendered as `fmt`, with `template` (a ReportTemplate, for a
    DOCX through a custom Word file) or None."""
    digest = hashlib.sha256()
    digest.update(renderer_version().encode())
    digest.update(fmt.encode())
    if template is not None:
        stamp = template.uploaded_at.isoformat() if template.uploaded_at else ""
        digest.update(f"template:{template.pk}:{template.file.name}:{stamp}".encode())
    digest.update(repr(report).encode())
    return f"doc:{fmt}:{digest.hexdigest()}"


def cached_render(key: str, render) -> bytes:
    """The bytes stored under `key`, or `render()`'s, stored for the next download."""
    store = caches[ALIAS]
    content = store.get(key)
    if content is not None:
        return content
    content = render()
    if len(content) <= MAX_CACHED_BYTES:
        store.set(key, content, TIMEOUT)
    return content
