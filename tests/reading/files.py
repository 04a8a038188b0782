"""Files built in memory for the reader's tests: official documents as Word, OpenDocument and
Excel files the way offices make them by hand (the header in a borderless table), and hostile
ones (a password-protected PDF, a PDF page holding a 400-megapixel image, a PNG that claims
1,6 gigapixels)."""

import hashlib
import io
import struct
import zipfile
import zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ BA THÀNH"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
NUMBER = "Số: 45/KH-UBND"
DATE_LINE = "Ba Thành, ngày 12 tháng 3 năm 2026"
TITLE = "KẾ HOẠCH"
SUMMARY = "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2026"
BODY = [
    "Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã về công tác dân vận;",
    "Ủy ban nhân dân xã Ba Thành ban hành Kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
]


def plan_docx() -> bytes:
    """A plan typed in Word: the header a 2 × 2 borderless table, the title and trích yếu
    centred and bold, a body table of results."""
    document = Document()
    header = document.add_table(rows=2, cols=2)
    left, right = header.cell(0, 0), header.cell(0, 1)
    left.paragraphs[0].add_run(HEADER_LEFT[0]).bold = True
    left.add_paragraph().add_run(HEADER_LEFT[1]).bold = True
    right.paragraphs[0].add_run(HEADER_RIGHT[0]).bold = True
    right.add_paragraph().add_run(HEADER_RIGHT[1]).bold = True
    header.cell(1, 0).paragraphs[0].add_run(NUMBER)
    header.cell(1, 1).paragraphs[0].add_run(DATE_LINE).italic = True
    for text in (TITLE, SUMMARY):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    for text in BODY:
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    results = document.add_table(rows=2, cols=3)
    for index, text in enumerate(["TT", "Nội dung", "Điểm"]):
        results.cell(0, index).text = text
    for index, text in enumerate(["1", "Quán triệt Kết luận số 114-KL/TW", "2,50"]):
        results.cell(1, index).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def _odf(mimetype: str, body: str, doctype: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<office:document-content {ODF_NS} office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="P1" style:family="paragraph">'
        '<style:paragraph-properties fo:text-align="center"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        '<style:style style:name="P2" style:family="paragraph">'
        '<style:paragraph-properties fo:text-align="justify"/></style:style>'
        "</office:automatic-styles>"
        f"<office:body>{body}</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


def _cell(*paragraphs: str) -> str:
    inner = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return f"<table:table-cell>{inner}</table:table-cell>"


def plan_odt(doctype: str = "") -> bytes:
    """The same plan saved by LibreOffice Writer (.odt)."""
    header = (
        '<table:table table:name="Header">'
        f"<table:table-row>{_cell(*HEADER_LEFT)}{_cell(*HEADER_RIGHT)}</table:table-row>"
        f"<table:table-row>{_cell(NUMBER)}{_cell(DATE_LINE)}</table:table-row>"
        "</table:table>"
    )
    body = "".join(f'<text:p text:style-name="P2">{p}</text:p>' for p in BODY)
    text = (
        f"<office:text>{header}"
        f'<text:p text:style-name="P1">{TITLE}</text:p>'
        f'<text:p text:style-name="P1">Tuyên truyền, nhân rộng các mô hình,<text:s/>'
        f"điển hình “Dân vận khéo” năm 2026</text:p>"
        f"{body}</office:text>"
    )
    return _odf("application/vnd.oasis.opendocument.text", text, doctype)


def sheet_ods() -> bytes:
    """A spreadsheet (.ods) whose empty cells repeat to the last column, as Calc saves them."""
    row = (
        "<table:table-row>"
        "<table:table-cell><text:p>1</text:p></table:table-cell>"
        "<table:table-cell><text:p>Kế hoạch số 18/KH-UBND</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16382"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    body = f'<office:spreadsheet><table:table table:name="Minh chứng">{row}</table:table>'
    return _odf("application/vnd.oasis.opendocument.spreadsheet", body + "</office:spreadsheet>")


def evidence_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Minh chứng"
    sheet.append(["ỦY BAN NHÂN DÂN XÃ BA THÀNH", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["TT", "Văn bản", "Ngày"])
    from datetime import date

    sheet.append([1, "Kế hoạch số 45/KH-UBND", date(2026, 3, 12)])
    book.create_sheet("Trống")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- hostile files ----------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (object n is objects[n - 1]), with its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


_PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def encrypted_pdf(user_password: bytes = b"secret") -> bytes:
    """A PDF that opens only with a password (standard security handler, revision 2)."""
    document_id = hashlib.md5(b"dvcq").digest()
    owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], (user_password + _PAD)[:32])
    permissions = -4
    key = hashlib.md5(
        (user_password + _PAD)[:32] + owner + struct.pack("<i", permissions) + document_id
    ).digest()[:5]
    user = _rc4(key, _PAD)
    objects = [
        *_PAGE_TREE,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), user.hex().encode(), permissions),
    ]
    hex_id = document_id.hex().encode()
    return _pdf(objects, b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (hex_id, hex_id))


def image_bomb_pdf() -> bytes:
    """A page whose only content is an image that declares 20.000 × 20.000 pixels."""
    data = zlib.compress(b"\x00" * 1000)
    objects = [
        *_PAGE_TREE,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(data), data),
        b"<< /Length 31 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
    ]
    return _pdf(objects)


def pixel_bomb_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A small PNG whose header claims `width` × `height` pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1, 1), 255).save(out, format="PNG")
    data = bytearray(out.getvalue())
    # IHDR's data starts at byte 16 (8 signature, 4 length, 4 type); its CRC follows 13 bytes.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def blank_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(out, format="PNG")
    return out.getvalue()
