"""Request and response helpers every app uses."""

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

# One constant per content type the app sends.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
CONTENT_TYPES = {"docx": DOCX, "pdf": PDF, "xlsx": XLSX, "zip": ZIP}


def safe_next(request: HttpRequest, default: str, *, param: str = "next") -> str:
    """Where to go after a POST: the `next` the request names if it stays on this site.

    Every redirect target that comes from the request goes through here, so a link built by
    someone else cannot send a user off the site (`https://evil.example`, `//evil.example`,
    `/\\evil.example`, `javascript:…` all fall back to `default`).
    """
    target = request.POST.get(param) or request.GET.get(param) or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# The most digits of a row id (a bigint holds 19): anything longer is no id.
ID_DIGITS = 18


def as_id(value: str | None) -> int | None:
    """`value` as an id or a year when it is one (ASCII digits, not too many), else None."""
    if value and value.isascii() and value.isdigit() and len(value) <= ID_DIGITS:
        return int(value)
    return None


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """The row ids posted under `name` (checkboxes), in order; anything else is left out.

    Not `str.isdigit()`: it is true of "²" and "١", which int() refuses or reads as another
    number, and int() refuses more than 4300 digits; each was a server error.
    """
    return [number for number in map(as_id, request.POST.getlist(name)) if number is not None]


def file_response(
    filename: str, content_type: str, content: bytes, *, inline: bool = False
) -> HttpResponse:
    """A file the app generated (a report, a template workbook, an export), as a download.

    The file name may hold Vietnamese letters: the header carries an ASCII fallback and the
    RFC 6266 `filename*` form. Generated documents hold a unit's data: never cached on the way.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    return response
