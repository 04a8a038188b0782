"""The campaign's guidance (HƯỚNG DẪN, or KẾ HOẠCH) in the Party layout (seeds 003/004)."""

from dvcq import wording
from dvcq.documents.blocks import (
    Heading,
    Paragraph,
    Report,
)
from dvcq.documents.registry import ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug

from ..models import (
    Campaign,
    Part,
    RubricKind,
)
from ..permissions import may_see_campaign
from ..services.rubrics import rubric_for
from .common import MOVEMENT, party_meta, resolve_campaign, split_number

# --- the guidance ---------------------------------------------------------------------------

PURPOSES = [
    "1. Tiếp tục nâng cao nhận thức, trách nhiệm của các cấp ủy Đảng, chính quyền, các cơ quan, "
    "đơn vị, Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội trong lãnh đạo, chỉ đạo "
    "và tổ chức thực hiện phong trào thi đua “Dân vận khéo”.",
    "2. Phát huy vai trò, trách nhiệm và sức mạnh tổng hợp của cả hệ thống chính trị; huy động "
    "các tầng lớp Nhân dân tích cực tham gia thực hiện các nhiệm vụ chính trị, phát triển kinh "
    "tế - xã hội, giữ vững quốc phòng - an ninh, xây dựng Đảng và hệ thống chính trị trong sạch, "
    "vững mạnh.",
    "3. Phong trào cần được triển khai đồng bộ, thực chất, hiệu quả; tập trung giải quyết những "
    "khó khăn, vướng mắc, vấn đề nổi cộm phát sinh ở cơ sở mà cán bộ, đảng viên và Nhân dân đang "
    "quan tâm. Mô hình xây dựng mới phải tổ chức ra mắt; mô hình tiếp tục duy trì đăng ký mục "
    "tiêu, chỉ tiêu cao hơn năm trước.",
]
ORGANISATION = [
    (
        "1. Ban Xây dựng Đảng",
        "Tham mưu Ban Thường vụ Đảng ủy hướng dẫn, đôn đốc, kiểm tra; tổng hợp đăng ký mô hình, "
        "tham mưu thẩm định, công nhận mô hình và lựa chọn, giới thiệu điển hình; xây dựng báo "
        "cáo sơ kết 6 tháng, báo cáo năm; chỉ đạo lập, lưu trữ hồ sơ phong trào đầy đủ.",
    ),
    (
        "2. Ủy ban nhân dân",
        "Xây dựng kế hoạch triển khai phong trào trong khối chính quyền; phối hợp rà soát đăng ký "
        "mô hình, thường xuyên kiểm tra, đôn đốc, tháo gỡ khó khăn trong quá trình thực hiện.",
    ),
    (
        "3. Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
        "Xây dựng kế hoạch của tổ chức mình; tuyên truyền, vận động đoàn viên, hội viên và Nhân "
        "dân tham gia xây dựng, thực hiện mô hình; giới thiệu, biểu dương các điển hình.",
    ),
    (
        "4. Các tổ chức đảng trực thuộc",
        "Rà soát các mô hình đã triển khai, tiếp tục duy trì các mô hình còn phù hợp, loại bỏ mô "
        "hình không còn phù hợp; đăng ký bổ sung mô hình mới; phân công đảng viên phụ trách.",
    ),
]


def build_plan(campaign: Campaign, options: ExportOptions) -> Report:
    """Five queries: targets, milestones, the rubric, its criteria, settings."""
    number, symbol = split_number(campaign.guide_number)
    symbol = symbol or options.symbol
    doc_type = "KẾ HOẠCH" if symbol.startswith("KH") else "HƯỚNG DẪN"
    year = campaign.year
    targets = list(campaign.targets.order_by("pk"))
    milestones = list(campaign.milestones.order_by("due", "pk"))
    rubric = rubric_for(year, RubricKind.CHECKLIST) or rubric_for(year)
    criteria = list(rubric.criteria.order_by("part", "number")) if rubric else []
    blocks = [
        Paragraph(line.strip()) for line in campaign.guide_summary.splitlines() if line.strip()
    ]
    if not blocks:
        blocks.append(
            Paragraph(
                f"Ban Thường vụ {campaign.organiser} ban hành hướng dẫn thực hiện {MOVEMENT} "
                f"năm {year} như sau:"
            )
        )
    blocks.append(Heading("I. MỤC ĐÍCH, YÊU CẦU"))
    blocks += [Paragraph(text) for text in PURPOSES]
    blocks.append(Heading("II. CHỈ TIÊU"))
    blocks += [Paragraph(f"- {t.label}.") for t in targets] or [
        Paragraph("Chỉ tiêu do các tổ chức đăng ký.")
    ]
    blocks.append(
        Paragraph(
            f"Mô hình tính vào chỉ tiêu năm {year} gồm các mô hình từ những năm trước còn "
            f"phù hợp, có hiệu quả, tiếp tục đăng ký với mục tiêu, chỉ tiêu cao hơn và các "
            f"mô hình đăng ký xây dựng mới từ năm {year}.",
            italic=True,
        )
    )
    blocks.append(Heading("III. THỜI GIAN THỰC HIỆN"))
    blocks += [Paragraph(f"- {m.title}: trước ngày {wording.day(m.due)}.") for m in milestones]
    blocks.append(Heading("IV. TIÊU CHÍ ĐÁNH GIÁ, CÔNG NHẬN MÔ HÌNH"))
    if rubric is None:
        blocks.append(Paragraph("Theo biểu chấm điểm của cấp trên."))
    elif rubric.kind == RubricKind.CHECKLIST:
        blocks.append(
            Paragraph("Mô hình “Dân vận khéo” được công nhận khi đạt đủ các tiêu chí sau:")
        )
        blocks += [Paragraph(f"({c.number}) {c.text}") for c in criteria]
    else:
        part = None
        for c in criteria:
            if c.part != part:
                part = c.part
                blocks.append(Heading(str(Part(part).label), level=2))
            blocks.append(Paragraph(f"({c.number}) {c.text} ({wording.points(c.max_points)} điểm)"))
    blocks.append(Heading("V. TỔ CHỨC THỰC HIỆN"))
    for title, text in ORGANISATION:
        blocks += [Heading(title, level=2), Paragraph(f"- {text}")]
    blocks.append(
        Paragraph(
            f"Trên đây là hướng dẫn thực hiện {MOVEMENT} năm {year}. Trong quá trình thực "
            f"hiện, nếu có vướng mắc, đề nghị các tổ chức đảng, cơ quan, đơn vị phản ánh về "
            f"Ban Thường vụ (qua Ban Xây dựng Đảng) để điều chỉnh, bổ sung."
        )
    )
    meta = party_meta(
        campaign,
        options,
        number=options.number or number,
        symbol=symbol if not options.number else options.symbol,
        date=options.date or campaign.guide_date,
        doc_type=doc_type,
        subject=f"thực hiện {MOVEMENT} năm {year}",
    )
    return Report(
        kind="dvk-plan",
        meta=meta,
        blocks=blocks,
        filename_stem=f"dvk-huong-dan-{year}-{ascii_slug(campaign.unit.code)}",
    )


register(
    ReportKind(
        kind="dvk-plan",
        title="Dân vận khéo — hướng dẫn (kế hoạch) thực hiện phong trào",
        resolve=resolve_campaign,
        build=build_plan,
        tabular=False,
        default_style="party",
        default_symbol="HD-ĐU",
        allowed=may_see_campaign,
    )
)
