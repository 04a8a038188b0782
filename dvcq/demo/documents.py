"""The file behind a demo evidence record: its own document, laid out by the app's engine from
the record's number, date and summary, so that the demo's search, readings and suggestions
find in each file what its record says (one shared file made every record read alike)."""

from datetime import date

from dvcq.documents.blocks import Heading, Paragraph, Report
from dvcq.documents.pdf_renderer import render_pdf
from dvcq.documents.services import document_meta, document_settings_for, export_options_defaults
from dvcq.org.models import Unit
from dvcq.wording import level_word
from scoring.selectors import lower_first

# The kind a summary starts with: the title printed above it, and the body of such a document.
KINDS = {
    "Kế hoạch": "KẾ HOẠCH",
    "Quyết định": "QUYẾT ĐỊNH",
    "Báo cáo": "BÁO CÁO",
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _body(kind: str, subject: str, unit: Unit, year: int) -> list:
    body, level = lower_first(unit.name), level_word(unit)
    if kind == "Quyết định":
        return [
            Paragraph(
                f"CHỦ TỊCH ỦY BAN NHÂN DÂN {body.upper()}", bold=True, align="center", indent=False
            ),
            Paragraph(
                "Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ tình hình thực tế của địa "
                "phương;"
            ),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center", indent=False),
            Paragraph(f"Điều 1. {_capitalised(subject)}, kèm theo Quyết định này."),
            Paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
            Paragraph(
                "Điều 3. Công chức Văn phòng - Thống kê, các công chức chuyên môn và các tổ "
                "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."
            ),
        ]
    if kind == "Báo cáo":
        return [
            Paragraph(f"Ủy ban nhân dân {body} báo cáo {subject} như sau:"),
            Heading("I. KẾT QUẢ THỰC HIỆN", level=1),
            Paragraph(
                f"Ủy ban nhân dân {level} đã ban hành các văn bản chỉ đạo, phân công công chức phụ "
                "trách, thực hiện đúng kế hoạch đề ra; kết quả được công khai tại trụ sở và "
                f"trên Trang thông tin điện tử của {level}."
            ),
            Heading("II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", level=1),
            Paragraph("Tiếp tục duy trì, nâng cao chất lượng các nhiệm vụ đã triển khai."),
        ]
    return [
        Paragraph(f"Ủy ban nhân dân {body} ban hành Kế hoạch {subject} như sau:"),
        Heading("I. MỤC ĐÍCH, YÊU CẦU", level=1),
        Paragraph(
            "Tổ chức thực hiện nghiêm túc, công khai, dân chủ; phát huy vai trò của Ủy ban "
            f"Mặt trận Tổ quốc Việt Nam {level} và các tổ chức chính trị - xã hội."
        ),
        Heading("II. TỔ CHỨC THỰC HIỆN", level=1),
        Paragraph(
            "Giao Công chức Văn phòng - Thống kê chủ trì, phối hợp với các ngành có liên quan "
            f"triển khai thực hiện; báo cáo kết quả về Ủy ban nhân dân {level} trước ngày "
            f"15/12/{year}."
        ),
    ]


def issued_document_pdf(unit: Unit, number: str, issued_on: date, summary: str) -> bytes:
    """The PDF of the document `number` ("52/KH-UBND") that `unit` issued on `issued_on`,
    with `summary` ("Kế hoạch tiếp công dân …") as its title and trích yếu."""
    kind = next(k for k in KINDS if summary.startswith(k))
    subject = summary[len(kind) :].strip()
    numeral, symbol = number.split("/", 1)
    settings = document_settings_for(unit)
    options = export_options_defaults(settings, "admin", symbol)
    options.number, options.date = numeral, issued_on
    meta = document_meta(settings, options, issued_on.year)
    meta.doc_type = KINDS[kind]
    meta.subject = _capitalised(subject)
    meta.recipients = meta.recipients or ["Như trên", "Lưu: VT"]
    report = Report(
        kind="demo-evidence",
        meta=meta,
        blocks=_body(kind, subject, unit, issued_on.year),
        filename_stem=number.replace("/", "-"),
    )
    return render_pdf(report)
