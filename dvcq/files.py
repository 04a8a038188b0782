"""Serving stored uploads (evidence files, Dân vận khéo documents) to the browser."""

from django.http import FileResponse

# Shown in the browser when asked; every other type (SVG and HTML included) is a download.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def stored_file_response(file, *, filename: str, content_type: str, inline: bool) -> FileResponse:
    """A stored upload, streamed, never cached and never run in the app's origin.

    `inline` is honoured only for PDF, PNG and JPEG. `Content-Security-Policy: sandbox` puts the
    file in a unique origin with scripts off: a PDF viewer that obeys it runs no JavaScript the
    file carries, and nothing the file holds can reach the user's session.
    """
    inline = inline and content_type in INLINE_TYPES
    response = FileResponse(
        file, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
