"""Small real files of each kind, made in the test, for upload tests."""

import io
import struct
import zipfile
import zlib

from docx import Document
from openpyxl import Workbook


def pdf(text: str = "bao cao") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%"
        + text.encode()
        + b"\n%%EOF\n"
    )


def png() -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"\x00\xff\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def docx(text: str = "Báo cáo số 269/BC-UBND") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Danh sách"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def doc(*extra: str) -> bytes:
    """A Word 97 compound file: a WordDocument stream (plus any extra stream paths given)."""
    return cfb({"WordDocument": b"\xec\xa5", "1Table": b"", **{path: b"" for path in extra}})


def xls(*extra: str) -> bytes:
    """An Excel 97 compound file: a Workbook stream (plus any extra stream paths given)."""
    return cfb({"Workbook": b"\x09\x08", **{path: b"" for path in extra}})


FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (the OLE2 container of .doc/.xls), version 3, 512-byte sectors.

    `streams` maps paths such as "Macros/VBA/dir" to their bytes; storages on the way are
    made. Every stream is padded to 4096 bytes so none belongs in the mini stream, and siblings
    are chained through their right pointers: a valid, if unbalanced, directory tree.
    """
    tree: dict = {}
    for path, data in streams.items():
        *folders, leaf = path.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder, {})
        node[leaf] = data

    entries: list[dict] = []  # in directory order; entry 0 is the root

    def add(name: str, kind: int, node) -> int:
        index = len(entries)
        entry = {"name": name, "type": kind, "left": NO_STREAM, "right": NO_STREAM}
        entry.update(child=NO_STREAM, data=node if kind == 2 else None)
        entries.append(entry)
        if kind != 2:
            children = sorted(node, key=lambda n: (len(n), n.upper()))
            ids = [add(n, 1 if isinstance(node[n], dict) else 2, node[n]) for n in children]
            for this, following in zip(ids, ids[1:], strict=False):
                entries[this]["right"] = following
            entry["child"] = ids[0] if ids else NO_STREAM
        return index

    add("Root Entry", 5, tree)
    dir_sectors = -(-len(entries) * 128 // 512)
    stream_sectors = [max(8, -(-len(e["data"]) // 512)) for e in entries if e["type"] == 2]
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + dir_sectors + sum(stream_sectors):
        fat_sectors += 1

    fat = [FAT_SECTOR] * fat_sectors
    first_dir = len(fat)
    fat += list(range(first_dir + 1, first_dir + dir_sectors)) + [END]
    body = b""
    for entry in entries:
        if entry["type"] != 2:
            entry["start"], entry["size"] = END, 0
            continue
        count = max(8, -(-len(entry["data"]) // 512))
        entry["start"], entry["size"] = len(fat), count * 512
        fat += list(range(len(fat) + 1, len(fat) + count)) + [END]
        body += entry["data"].ljust(count * 512, b"\x00")
    fat += [FREE] * (fat_sectors * 128 - len(fat))

    directory = b""
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\x00\x00"
        directory += (
            name.ljust(64, b"\x00")
            + struct.pack("<HBB", len(name), entry["type"], 1)
            + struct.pack("<III", entry["left"], entry["right"], entry["child"])
            + b"\x00" * 36
            + struct.pack("<IQ", entry["start"], entry["size"])
        )
    empty = b"\x00" * 66 + struct.pack("<BBIII", 0, 0, NO_STREAM, NO_STREAM, NO_STREAM)
    empty += b"\x00" * (128 - len(empty))
    directory += empty * (dir_sectors * 4 - len(entries))

    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIII", 0, fat_sectors, first_dir, 0)
        + struct.pack("<IIIII", 4096, END, 0, END, 0)
        + struct.pack("<109I", *difat)
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + body


def zip_bomb() -> bytes:
    """Poses as a DOCX; 40 MB of zeros inside a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))
    return out.getvalue()


# --- macro-carrying packages --------------------------------------------------------------

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_DEFAULT = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'


def repack(package: bytes, parts: dict[str, bytes] | None = None, types=(), add_type="") -> bytes:
    """A copy of a zip package with more parts, and its [Content_Types].xml edited: each
    (old, new) of `types` replaced, and `add_type` put before the closing tag."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                text = data.decode()
                for old, new in types:
                    text = text.replace(old, new)
                data = text.replace("</Types>", add_type + "</Types>").encode()
            archive.writestr(entry.filename, data)
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docm(vba_path: str = "word/vbaProject.bin") -> bytes:
    """A Word document with macros, as Word saves it (.docm)."""
    return repack(
        docx(), {vba_path: b"\xcc" * 64}, types=[(DOCX_MAIN, DOCM_MAIN)], add_type=VBA_DEFAULT
    )


def xlsm(with_project: bool = True) -> bytes:
    """An Excel workbook with macros (.xlsm); without the project only its main type tells."""
    parts = {"xl/vbaProject.bin": b"\xcc" * 64} if with_project else {}
    return repack(
        xlsx(), parts, types=[(XLSX_MAIN, XLSM_MAIN)], add_type=VBA_DEFAULT if with_project else ""
    )


def docx_with_activex() -> bytes:
    return repack(
        docx(),
        {"word/activeX/activeX1.xml": b"<ax:ocx/>", "word/activeX/activeX1.bin": b"\x00" * 32},
        add_type='<Override PartName="/word/activeX/activeX1.xml" '
        'ContentType="application/vnd.ms-office.activeX+xml"/>',
    )


def odt_with(*paths: str) -> bytes:
    """An OpenDocument text with extra entries, e.g. a Basic library."""
    return repack(odt(), {path: b"<script/>" for path in paths})
