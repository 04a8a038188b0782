"""The campaign's plan (KẾ HOẠCH "…-KH/ĐU", seed 004; a "…-HD/ĐU" number makes it the
guidance of seed 003, same parts) in the Party layout.

Every part is the campaign's: its targets, the criteria of the scoring sheet in force that
year, its participants, the city-level dossier, the level above; the prose between them is the
Party staff's (models_dvk.plan_sections: the text they wrote, else seed 004's wording with the
campaign's year, level and deadlines from its milestones).
"""

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
    Field,
    MilestoneKind,
    Part,
    RubricKind,
)
from ..permissions import may_see_campaign
from ..plan_sections import STEP_TITLES, PlanDraft, dossier_lines, higher_of, plan_draft
from ..services.rubrics import rubric_for
from .common import MOVEMENT, party_meta, resolve_campaign, split_number

# II.2: the four fields of seed 004, numbered 2.1–2.4, each with its section of prose.
FIELD_SECTIONS = [
    (Field.ECONOMY, "field_economy"),
    (Field.CULTURE, "field_culture"),
    (Field.DEFENCE, "field_defence"),
    (Field.POLITICS, "field_politics"),
]
# The part headings of the 100-point sheet (seed 002) when a year still scores with it.
SHEET_PARTS = {
    Part.GENERAL: "Các tiêu chí chung về mô hình “Dân vận khéo”",
    Part.COLLECTIVE: "Đối với mô hình do tập thể thực hiện",
    Part.INDIVIDUAL: "Đối với mô hình do cá nhân thực hiện",
}


def _prose(draft: PlanDraft, key: str) -> list[Paragraph]:
    return [Paragraph(line) for line in draft.lines(key)]


def _model_criteria(campaign: Campaign) -> list:
    """IV.1.a: the criteria of the sheet in force in the campaign's year (two queries)."""
    year = campaign.year
    rubric = rubric_for(year, RubricKind.CHECKLIST) or rubric_for(year)
    if rubric is None:
        return [Paragraph("Theo tiêu chí đánh giá mô hình “Dân vận khéo” của cấp trên.")]
    criteria = list(rubric.criteria.order_by("part", "number"))
    if rubric.kind == RubricKind.CHECKLIST:
        return [Paragraph(f"- {c.text}") for c in criteria]
    blocks, part = [], None
    for c in criteria:
        if c.part != part:
            part = c.part
            blocks.append(Paragraph(f"{part}. {SHEET_PARTS.get(part, '')}", italic=True))
        blocks.append(Paragraph(f"- {c.text} ({wording.points(c.max_points)} điểm)"))
    key = [str(c.number) for c in criteria if c.is_key and c.part != Part.INDIVIDUAL]
    blocks.append(
        Paragraph(
            f"Mô hình “Dân vận khéo” phải đạt tổng từ {wording.points(rubric.pass_total)} điểm "
            f"trở lên; trong đó các tiêu chí {', '.join(key)} phải đạt điểm tối đa.",
            italic=True,
        )
    )
    return blocks


def build_plan(campaign: Campaign, options: ExportOptions) -> Report:
    """Seven queries: milestones, plan sections, targets, the rubric, its criteria,
    participants, settings."""
    number, symbol = split_number(campaign.guide_number)
    symbol = symbol or options.symbol
    guidance = symbol.upper().startswith("HD")
    doc_type = "HƯỚNG DẪN" if guidance else "KẾ HOẠCH"
    year = campaign.year
    draft = plan_draft(campaign)
    higher = higher_of(campaign)
    targets = list(campaign.targets.order_by("pk"))
    participants = list(campaign.participants.order_by("name"))

    blocks: list = _prose(draft, "basis")
    blocks += [Heading("I. MỤC ĐÍCH, YÊU CẦU"), Heading("1. Mục đích", level=2)]
    blocks += _prose(draft, "purpose")
    blocks.append(Heading("2. Yêu cầu", level=2))
    blocks += _prose(draft, "requirement")

    blocks += [
        Heading("II. CHỈ TIÊU, NỘI DUNG XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO”"),
        Heading("1. Chỉ tiêu", level=2),
    ]
    blocks += [Paragraph(f"- {t.label.rstrip('.')}.") for t in targets] or [
        Paragraph("- Chỉ tiêu do các tổ chức đăng ký.")
    ]
    blocks += _prose(draft, "targets_note")
    blocks.append(Heading("2. Nội dung xây dựng mô hình “Dân vận khéo”", level=2))
    for index, (field, key) in enumerate(FIELD_SECTIONS, start=1):
        label = str(Field(field).label)
        blocks.append(Heading(f"2.{index}. Lĩnh vực {label[:1].lower()}{label[1:]}", level=2))
        blocks += _prose(draft, key)

    blocks += [
        Heading("III. ĐỐI TƯỢNG ĐĂNG KÝ, CÁC BƯỚC XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO”"),
        Heading("1. Đối tượng đăng ký xây dựng và thực hiện mô hình “Dân vận khéo”", level=2),
    ]
    blocks += _prose(draft, "subjects")
    if participants:
        blocks.append(
            Paragraph(
                f"Các tổ chức tham gia phong trào năm {year} ({len(participants)}): "
                + "; ".join(p.name for p in participants)
                + "."
            )
        )
    blocks.append(Heading("2. Các bước xây dựng và thực hiện mô hình “Dân vận khéo”", level=2))
    for key, title in STEP_TITLES.items():
        blocks.append(Heading(title, level=2))
        blocks += _prose(draft, key)

    blocks += [
        Heading("IV. TIÊU CHÍ ĐÁNH GIÁ, XÉT CÔNG NHẬN MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”"),
        Heading("1. Tiêu chí đánh giá mô hình, điển hình “Dân vận khéo”", level=2),
        Heading("a) Đối với mô hình “Dân vận khéo”", level=2),
        *_model_criteria(campaign),
        Heading("b) Điển hình “Dân vận khéo”", level=2),
        *_prose(draft, "exemplar_criteria"),
        Heading("2. Xét, công nhận mô hình, điển hình “Dân vận khéo” các cấp", level=2),
        Heading("2.1. Nguyên tắc xét công nhận mô hình, điển hình “Dân vận khéo”", level=2),
        *_prose(draft, "principles"),
        Heading("2.2. Quy trình thẩm định mô hình, điển hình “Dân vận khéo”", level=2),
        *_prose(draft, "appraisal"),
        Heading("2.3. Công nhận các mô hình, điển hình “Dân vận khéo”", level=2),
        *_prose(draft, "recognition"),
        Paragraph(
            f"- Hồ sơ đề nghị công nhận mô hình, điển hình “Dân vận khéo” cấp {higher.level}:"
        ),
        *[Paragraph(line) for line in dossier_lines(campaign)],
    ]

    blocks += [
        Heading("V. TỔ CHỨC THỰC HIỆN"),
        Heading("1. Ban Xây dựng Đảng", level=2),
        *_prose(draft, "duties_party"),
        Heading("2. Các cơ quan, đơn vị", level=2),
        *_prose(draft, "duties_units"),
    ]
    others = [m for m in draft.milestones if m.kind == MilestoneKind.OTHER]
    if others:
        blocks.append(Heading("3. Các mốc thời gian khác", level=2))
        blocks += [Paragraph(f"- {m.title}: trước ngày {wording.day(m.due)}.") for m in others]
    blocks += _prose(draft, "closing")

    meta = party_meta(
        campaign,
        options,
        number=options.number or number,
        symbol=symbol if not options.number else options.symbol,
        date=options.date or campaign.guide_date,
        doc_type=doc_type,
        subject=f"thực hiện {MOVEMENT} năm {year}",
    )
    stem = "huong-dan" if guidance else "ke-hoach"
    return Report(
        kind="dvk-plan",
        meta=meta,
        blocks=blocks,
        filename_stem=f"dvk-{stem}-{year}-{ascii_slug(campaign.unit.code)}",
    )


register(
    ReportKind(
        kind="dvk-plan",
        title="Dân vận khéo — kế hoạch (hướng dẫn) thực hiện phong trào",
        resolve=resolve_campaign,
        build=build_plan,
        tabular=False,
        default_style="party",
        default_symbol="KH-ĐU",
        allowed=may_see_campaign,
    )
)
