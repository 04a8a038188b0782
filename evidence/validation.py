"""What an uploaded file really is, read from its bytes, never from its name."""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Office Open XML and OpenDocument files are zip archives; a small archive that inflates to
# gigabytes (a "zip bomb") is refused before anything opens it.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 100

KINDS = {
    "pdf": ("application/pdf", {"pdf"}),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}),
    "png": ("image/png", {"png"}),
    "doc": ("application/msword", {"doc"}),
    "xls": ("application/vnd.ms-excel", {"xls"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
}
ALLOWED_EXTENSIONS = sorted({ext for _type, exts in KINDS.values() for ext in exts})
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class RefusedFile(Exception):
    """Why a file is refused, in Vietnamese, naming the file."""


@dataclass
class Sniffed:
    kind: str
    content_type: str
    extension: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(upload) -> Sniffed:
    """The file's real type, checked against its extension; raises RefusedFile."""
    name = upload.name
    ext = extension_of(name)
    if not ext:
        raise RefusedFile(
            _(
                "“%(name)s”: tên tệp không có phần mở rộng (.pdf, .docx…) nên không biết là loại tệp gì."
            )
            % {"name": name}
        )
    if ext not in ALLOWED_EXTENSIONS:
        raise RefusedFile(
            _("“%(name)s”: loại tệp “.%(ext)s” không được nhận (chỉ nhận %(allowed)s).")
            % {"name": name, "ext": ext, "allowed": ", ".join(ALLOWED_EXTENSIONS)}
        )
    if upload.size == 0:
        raise RefusedFile(_("“%(name)s”: tệp rỗng.") % {"name": name})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = _kind_from_bytes(upload, head, ext)
    if kind is None or ext not in KINDS[kind][1]:
        raise RefusedFile(
            _("“%(name)s”: nội dung tệp không phải là tệp .%(ext)s thật (có thể bị đổi tên).")
            % {"name": name, "ext": ext}
        )
    return Sniffed(kind, KINDS[kind][0], ext)


def _kind_from_bytes(upload, head: bytes, ext: str) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE):
        # Word 97 and Excel 97 share the container; the extension tells which it claims.
        return "xls" if ext == "xls" else "doc"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def _zip_kind(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            unzipped = sum(entry.file_size for entry in entries)
            zipped = sum(entry.compress_size for entry in entries) or 1
            if unzipped > MAX_UNZIPPED_BYTES or unzipped / zipped > MAX_ZIP_RATIO:
                raise RefusedFile(
                    _(
                        "“%(name)s”: tệp nén bất thường (giải nén ra quá lớn), có thể là tệp độc hại."
                    )
                    % {"name": upload.name}
                )
            names = {entry.filename for entry in entries}
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "ignore").strip()
                return {KINDS["odt"][0]: "odt", KINDS["ods"][0]: "ods"}.get(mimetype)
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None
