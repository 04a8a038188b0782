"""What an uploaded file really is, read from its bytes, never from its name."""

import zipfile
from dataclasses import dataclass

import olefile
from django.conf import settings
from django.utils.translation import gettext as _

from dvcq.http import DOCX, PDF, XLSX

# Office Open XML and OpenDocument files are zip archives; a small archive that inflates to
# gigabytes (a "zip bomb") is refused before anything opens it.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 100

KINDS = {
    "pdf": (PDF, {"pdf"}),
    "jpeg": ("image/jpeg", {"jpg", "jpeg"}),
    "png": ("image/png", {"png"}),
    "doc": ("application/msword", {"doc"}),
    "xls": ("application/vnd.ms-excel", {"xls"}),
    "docx": (DOCX, {"docx"}),
    "xlsx": (XLSX, {"xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {"odt"}),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", {"ods"}),
}
ALLOWED_EXTENSIONS = sorted({ext for _type, exts in KINDS.values() for ext in exts})
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Macro-enabled Office names: refused with the macro message rather than "type not accepted",
# and the macro-free format to save as instead.
MACRO_EXTENSIONS = {
    "docm": "docx",
    "dotm": "docx",
    "xlsm": "xlsx",
    "xltm": "xlsx",
    "xlam": "xlsx",
    "xlsb": "xlsx",
    "pptm": "pptx",
}
SAFE_FORMAT = {
    "doc": "docx",
    "docx": "docx",
    "xls": "xlsx",
    "xlsx": "xlsx",
    "odt": "odt",
    "ods": "ods",
}

# Parts of an Office Open XML package that carry code: the VBA project (and its signature and
# Word's vbaData), ActiveX controls and Excel 4.0 macro sheets.
OOXML_CODE_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
OOXML_CODE_FOLDERS = ("activex", "macrosheets")
# Content types, lowercased, that only macro-carrying packages use: application/vnd.ms-office.
# vbaProject, the .docm/.xlsm/.xlsb main types (...macroEnabled...), activeX and macro sheets.
OOXML_CODE_TYPES = ("vbaproject", "macroenabled", "activex", "macrosheet", "vbadata")
# [Content_Types].xml of a real document is a few kilobytes; only this much is read.
CONTENT_TYPES_READ = 1024 * 1024
# OpenDocument macros live in these folders of the package.
ODF_CODE_FOLDERS = ("basic/", "scripts/")
# Storages of a Word (Macros) or Excel (_VBA_PROJECT_CUR) 97 file that hold its VBA project.
OLE_CODE_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}


class RefusedFile(Exception):
    """Why a file is refused, in Vietnamese, naming the file."""


@dataclass
class Sniffed:
    kind: str
    content_type: str
    extension: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def check_size(upload) -> None:
    """The per-file limit (EVIDENCE_MAX_FILE_BYTES); raises RefusedFile."""
    if upload.size > settings.EVIDENCE_MAX_FILE_BYTES:
        raise RefusedFile(
            _("“%(name)s”: tệp lớn %(size)s MB, vượt giới hạn %(limit)s MB mỗi tệp.")
            % {
                "name": upload.name,
                "size": mb(upload.size),
                "limit": mb(settings.EVIDENCE_MAX_FILE_BYTES),
            }
        )


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
    if ext in MACRO_EXTENSIONS:
        raise _macro_refusal(name, MACRO_EXTENSIONS[ext])
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
        return _ole_kind(upload, ext)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload, ext)
    return None


def _macro_refusal(name: str, safe: str) -> RefusedFile:
    return RefusedFile(
        _("Tệp “%(name)s” chứa macro; hãy lưu lại thành .%(safe)s không macro rồi tải lên.")
        % {"name": name, "safe": safe}
    )


def _ole_kind(upload, ext: str) -> str | None:
    """Word 97 and Excel 97 share the compound file container: the streams inside tell which
    one it is (WordDocument; Workbook, or Book for Excel 5), and a VBA storage means macros.

    olefile reads the container: a maintained parser that checks the sector chains it follows
    (loops, out-of-range sectors) instead of trusting them; DEFECT_INCORRECT is its setting for
    untrusted input, so a damaged container is refused rather than half read.
    """
    try:
        ole = olefile.OleFileIO(upload, raise_defects=olefile.DEFECT_INCORRECT)
        try:
            paths = ole.listdir(streams=True, storages=True)
        finally:
            ole.close()
    except Exception:  # olefile raises OSError and others on a damaged container
        return None
    finally:
        upload.seek(0)
    if any(part.lower() in OLE_CODE_STORAGES for path in paths for part in path):
        raise _macro_refusal(upload.name, SAFE_FORMAT.get(ext, "docx"))
    roots = {path[0].lower() for path in paths if len(path) == 1}
    if "worddocument" in roots:
        return "doc"
    if "workbook" in roots or "book" in roots:
        return "xls"
    return None


def _zip_kind(upload, ext: str) -> str | None:
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
            if _zip_has_code(archive, names):
                raise _macro_refusal(upload.name, SAFE_FORMAT.get(ext, "docx"))
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


def _zip_has_code(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Macros or ActiveX in an OOXML package, or Basic and scripts in an OpenDocument one.

    Paths are compared without case: Office opens `VBAPROJECT.BIN` as readily as the usual name.
    """
    for name in names:
        parts = name.lower().split("/")
        if parts[-1] in OOXML_CODE_PARTS or any(p in OOXML_CODE_FOLDERS for p in parts[:-1]):
            return True
        if name.lower().startswith(ODF_CODE_FOLDERS):
            return True
    types = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if types is None:
        return False
    with archive.open(types) as part:
        text = part.read(CONTENT_TYPES_READ).decode("utf-8", "ignore").lower()
    return any(marker in text for marker in OOXML_CODE_TYPES)
