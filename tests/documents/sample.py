"""A report using every block of the engine, in both document styles."""

from datetime import date
from decimal import Decimal

from dvcq.documents.blocks import (
    AnnexHeading,
    Column,
    DocumentMeta,
    Heading,
    Paragraph,
    Report,
    Row,
    SectionBreak,
    Table,
)

BODY = (
    "Thực hiện Quyết định số 114/QĐ-UBND ngày 23/01/2025 của UBND huyện về việc phê duyệt kết quả "
    "đánh giá, phân loại công tác dân vận chính quyền năm 2024; Ủy ban nhân dân xã Ba Thành ban hành "
    "Kế hoạch khắc phục như sau:"
)


def sample_report(style="admin", number="25", when=date(2025, 2, 25)) -> Report:
    party = style == "party"
    meta = DocumentMeta(
        style=style,
        issuing_body=["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "ĐẢNG ỦY XÃ BA THÀNH"]
        if party
        else ["ỦY BAN NHÂN DÂN", "XÃ BA THÀNH"],
        number=number,
        symbol="KH/ĐU" if party else "KH-UBND",
        place="Ba Thành",
        date=when,
        year=2025,
        doc_type="KẾ HOẠCH",
        subject="Khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền năm 2025",
        signer_authority="T/M BAN THƯỜNG VỤ" if party else "TM. ỦY BAN NHÂN DÂN",
        signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC" if party else "CHỦ TỊCH",
        signer_name="Nguyễn Văn Ơn",
        recipients=["Phòng Nội vụ huyện", "Đảng ủy xã", "Lưu: VT, VP"],
    )
    table = Table(
        [
            Column("TT", 15, align="center"),
            Column("Nội dung", 90),
            Column("Điểm", 20, kind="points", align="right"),
            Column("Hạn", 25, kind="date", align="center"),
        ],
        [
            Row(["Tiêu chí 1: Công tác triển khai, quán triệt"], kind="group"),
            Row(
                [
                    "1",
                    "Quán triệt Kết luận số 114-KL/TW ngày 14/7/2015",
                    Decimal("2.50"),
                    date(2025, 10, 24),
                ]
            ),
            Row(["", "Tổng", Decimal("78.50"), None], kind="total"),
        ],
        sheet_name="Kết quả",
    )
    return Report(
        kind="sample",
        meta=meta,
        blocks=[
            Heading("I. MỤC TIÊU, CHỈ TIÊU"),
            Paragraph(BODY),
            table,
            SectionBreak(landscape=True),
            AnnexHeading(
                "Phụ lục I",
                "KẾT QUẢ CHẤM ĐIỂM",
                "(Kèm theo Kế hoạch số 25/KH-UBND ngày 25/02/2025 của UBND xã)",
            ),
            table,
        ],
        filename_stem="ke-hoach-khac-phuc-2025-ba-thanh",
    )
