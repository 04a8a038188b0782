"""Official documents in the decree's layout, with their truth, made deterministically from a
seed, and the ways they reach the reader: the born-digital PDF and DOCX, scans and phone
photos.

The documents are laid out by the app's own document engine (DocumentMeta → render_html →
WeasyPrint; render_docx for Word), so they carry its header block, fonts and rules. The one
thing the engine does not print is a Công văn's "V/v …" under the number: it is added to the
engine's HTML (and to the DOCX's header table) in the number's cell, as the decree places it.

The pictures are made with Pillow alone, from a seeded generator: rasterised at 150–300 dpi,
turned up to ±2°, grain and JPEG artefacts; a phone photo is the page at 300 dpi put in
perspective on a darker table, lit unevenly, slightly out of focus, saved as a JPEG.

    documents(60, seed=18) → [CorpusDocument] (each with .truth, .pdf(), .docx())
    VARIANTS["scan200"](document) → (filename, bytes)
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dvcq.documents.blocks import DocumentMeta, Heading, Paragraph, Report

# --- the world --------------------------------------------------------------------------------

COMMUNES = [
    ("Ba Thành", "Quảng Ngãi"),
    ("Ba Tơ", "Quảng Ngãi"),
    ("Sơn Hà", "Quảng Ngãi"),
    ("Minh Long", "Quảng Ngãi"),
    ("Nghĩa Hành", "Quảng Ngãi"),
    ("Trà Bồng", "Quảng Ngãi"),
    ("Bình Sơn", "Quảng Ngãi"),
    ("Tư Nghĩa", "Quảng Ngãi"),
    ("Mộ Đức", "Quảng Ngãi"),
    ("Thiện Tín", "Quảng Ngãi"),
    ("Phước Giang", "Quảng Ngãi"),
    ("An Lư", "Hải Phòng"),
    ("Kiến Thụy", "Hải Phòng"),
    ("Tiên Lãng", "Hải Phòng"),
    ("An Lão", "Hải Phòng"),
]
WARDS = [
    ("Cẩm Thành", "Quảng Ngãi"),
    ("Nghĩa Lộ", "Quảng Ngãi"),
    ("Trương Quang Trọng", "Quảng Ngãi"),
    ("Sa Huỳnh", "Quảng Ngãi"),
    ("Hồng Bàng", "Hải Phòng"),
]
VILLAGES = ["An Hòa", "Phú An", "Gò Da", "Làng Mới", "Tân Lập", "1", "3", "Bình Đông"]
DEPARTMENTS = [
    ("SỞ NỘI VỤ", "Sở Nội vụ", "SNV"),
    ("SỞ TÀI CHÍNH", "Sở Tài chính", "STC"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Sở Nông nghiệp và Môi trường", "SNNMT"),
]
NAMES = [
    "Nguyễn Văn Ơn",
    "Trần Thị Thu Hà",
    "Lê Quang Vinh",
    "Phạm Thị Ngọc Ánh",
    "Đinh Văn Khối",
    "Võ Thị Mỹ Dung",
    "Huỳnh Tấn Lực",
    "Bùi Thị Hằng",
]


def upper(text: str) -> str:
    return text.upper()


@dataclass
class Issuer:
    lines: list[str]  # the header's left column, in capitals
    typed: str  # the truth: how an officer types it
    code: str  # the body in the symbol: UBND, ĐU, SNV
    place: str  # of the date line
    style: str  # "admin" or "party"
    short: str  # how the body names itself in the text: "Ủy ban nhân dân xã Ba Thành"
    authority: str  # signature: "TM. ỦY BAN NHÂN DÂN"
    title: str  # "CHỦ TỊCH"
    area: str = ""  # "xã Ba Thành", "tỉnh Quảng Ngãi": what "trên địa bàn …" names


def _issuers(rng: random.Random) -> Issuer:
    issuer, area = _issuer(rng)
    issuer.area = area
    return issuer


def _issuer(rng: random.Random) -> tuple[Issuer, str]:
    commune, province = rng.choice(COMMUNES)
    ward, ward_province = rng.choice(WARDS)
    village = rng.choice(VILLAGES)
    choice = rng.choices(
        ["xa", "phuong", "tinh", "so", "dac-khu", "mttq", "dang-uy", "chi-bo", "ban-xdd"],
        weights=[6, 3, 1, 3, 1, 1, 5, 2, 1],
    )[0]
    if choice == "xa":
        return Issuer(
            ["ỦY BAN NHÂN DÂN", upper(f"xã {commune}")],
            f"UBND xã {commune}",
            "UBND",
            commune,
            "admin",
            f"Ủy ban nhân dân xã {commune}",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ), f"xã {commune}"
    if choice == "phuong":
        return Issuer(
            ["ỦY BAN NHÂN DÂN", upper(f"phường {ward}")],
            f"UBND phường {ward}",
            "UBND",
            ward,
            "admin",
            f"Ủy ban nhân dân phường {ward}",
            "TM. ỦY BAN NHÂN DÂN",
            rng.choice(["CHỦ TỊCH", "KT. CHỦ TỊCH"]),
        ), f"phường {ward}"
    if choice == "tinh":
        return Issuer(
            ["ỦY BAN NHÂN DÂN", upper(f"tỉnh {province}")],
            f"UBND tỉnh {province}",
            "UBND",
            province,
            "admin",
            f"Ủy ban nhân dân tỉnh {province}",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ), f"tỉnh {province}"
    if choice == "so":
        caps, typed, code = rng.choice(DEPARTMENTS)
        return Issuer(
            [upper(f"UBND tỉnh {province}"), caps],
            typed,
            code,
            province,
            "admin",
            typed,
            "GIÁM ĐỐC",
            "",
        ), f"tỉnh {province}"
    if choice == "dac-khu":
        return Issuer(
            ["ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN"],
            "UBND đặc khu Lý Sơn",
            "UBND",
            "Lý Sơn",
            "admin",
            "Ủy ban nhân dân đặc khu Lý Sơn",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
        ), "đặc khu Lý Sơn"
    if choice == "mttq":
        return Issuer(
            ["ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM", upper(f"xã {commune}")],
            f"Ủy ban Mặt trận Tổ quốc Việt Nam xã {commune}",
            "MTTQ-BTT",
            commune,
            "admin",
            f"Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã {commune}",
            "TM. BAN THƯỜNG TRỰC",
            "CHỦ TỊCH",
        ), f"xã {commune}"
    if choice == "dang-uy":
        return Issuer(
            [upper(f"Đảng bộ tỉnh {province}"), upper(f"Đảng ủy xã {commune}")],
            f"Đảng ủy xã {commune}",
            "ĐU",
            commune,
            "party",
            f"Ban Thường vụ Đảng ủy xã {commune}",
            "T/M BAN THƯỜNG VỤ",
            rng.choice(["BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]),
        ), f"xã {commune}"
    if choice == "chi-bo":
        return Issuer(
            [upper(f"Đảng bộ xã {commune}"), upper(f"Chi bộ thôn {village}")],
            f"Chi bộ thôn {village}",
            "CB",
            commune,
            "party",
            f"Chi bộ thôn {village}",
            "T/M CHI BỘ",
            "BÍ THƯ",
        ), f"thôn {village}"
    return Issuer(
        [upper(f"Đảng ủy xã {commune}"), "BAN XÂY DỰNG ĐẢNG"],
        "Ban Xây dựng Đảng",
        "BXDĐ",
        commune,
        "party",
        f"Ban Xây dựng Đảng Đảng ủy xã {commune}",
        "T/M BAN XÂY DỰNG ĐẢNG",
        "TRƯỞNG BAN",
    ), f"xã {commune}"


# Kinds: (kind, title, code, summaries). A summary may hold "{year}" and "{place}".
KINDS = [
    (
        "Kế hoạch",
        "KẾ HOẠCH",
        "KH",
        [
            "Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm {year}",
            "Khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền năm {year}",
            "Thực hiện công tác dân vận chính quyền năm {year}",
            "Kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở năm {year}",
        ],
    ),
    (
        "Báo cáo",
        "BÁO CÁO",
        "BC",
        [
            "Kết quả tự chấm điểm công tác dân vận chính quyền năm {year}",
            "Sơ kết 6 tháng đầu năm thực hiện phong trào thi đua “Dân vận khéo” năm {year}",
            "Kết quả thực hiện công tác dân vận chính quyền năm {year}",
        ],
    ),
    (
        "Quyết định",
        "QUYẾT ĐỊNH",
        "QĐ",
        [
            "Về việc thành lập Tổ thẩm định mô hình “Dân vận khéo” năm {year}",
            "Về việc công nhận mô hình, điển hình “Dân vận khéo” năm {year}",
            "Về việc ban hành Quy chế làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
        ],
    ),
    (
        "Công văn",
        "",
        "",
        [
            "V/v triển khai thực hiện phong trào thi đua “Dân vận khéo” năm {year}",
            "V/v cung cấp tài liệu minh chứng chấm điểm công tác dân vận chính quyền năm {year}",
            "V/v đăng ký mô hình “Dân vận khéo” năm {year}",
        ],
    ),
    (
        "Thông báo",
        "THÔNG BÁO",
        "TB",
        [
            "Kết luận của Chủ tịch Ủy ban nhân dân tại cuộc họp giao ban tháng 3 năm {year}",
            "Kết quả thẩm định mô hình “Dân vận khéo” năm {year}",
        ],
    ),
    (
        "Biên bản",
        "BIÊN BẢN",
        "BB",
        [
            "Hội nghị thẩm định mô hình “Dân vận khéo” năm {year}",
            "Kiểm tra công tác dân vận chính quyền năm {year}",
        ],
    ),
    (
        "Nghị quyết",
        "NGHỊ QUYẾT",
        "NQ",
        [
            "Về lãnh đạo thực hiện công tác dân vận năm {year}",
            "Về nâng cao chất lượng phong trào thi đua “Dân vận khéo” giai đoạn 2026 - 2030",
        ],
    ),
    (
        "Chỉ thị",
        "CHỈ THỊ",
        "CT",
        [
            "Về tăng cường công tác dân vận trong tình hình mới",
            "Về đẩy mạnh thực hiện Quy chế dân chủ ở cơ sở",
        ],
    ),
    (
        "Hướng dẫn",
        "HƯỚNG DẪN",
        "HD",
        [
            "Thực hiện phong trào thi đua “Dân vận khéo” năm {year}",
            "Chấm điểm, xếp loại công tác dân vận chính quyền năm {year}",
        ],
    ),
    (
        "Tờ trình",
        "TỜ TRÌNH",
        "TTr",
        [
            "Đề nghị công nhận điển hình “Dân vận khéo” năm {year}",
            "Về việc đề nghị phê duyệt Kế hoạch thực hiện công tác dân vận năm {year}",
        ],
    ),
    (
        "Chương trình",
        "CHƯƠNG TRÌNH",
        "CTr",
        [
            "Công tác dân vận của chính quyền năm {year}",
            "Hành động thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư",
        ],
    ),
    (
        "Kết luận",
        "KẾT LUẬN",
        "KL",
        [
            "Về kết quả kiểm tra công tác dân vận năm {year}",
        ],
    ),
    (
        "Quy chế",
        "QUY CHẾ",
        "QC",
        [
            "Phối hợp giữa Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam",
        ],
    ),
    (
        "Giấy mời",
        "GIẤY MỜI",
        "GM",
        [
            "Dự Hội nghị sơ kết công tác dân vận 6 tháng đầu năm {year}",
            "Dự Hội nghị ra mắt mô hình “Dân vận khéo” năm {year}",
        ],
    ),
]
# Tails that make a summary two or three lines long.
TAILS = [
    "",
    "",
    " trên địa bàn {place}",
    " của {short}",
    " gắn với thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh "
    "trên địa bàn {place}",
    " gắn với việc thực hiện Nghị quyết Đại hội Đảng bộ lần thứ I, nhiệm kỳ 2025 - 2030, và "
    "các chương trình, kế hoạch trọng tâm của địa phương",
]
ADMIN_LETTER_UNITS = ["VX", "VP", "KT", "VHXH"]


@dataclass
class Truth:
    number: str
    issued_on: date
    issuer: str
    kind: str
    summary: str

    def fields(self) -> dict:
        return {
            "number": self.number,
            "issued_on": self.issued_on.isoformat(),
            "issuer": self.issuer,
            "kind": self.kind,
            "summary": self.summary,
        }


class CorpusMeta(DocumentMeta):
    """The engine's meta, with the day and month written as offices write them: some pad
    them ("ngày 05 tháng 03"), some do not ("ngày 5 tháng 3")."""

    pad: bool = True

    @property
    def date_line(self) -> str:
        if self.pad:
            return super().date_line
        day = self.date
        return f"{self.place}, ngày {day.day} tháng {day.month} năm {day.year}"


@dataclass
class CorpusDocument:
    key: str
    truth: Truth
    report: Report
    letter_subject: str = ""  # a Công văn's "V/v …", added under the number
    pages_hint: int = 1
    _pdf: bytes | None = field(default=None, repr=False)

    def html(self) -> str:
        from dvcq.documents.pdf_renderer import render_html

        page = render_html(self.report)
        if self.letter_subject:
            line = html.escape(self.report.meta.number_line)
            page = page.replace(
                f"{line}</p>",
                f'{line}</p><p class="t12" style="margin-top:2pt">'
                f"{html.escape(self.letter_subject)}</p>",
                1,
            )
        return page

    def pdf(self) -> bytes:
        if self._pdf is None:
            from dvcq.documents.pdf_renderer import laid_out

            self._pdf = laid_out(self.html()).write_pdf()
        return self._pdf

    def docx(self) -> bytes:
        from docx import Document
        from docx.shared import Pt

        from dvcq.documents.docx_renderer import render_docx

        content = render_docx(self.report)
        if not self.letter_subject:
            return content
        document = Document(io.BytesIO(content))
        cell = document.tables[0].cell(1, 0)
        paragraph = cell.add_paragraph()
        paragraph.alignment = 1  # centre
        run = paragraph.add_run(self.letter_subject)
        run.font.size = Pt(12)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _summary(rng: random.Random, kind: str, pool: list[str], issuer: Issuer, year: int) -> str:
    base = rng.choice(pool)
    tail = rng.choice(TAILS) if kind != "Công văn" else rng.choice(TAILS[:4])
    text = (base + tail).format(year=year, place=issuer.area, short=issuer.short)
    if issuer.style == "party" and not text.startswith("V/v"):
        text = text[0].lower() + text[1:]  # Party trích yếu: "về …", "thực hiện …"
    return text


def _number(rng: random.Random, kind: str, code: str, issuer: Issuer, year: int) -> str:
    n = rng.randint(1, 350)
    digits = f"{n:02d}" if n < 10 and rng.random() < 0.5 else str(n)
    if issuer.style == "party":
        return f"{digits}-{code or 'CV'}/{issuer.code}"
    if kind == "Công văn":
        unit = rng.choice(ADMIN_LETTER_UNITS) if issuer.code == "UBND" else "VP"
        return f"{digits}/{issuer.code}-{unit}"
    if kind == "Quyết định" and rng.random() < 0.15:
        return f"{digits}/{year}/{code}-{issuer.code}"
    return f"{digits}/{code}-{issuer.code}"


def _reference(rng: random.Random, year: int) -> tuple[str, str]:
    """A document the body quotes: ("Kế hoạch số 18/KH-UBND ngày 10/02/2026", its issuer)."""
    kind, code = rng.choice(
        [("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Hướng dẫn", "HD"), ("Công văn", "")]
    )
    when = date(year, 1, 1) + timedelta(days=rng.randint(0, 300))
    if rng.random() < 0.4:
        number = f"{rng.randint(1, 99)}-{code or 'CV'}/TU"
        issuer = "Ban Thường vụ Tỉnh ủy"
    else:
        number = (
            f"{rng.randint(1, 400)}/{code + '-' if code else ''}UBND{'-VX' if not code else ''}"
        )
        issuer = rng.choice(["UBND tỉnh", "UBND xã", "Ủy ban nhân dân tỉnh"])
    if rng.random() < 0.5:
        written = f"ngày {when:%d/%m/%Y}"
    else:
        written = f"ngày {when.day} tháng {when.month} năm {when.year}"
    return f"{kind} số {number} {written}", issuer


FILLER = [
    "Tiếp tục quán triệt sâu rộng quan điểm, chủ trương của Đảng, chính sách, pháp luật của "
    "Nhà nước về công tác dân vận; nâng cao nhận thức, trách nhiệm của cán bộ, công chức trong "
    "thực hiện nhiệm vụ được giao.",
    "Phát huy vai trò, trách nhiệm và sức mạnh tổng hợp của cả hệ thống chính trị; huy động các "
    "tầng lớp Nhân dân tích cực tham gia thực hiện các nhiệm vụ chính trị của địa phương.",
    "Các ban, ngành, đoàn thể căn cứ chức năng, nhiệm vụ được giao xây dựng kế hoạch cụ thể, "
    "tổ chức thực hiện nghiêm túc, hiệu quả và báo cáo kết quả đúng thời gian quy định.",
    "Công chức Văn phòng - Thống kê tổng hợp tài liệu minh chứng, tham mưu tự chấm điểm và báo "
    "cáo kết quả thực hiện trước ngày 24/10 hằng năm.",
    "Đẩy mạnh cải cách hành chính, giải quyết kịp thời các kiến nghị, phản ánh của Nhân dân; "
    "không để xảy ra tình trạng đơn thư vượt cấp, khiếu kiện đông người.",
    "Tổ chức sơ kết, tổng kết, biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành "
    "tích tiêu biểu trong phong trào thi đua “Dân vận khéo”.",
]


def _body(rng: random.Random, kind: str, issuer: Issuer, year: int, when: date) -> list:
    ref, ref_issuer = _reference(rng, year)
    ref2, ref2_issuer = _reference(rng, year)
    blocks: list = []
    if kind == "Quyết định":
        if issuer.code == "UBND":
            authority = f"CHỦ TỊCH {upper(issuer.short)}"
        elif issuer.typed.startswith("Sở "):
            authority = f"GIÁM ĐỐC {upper(issuer.typed)}"
        else:
            authority = upper(issuer.short)
        blocks += [
            Paragraph(authority, bold=True, align="center", indent=False),
            Paragraph(
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                italic=True,
            ),
            Paragraph(f"Căn cứ {ref} của {ref_issuer};", italic=True),
            Paragraph("Theo đề nghị của Công chức Văn phòng - Thống kê.", italic=True),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center", indent=False),
            Paragraph(f"Điều 1. {rng.choice(FILLER)}"),
            Paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
            Paragraph(
                "Điều 3. Văn phòng, các ban, ngành, đoàn thể và các cá nhân có liên quan chịu "
                "trách nhiệm thi hành Quyết định này."
            ),
        ]
        return blocks
    if kind == "Công văn":
        blocks.append(
            Paragraph(
                "Kính gửi: Các ban, ngành, đoàn thể và các thôn trên địa bàn.",
                align="center",
                indent=False,
            )
        )
        blocks.append(
            Paragraph(
                f"Thực hiện {ref} của {ref_issuer}, {issuer.short} đề nghị các đơn vị triển "
                f"khai thực hiện các nội dung sau:"
            )
        )
    elif kind == "Tờ trình":
        blocks.append(
            Paragraph(
                f"Kính gửi: {rng.choice(['Ủy ban nhân dân tỉnh', 'Ban Thường vụ Đảng ủy'])}.",
                align="center",
                indent=False,
            )
        )
        blocks.append(Paragraph(f"Căn cứ {ref} của {ref_issuer};"))
    elif kind == "Biên bản":
        blocks.append(
            Paragraph(
                f"Hôm nay, vào lúc 08 giờ 00 phút ngày {when.day} tháng {when.month} năm "
                f"{when.year}, tại hội trường {issuer.short}, tiến hành họp với thành phần gồm:"
            )
        )
    elif kind == "Thông báo":
        blocks.append(
            Paragraph(
                f"Ngày {when:%d/%m/%Y}, {issuer.short} tổ chức họp; sau khi nghe báo cáo và ý "
                f"kiến thảo luận, chủ trì cuộc họp kết luận như sau:"
            )
        )
    elif kind == "Giấy mời":
        blocks.append(
            Paragraph(f"{issuer.short} trân trọng kính mời các đồng chí tham dự hội nghị.")
        )
    elif kind in ("Chỉ thị", "Kết luận", "Nghị quyết"):
        blocks.append(
            Paragraph(
                f"Những năm qua, thực hiện {ref} của {ref_issuer}, công tác dân vận trên địa "
                f"bàn đạt nhiều kết quả quan trọng."
            )
        )
    elif kind == "Quy chế":
        blocks.append(Paragraph("Chương I", bold=True, align="center", indent=False))
        blocks.append(Paragraph("QUY ĐỊNH CHUNG", bold=True, align="center", indent=False))
    else:
        opener = rng.choice(["Căn cứ", "Thực hiện"])
        blocks.append(Paragraph(f"{opener} {ref} của {ref_issuer};"))
        blocks.append(
            Paragraph(
                f"{issuer.short} ban hành {kind.lower()} như sau:"
                if kind != "Báo cáo"
                else f"{issuer.short} báo cáo kết quả như sau:"
            )
        )
    # A decoy: a place and date in the body, in the header's own words.
    decoy = when + timedelta(days=rng.randint(5, 60))
    headings = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"]
    for index, heading in enumerate(headings[: rng.randint(1, 3)]):
        blocks.append(Heading(heading))
        for _ in range(rng.randint(1, 3)):
            blocks.append(Paragraph(rng.choice(FILLER)))
        if index == 0:
            blocks.append(
                Paragraph(
                    f"Hội nghị tổng kết tổ chức tại {issuer.place}, ngày {decoy.day} tháng "
                    f"{decoy.month} năm {decoy.year}; thực hiện theo {ref2} của {ref2_issuer}."
                )
            )
    return blocks


def make_document(seed: int | str, index: int) -> CorpusDocument:
    rng = random.Random(f"{seed}-{index}")
    issuer = _issuers(rng)
    kind, title, code, pool = KINDS[index % len(KINDS)]
    if issuer.style == "party" and kind in ("Quy chế",):
        kind, title, code, pool = KINDS[0]
    year = rng.choice([2024, 2025, 2026])
    when = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    number = _number(rng, kind, code, issuer, year)
    summary = _summary(rng, kind, pool, issuer, year)
    style = issuer.style
    meta = CorpusMeta(
        style=style,
        issuing_body=issuer.lines,
        number=number.split("/", 1)[0] if style == "admin" else number.split("-", 1)[0],
        symbol=number.split("/", 1)[1] if style == "admin" else number.split("-", 1)[1],
        place=issuer.place,
        date=when,
        doc_type=title,
        subject="" if kind == "Công văn" else summary,
        signer_authority=issuer.authority,
        signer_title=issuer.title,
        signer_name=rng.choice(NAMES),
        recipients=["Như trên", "Thường trực Đảng ủy", "Lưu: VT"],
    )
    meta.pad = rng.random() < 0.6
    report = Report(
        kind="corpus",
        meta=meta,
        blocks=_body(rng, kind, issuer, year, when),
        filename_stem=f"corpus-{index}",
    )
    truth = Truth(number, when, issuer.typed, kind, summary)
    return CorpusDocument(
        key=f"{index:03d}-{_slug(kind)}",
        truth=truth,
        report=report,
        letter_subject=summary if kind == "Công văn" else "",
    )


def documents(count: int, seed: int | str = 18) -> list[CorpusDocument]:
    return [make_document(seed, index) for index in range(count)]


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.replace("đ", "d").replace("Đ", "D"))


# --- pictures ---------------------------------------------------------------------------------


def rasterise(pdf: bytes, dpi: int, pages: int | None = 1):
    """The PDF's pages as grey PIL images at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document) if pages is None else min(pages, len(document))):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            images.append(bitmap.to_pil().convert("L"))
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def _noise_tile(rng: random.Random, amplitude: float, size: int = 256):
    from PIL import Image

    raw = bytes(
        max(
            0, min(255, round(128 + amplitude * (rng.random() + rng.random() + rng.random() - 1.5)))
        )
        for _ in range(size * size)
    )
    return Image.frombytes("L", (size, size), raw)


def add_grain(image, rng: random.Random, amplitude: float):
    """Scanner grain: a seeded noise tile added over the whole image."""
    from PIL import Image, ImageChops

    tile = _noise_tile(rng, amplitude)
    noise = Image.new("L", image.size)
    for x in range(0, image.width, tile.width):
        for y in range(0, image.height, tile.height):
            noise.paste(tile, (x, y))
    return ImageChops.add(image, noise, 1.0, -128)


def add_specks(image, rng: random.Random, count: int):
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for _ in range(count):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        r = rng.choice([1, 1, 2])
        draw.ellipse((x, y, x + r, y + r), fill=rng.choice([0, 60, 120]))
    return image


def jpeg(image, quality: int):
    from PIL import Image

    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert(image.mode)


def encode(image, fmt: str, quality: int = 85, dpi: int | None = None) -> bytes:
    out = io.BytesIO()
    kwargs = {"quality": quality} if fmt == "JPEG" else {}
    if dpi:
        kwargs["dpi"] = (dpi, dpi)
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def scan(image, rng: random.Random, *, angle: float, grain: float, quality: int):
    from PIL import Image

    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    turned = add_specks(add_grain(turned, rng, grain), rng, 60)
    return jpeg(turned, quality)


def _perspective_coefficients(source, target) -> list[float]:
    """Coefficients of PIL's PERSPECTIVE transform taking points of the output (`target`)
    to points of the input (`source`): 8 equations, solved by elimination."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    n = 8
    matrix = [row + [value] for row, value in zip(rows, values, strict=True)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(matrix[r][column]))
        matrix[column], matrix[pivot] = matrix[pivot], matrix[column]
        for r in range(n):
            if r != column:
                factor = matrix[r][column] / matrix[column][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[column], strict=True)]
    return [matrix[r][n] / matrix[r][r] for r in range(n)]


def photo(image, rng: random.Random):
    """A phone photo of the page: in perspective on a table, lit from one side, a little soft,
    12 megapixels, JPEG."""
    from PIL import Image, ImageChops, ImageFilter

    canvas_w, canvas_h = 3000, 4000
    margin_x, margin_y = canvas_w * 0.06, canvas_h * 0.05
    jitter = canvas_w * 0.035
    corners = [
        (margin_x + rng.uniform(-1, 1) * jitter, margin_y + rng.uniform(-1, 1) * jitter),
        (canvas_w - margin_x + rng.uniform(-1, 1) * jitter, margin_y + rng.uniform(-1, 1) * jitter),
        (
            canvas_w - margin_x + rng.uniform(-1, 1) * jitter,
            canvas_h - margin_y + rng.uniform(-1, 1) * jitter,
        ),
        (margin_x + rng.uniform(-1, 1) * jitter, canvas_h - margin_y + rng.uniform(-1, 1) * jitter),
    ]
    w, h = image.size
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    coefficients = _perspective_coefficients(source, corners)
    # The table: the page warped onto a darker grey, by warping a white mask the same way.
    page = image.transform(
        (canvas_w, canvas_h),
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BICUBIC,
        fillcolor=255,
    )
    mask = Image.new("L", image.size, 255).transform(
        (canvas_w, canvas_h),
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BILINEAR,
        fillcolor=0,
    )
    table = Image.new("L", (canvas_w, canvas_h), rng.randint(70, 110))
    picture = Image.composite(page, table, mask)
    # Light falling off towards one side: multiply by a gradient from 255 to about 190.
    low = rng.randint(185, 215)
    gradient = Image.linear_gradient("L")  # 256 × 256, dark at the top
    if rng.random() < 0.5:
        gradient = gradient.transpose(Image.Transpose.ROTATE_90)
    if rng.random() < 0.5:
        gradient = gradient.transpose(Image.Transpose.ROTATE_180)
    gradient = gradient.resize((canvas_w, canvas_h)).point(
        lambda v, low=low: 255 - (255 - low) * v // 255
    )
    picture = ImageChops.multiply(picture, gradient)
    picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1)))
    picture = add_grain(picture, rng, 10)
    return picture


def _rng(document: CorpusDocument, variant: str) -> random.Random:
    return random.Random(f"{document.key}-{variant}")


def variant_digital(document: CorpusDocument) -> tuple[str, bytes]:
    return f"{document.key}.pdf", document.pdf()


def variant_docx(document: CorpusDocument) -> tuple[str, bytes]:
    return f"{document.key}.docx", document.docx()


def variant_scan300(document: CorpusDocument) -> tuple[str, bytes]:
    """Every page scanned at 300 dpi, barely turned, light grain, JPEG 85, as an image-only
    PDF (what a scanner's "scan to PDF" makes)."""
    rng = _rng(document, "scan300")
    pages = [
        scan(page, rng, angle=rng.uniform(-0.6, 0.6), grain=12, quality=85)
        for page in rasterise(document.pdf(), 300, pages=None)
    ]
    out = io.BytesIO()
    pages[0].save(
        out, format="PDF", save_all=True, append_images=pages[1:], resolution=300, quality=85
    )
    return f"{document.key}-scan300.pdf", out.getvalue()


def variant_scan200(document: CorpusDocument) -> tuple[str, bytes]:
    """The first page at 200 dpi, turned up to ±2°, grain, JPEG 60."""
    rng = _rng(document, "scan200")
    angle = rng.choice([-1, 1]) * rng.uniform(1.0, 2.0)
    image = scan(rasterise(document.pdf(), 200)[0], rng, angle=angle, grain=18, quality=60)
    return f"{document.key}-scan200.jpg", encode(image, "JPEG", quality=90, dpi=200)


def variant_scan150(document: CorpusDocument) -> tuple[str, bytes]:
    """The first page at 150 dpi, turned up to ±1.5°, grain, JPEG 75, sent as PNG."""
    rng = _rng(document, "scan150")
    angle = rng.uniform(-1.5, 1.5)
    image = scan(rasterise(document.pdf(), 150)[0], rng, angle=angle, grain=14, quality=75)
    return f"{document.key}-scan150.png", encode(image, "PNG", dpi=150)


def variant_photo(document: CorpusDocument) -> tuple[str, bytes]:
    """A phone photo of the first page (see `photo`)."""
    rng = _rng(document, "photo")
    image = photo(rasterise(document.pdf(), 300)[0], rng)
    return f"{document.key}-photo.jpg", encode(image, "JPEG", quality=85)


VARIANTS: dict[str, Callable[[CorpusDocument], tuple[str, bytes]]] = {
    "digital": variant_digital,
    "docx": variant_docx,
    "scan300": variant_scan300,
    "scan200": variant_scan200,
    "scan150": variant_scan150,
    "photo": variant_photo,
}
OCR_VARIANTS = ("scan300", "scan200", "scan150", "photo")


def compare(truth: Truth, fields: dict) -> dict[str, bool]:
    """Each field read exactly (issued_on as ISO)."""
    expected = truth.fields()
    return {key: fields.get(key) == value for key, value in expected.items()}
