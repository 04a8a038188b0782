"""Documents of the “Dân vận khéo” movement (registered in ModelsDvkConfig.ready).

- `dvk-registrations`: Phụ lục 1, the summary of registrations (seed 002);
- `dvk-results`: Phụ lục 4, the summary of results (seed 002);
- `dvk-scoresheet`: the filled scoring sheet of one model (`?model=<id>`);
- `dvk-plan`: the campaign's guidance (HƯỚNG DẪN, or KẾ HOẠCH), Party layout (seeds 003/004);
- `dvk-report`: the six-month or annual report (`?period=six_month|annual`).

Documents stay in Vietnamese whatever the interface language, so labels of choices are read
under `override("vi")`. Each builder reads in a fixed number of queries (pinned in the tests).
"""

from dataclasses import dataclass, replace
from datetime import date

from django.http import Http404
from django.utils.translation import override

from dvcq.documents.blocks import (
    BLANK,
    AnnexHeading,
    Column,
    Heading,
    Paragraph,
    Report,
    Row,
    Table,
    format_points,
)
from dvcq.documents.registry import ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for
from dvcq.org.models import Unit
from dvcq.wording import day as day_text

from .models import (
    Appraisal,
    Campaign,
    DvkModel,
    Field,
    Origin,
    Part,
    RubricKind,
    Subject,
    TargetKind,
)
from .report_data import MAIN_FIELDS, Figures, campaign_figures, subject_counts
from .services.appraisal import aggregate
from .services.rubrics import rubric_for

MOVEMENT = "phong trào thi đua “Dân vận khéo”"
X = "X"


def resolve_campaign(unit: Unit, year: int) -> Campaign:
    campaign = Campaign.objects.filter(unit=unit, year=year).select_related("unit__parent").first()
    if campaign is None:
        raise Http404
    return campaign


def may_see_campaign(user, campaign: Campaign) -> bool:
    return Campaign.objects.for_user(user).filter(pk=campaign.pk).exists()


def _split_number(full: str) -> tuple[str, str]:
    """ "12-HD/ĐU" → ("12", "HD/ĐU"); "" → ("", "")."""
    number, sep, symbol = full.partition("-")
    return (number.strip(), symbol.strip()) if sep else ("", "")


def _party_meta(campaign: Campaign, options: ExportOptions, **changes):
    """The Party layout headed by the campaign's organiser rather than the unit's settings."""
    settings = document_settings_for(campaign.unit)
    meta = document_meta(settings, options, campaign.year)
    if meta.style == "party":
        superior = campaign.superior_body or settings.party_superior_body
        meta.issuing_body = [line for line in (superior, campaign.organiser.upper()) if line]
    return replace(meta, **changes)


def _attachment(campaign: Campaign, options: ExportOptions, document: str) -> str:
    number = options.attachment_number or f"{BLANK}-BC/ĐU"
    when = (
        f"ngày {day_text(options.attachment_date)}"
        if options.attachment_date
        else f"ngày{BLANK}/{BLANK}/{campaign.year}"
    )
    return f"(Kèm theo {document} số {number} {when} của {campaign.organiser})"


def _field_lines(figures: Figures) -> list[str]:
    counts = figures.by_field
    fields = MAIN_FIELDS + [f for f in Field.values if f not in MAIN_FIELDS and counts.get(f)]
    return [f"- Lĩnh vực {Field(f).label}: {counts.get(f, 0)} mô hình" for f in fields]


def _footer_rows(figures: Figures, width: int) -> list[Row]:
    """ "Tổng số mô hình theo lĩnh vực" and "Tổng số tập thể, cá nhân" under the table."""
    blank = [""] * (width - 2)
    collective, individual = subject_counts(figures.models)
    rows = [Row(["*", "Tổng số mô hình theo lĩnh vực:", *blank], kind="total")]
    rows += [Row(["", line, *blank]) for line in _field_lines(figures)]
    rows.append(Row(["*", "Tổng số tập thể, cá nhân xây dựng mô hình", *blank], kind="total"))
    rows.append(Row(["", f"- Tập thể: {collective} mô hình", *blank]))
    rows.append(Row(["", f"- Cá nhân: {individual} mô hình", *blank]))
    return rows


def _subject_marks(model: DvkModel) -> list[str]:
    return [
        X if model.subject == Subject.COLLECTIVE else "",
        X if model.subject == Subject.INDIVIDUAL else "",
    ]


def _grouped(models: list[DvkModel], width: int, cells) -> list[Row]:
    """One numbered row per organisation ("1 | Chi bộ thôn Vàng"), its models under it as "-"."""
    rows, current, number = [], None, 0
    for model in models:
        if model.participant_id != current:
            current, number = model.participant_id, number + 1
            count = sum(1 for m in models if m.participant_id == current)
            rows.append(
                Row([str(number), model.participant.name, count, *[""] * (width - 3)], kind="total")
            )
        rows.append(Row(["-", *cells(model)]))
    return rows


# --- Phụ lục 1 ----------------------------------------------------------------------------

NAME_TITLE = "Xã, phường, thị trấn, cơ quan đơn vị/ Tên mô hình"
REGISTRATION_COLUMNS = [
    Column("STT", 12, align="center"),
    Column(NAME_TITLE, 66),
    Column("Số lượng", 16, kind="number", align="center"),
    Column("Địa điểm xây dựng, triển khai", 34),
    Column("Chủ trì", 30),
    Column("Lĩnh vực", 30),
    Column("Quy mô thực hiện", 30),
    Column("Tập thể", 16, align="center", group="Chủ thể"),
    Column("Cá nhân", 16, align="center", group="Chủ thể"),
]


def _registration_cells(model: DvkModel) -> list:
    return [
        model.name,
        model.quantity,
        model.location,
        model.host,
        str(Field(model.field).label),
        model.scale,
        *_subject_marks(model),
    ]


def build_registrations(campaign: Campaign, options: ExportOptions) -> Report:
    """Five queries: models, participants, exemplars, targets, settings."""
    with override("vi"):
        figures = campaign_figures(campaign)
        width = len(REGISTRATION_COLUMNS)
        collective, individual = subject_counts(figures.models)
        continued = [m for m in figures.models if m.origin == Origin.CONTINUED]
        new = [m for m in figures.models if m.origin != Origin.CONTINUED]
        rows = [
            Row(
                ["", "Tổng số", len(figures.models), "", "", "", "", collective, individual],
                kind="total",
            ),
            Row(
                ["I", f"Mô hình tiếp tục duy trì từ năm {campaign.year - 1}", len(continued)]
                + [""] * (width - 3),
                kind="total",
            ),
            *_grouped(continued, width, _registration_cells),
            Row(
                ["II", f"Mô hình đăng ký mới năm {campaign.year}", len(new)] + [""] * (width - 3),
                kind="total",
            ),
            *_grouped(new, width, _registration_cells),
            *_footer_rows(figures, width),
        ]
    meta = _party_meta(campaign, options, show_header=False, show_signature=False, landscape=True)
    heading = AnnexHeading(
        label=options.label,
        title=f"BIỂU TỔNG HỢP ĐĂNG KÝ XÂY DỰNG MỚI MÔ HÌNH “DÂN VẬN KHÉO” NĂM {campaign.year}",
        attachment=_attachment(campaign, options, "Báo cáo"),
    )
    table = Table(REGISTRATION_COLUMNS, rows, sheet_name="Phụ lục 1", numbered=True)
    return Report(
        kind="dvk-registrations",
        meta=meta,
        blocks=[heading, table],
        filename_stem=f"dvk-dang-ky-{campaign.year}-{ascii_slug(campaign.unit.code)}",
    )


# --- Phụ lục 4 ----------------------------------------------------------------------------

RESULTS_COLUMNS = [
    Column("STT", 10, align="center"),
    Column(NAME_TITLE, 52),
    Column("Số lượng", 13, kind="number", align="center"),
    Column("Địa điểm xây dựng, triển khai", 26),
    Column("Chủ trì", 22),
    Column("Lĩnh vực", 24),
    Column("Tóm tắt quy mô, kết quả cụ thể đạt được", 48, align="justify"),
    Column("XD mới", 14, align="center", group="Trong đó"),
    Column("Duy trì", 14, align="center", group="Trong đó"),
    Column("Tập thể", 14, align="center", group="Chủ thể"),
    Column("Cá nhân", 14, align="center", group="Chủ thể"),
]


def _results_cells(model: DvkModel) -> list:
    continued = model.origin == Origin.CONTINUED
    return [
        model.name,
        model.quantity,
        model.location,
        model.host,
        str(Field(model.field).label),
        model.results or model.scale,
        "" if continued else X,
        X if continued else "",
        *_subject_marks(model),
    ]


def build_results(campaign: Campaign, options: ExportOptions) -> Report:
    """Five queries, as Phụ lục 1."""
    with override("vi"):
        figures = campaign_figures(campaign)
        width = len(RESULTS_COLUMNS)
        # Seed 002, note (8): new models above the continued ones, within each organisation.
        models = sorted(
            figures.models,
            key=lambda m: (m.participant.name, m.origin == Origin.CONTINUED),
        )
        collective, individual = subject_counts(models)
        continued = sum(1 for m in models if m.origin == Origin.CONTINUED)
        rows = [
            Row(
                ["", "Tổng số", len(models), "", "", "", ""]
                + [len(models) - continued, continued, collective, individual],
                kind="total",
            ),
            *_grouped(models, width, _results_cells),
            *_footer_rows(figures, width),
        ]
    meta = _party_meta(campaign, options, show_header=False, show_signature=False, landscape=True)
    heading = AnnexHeading(
        label=options.label,
        title=(
            f"BIỂU TỔNG HỢP BÁO CÁO KẾT QUẢ XÂY DỰNG, DUY TRÌ MÔ HÌNH “DÂN VẬN KHÉO” "
            f"NĂM {campaign.year}"
        ),
        attachment=_attachment(campaign, options, "Báo cáo"),
    )
    table = Table(RESULTS_COLUMNS, rows, sheet_name="Phụ lục 4", numbered=True)
    return Report(
        kind="dvk-results",
        meta=meta,
        blocks=[heading, table],
        filename_stem=f"dvk-ket-qua-{campaign.year}-{ascii_slug(campaign.unit.code)}",
    )


# --- the scoring sheet of one model -------------------------------------------------------


def resolve_scoresheet(unit: Unit, year: int, model: str = "") -> Appraisal:
    """The appraisal of model `?model=<id>` of the unit's campaign of that year."""
    if not str(model).isdigit():
        raise Http404
    appraisal = (
        Appraisal.objects.filter(
            model__pk=int(model), model__campaign__unit=unit, model__campaign__year=year
        )
        .select_related("model__campaign__unit__parent", "model__participant", "rubric")
        .first()
    )
    if appraisal is None:
        raise Http404
    return appraisal


def _member_name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def _met_text(value) -> str:
    if value is None:
        return ""
    return "Đạt" if value else "Không đạt"


def _part_total(part: str, results: list, members: int) -> Row:
    """ "Cộng phần I": the part's maximum, each member's sum and the sum of the means."""
    label = "Cộng phần I" if part == Part.GENERAL else f"Cộng phần {part}"
    member_totals = [
        sum(r.values[i] for r in results) if all(r.values[i] is not None for r in results) else None
        for i in range(members)
    ]
    means = [r.mean for r in results]
    mean = sum(means) if all(m is not None for m in means) else None
    return Row(
        ["", label, sum(r.criterion.max_points for r in results), *member_totals, mean],
        kind="total",
    )


def build_scoresheet(appraisal: Appraisal, options: ExportOptions) -> Report:
    """Four queries: the three of services.aggregate (members, criteria, scores) and the
    unit's document settings."""
    model, rubric = appraisal.model, appraisal.rubric
    campaign = model.campaign
    outcome = aggregate(appraisal)
    checklist = rubric.kind == RubricKind.CHECKLIST
    kind = "text" if checklist else "points"
    members = outcome.members
    columns = [
        Column("STT", 11, align="center"),
        Column("Tiêu chí", 70 if len(members) <= 2 else 110, align="justify"),
        *([] if checklist else [Column("Điểm tối đa", 17, kind="points", align="center")]),
        *[
            Column(_member_name(m), 22, kind=kind, align="center", group="Điểm của thành viên")
            for m in members
        ],
        Column("Kết quả" if checklist else "Điểm bình quân", 22, kind=kind, align="center"),
    ]
    with override("vi"):
        by_part: dict = {}
        for result in outcome.criteria:
            by_part.setdefault(result.criterion.part, []).append(result)
        rows = []
        for part, results in by_part.items():
            rows.append(Row([str(Part(part).label)], kind="group"))
            for result in results:
                criterion = result.criterion
                text = criterion.text + (" (*)" if criterion.is_key else "")
                if checklist:
                    values = [_met_text(v) for v in result.values]
                    rows.append(
                        Row([str(criterion.number), text, *values, _met_text(result.at_max)])
                    )
                else:
                    rows.append(
                        Row(
                            [str(criterion.number), text, criterion.max_points, *result.values]
                            + [result.mean]
                        )
                    )
            if not checklist:
                rows.append(_part_total(part, results, len(members)))
        if not checklist:
            rows.append(
                Row(
                    [
                        "",
                        "Tổng cộng",
                        sum(r.criterion.max_points for r in outcome.criteria),
                        *[outcome.totals.get(m.pk) for m in members],
                        outcome.total,
                    ],
                    kind="total",
                )
            )

    blocks = [
        AnnexHeading(
            label=options.label,
            title=f"BIỂU CHẤM ĐIỂM MÔ HÌNH “DÂN VẬN KHÉO” NĂM {campaign.year}",
            attachment=(
                f"(Kèm theo Thông báo số {appraisal.notice_number} ngày "
                f"{day_text(appraisal.notice_date)} của {campaign.organiser})"
                if appraisal.notice_number
                else f"({rubric.name})"
            ),
        ),
        Paragraph(f"Tên mô hình: {model.name}", indent=False),
        Paragraph(
            f"Tổ chức đăng ký: {model.participant.name}; chủ thể thực hiện: "
            f"{str(Subject(model.subject).label).lower()}"
            + (f" ({model.subject_name})" if model.subject_name else "")
            + ".",
            indent=False,
        ),
        Table(columns, rows, sheet_name="Biểu chấm điểm"),
    ]
    key = [str(c.number) for c in (r.criterion for r in outcome.criteria) if c.is_key]
    if key and not checklist:
        blocks.append(
            Paragraph(
                f"(*) Tiêu chí phải đạt điểm tối đa. Mô hình đạt khi tổng điểm từ "
                f"{format_points(rubric.pass_total)} điểm trở lên và các tiêu chí "
                f"{', '.join(key)} đạt điểm tối đa.",
                italic=True,
                indent=False,
            )
        )
    if outcome.passed is None:
        verdict = "Kết quả: chưa đủ phiếu chấm của các thành viên tổ thẩm định."
    elif outcome.passed:
        total = (
            f" với tổng điểm bình quân {format_points(outcome.total)} điểm" if outcome.total else ""
        )
        verdict = f"Kết quả: Đạt{total}."
    else:
        verdict = "Kết quả: Không đạt."
    blocks.append(Paragraph(verdict, bold=True, indent=False))
    if outcome.passed is False:
        blocks.append(Paragraph("Lý do:", indent=False))
        blocks += [Paragraph(f"- {reason}", indent=False) for reason in outcome.reasons]
    meta = _party_meta(
        campaign,
        options,
        show_header=False,
        # Signed by the committee whose result notice the sheet is attached to.
        show_recipients=False,
        landscape=len(members) > 2,
    )
    return Report(
        kind="dvk-scoresheet",
        meta=meta,
        blocks=blocks,
        filename_stem=f"dvk-bieu-cham-{campaign.year}-{model.pk}",
    )


def _may_see_appraisal(user, appraisal: Appraisal) -> bool:
    return may_see_campaign(user, appraisal.model.campaign)


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
    number, symbol = _split_number(campaign.guide_number)
    symbol = symbol or options.symbol
    doc_type = "KẾ HOẠCH" if symbol.startswith("KH") else "HƯỚNG DẪN"
    year = campaign.year
    with override("vi"):
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
        blocks += [Paragraph(f"- {m.title}: trước ngày {day_text(m.due)}.") for m in milestones]
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
                blocks.append(
                    Paragraph(f"({c.number}) {c.text} ({format_points(c.max_points)} điểm)")
                )
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
    meta = _party_meta(
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


# --- the six-month or annual report --------------------------------------------------------

PERIODS = {"six_month": "6 tháng đầu năm", "annual": "năm"}


@dataclass
class ReportSource:
    campaign: Campaign
    period: str  # a key of PERIODS


def resolve_report(unit: Unit, year: int, period: str = "") -> ReportSource:
    return ReportSource(resolve_campaign(unit, year), period if period in PERIODS else "annual")


def _actual_text(row) -> str:
    if row.actual is None:
        return ""
    if row.target.kind == TargetKind.ORG_COVERAGE:
        return f"{format_points(row.actual).rstrip('0').rstrip(',')}%"
    return str(row.actual)


TARGET_COLUMNS = [
    Column("STT", 12, align="center"),
    Column("Chỉ tiêu", 80),
    Column("Chỉ tiêu giao", 22, align="center"),
    Column("Kết quả", 22, align="center"),
    Column("Đánh giá", 29, align="center"),
]


def build_report(source: ReportSource, options: ExportOptions) -> Report:
    """Five queries: models (with appraisals), participants, exemplars, targets, settings."""
    campaign, year = source.campaign, source.campaign.year
    when = PERIODS[source.period]
    # The six-month report counts what stood at the end of June, not what happened since.
    as_of = date(year, 6, 30) if source.period == "six_month" else None
    with override("vi"):
        figures = campaign_figures(campaign, as_of=as_of)
        target_rows = []
        for number, row in enumerate(figures.targets, start=1):
            value = row.target.value
            unit = "%" if row.target.kind == TargetKind.ORG_COVERAGE else ""
            verdict = {True: "Đạt", False: "Chưa đạt", None: ""}[row.met]
            target_rows.append(
                Row([str(number), row.target.label, f"{value}{unit}", _actual_text(row), verdict])
            )
        collective, individual = subject_counts(figures.models)
        blocks = [
            Paragraph(
                f"Thực hiện Hướng dẫn số {campaign.guide_number or BLANK} của Ban Thường vụ "
                f"{campaign.organiser} về thực hiện {MOVEMENT} năm {year}, Ban Thường vụ báo cáo "
                f"kết quả thực hiện {when if source.period == 'six_month' else 'năm'} {year} như "
                f"sau" + (f" (số liệu đến ngày {day_text(as_of)}):" if as_of else ":")
            ),
            Heading("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU"),
            Table(TARGET_COLUMNS, target_rows, sheet_name="Chỉ tiêu"),
        ]
        if figures.party_orgs_without:
            blocks.append(
                Paragraph(
                    "Tổ chức đảng trực thuộc chưa có mô hình: "
                    + ", ".join(figures.party_orgs_without)
                    + "."
                )
            )
        blocks += [
            Heading("II. MÔ HÌNH “DÂN VẬN KHÉO”"),
            Paragraph(
                f"Tổng số {len(figures.models)} mô hình (không kể mô hình đã loại bỏ), trong đó "
                f"{len(figures.new_or_replicated)} mô hình xây dựng mới hoặc nhân rộng, "
                f"{len(figures.models) - len(figures.new_or_replicated)} mô hình tiếp tục duy trì."
            ),
            Paragraph("Theo lĩnh vực:"),
            *[Paragraph(line) for line in _field_lines(figures)],
            Paragraph(f"Theo chủ thể: tập thể {collective} mô hình; cá nhân {individual} mô hình."),
            Heading("III. MÔ HÌNH ĐƯỢC CÔNG NHẬN"),
        ]
        recognised = [
            Row(
                [
                    str(number),
                    model.name,
                    model.participant.name,
                    f"{model.appraisal.decision_number} ngày {day_text(model.appraisal.decision_date)}",
                ]
            )
            for number, model in enumerate(figures.recognised, start=1)
        ]
        if recognised:
            blocks.append(
                Table(
                    [
                        Column("STT", 12, align="center"),
                        Column("Tên mô hình", 75),
                        Column("Tổ chức thực hiện", 40),
                        Column("Quyết định công nhận", 38),
                    ],
                    recognised,
                    sheet_name="Mô hình được công nhận",
                )
            )
        else:
            blocks.append(Paragraph("Chưa có mô hình được công nhận."))
        blocks.append(Heading("IV. ĐIỂN HÌNH “DÂN VẬN KHÉO”"))
        exemplars = [
            Row(
                [
                    str(number),
                    exemplar.name,
                    str(Subject(exemplar.subject).label),
                    exemplar.model.name,
                    exemplar.recognised_number
                    + (
                        f" ngày {day_text(exemplar.recognised_on)}"
                        if exemplar.recognised_on
                        else ""
                    ),
                ]
            )
            for number, exemplar in enumerate(figures.exemplars, start=1)
        ]
        if exemplars:
            blocks.append(
                Table(
                    [
                        Column("STT", 12, align="center"),
                        Column("Tập thể, cá nhân", 45),
                        Column("Chủ thể", 22, align="center"),
                        Column("Mô hình", 55),
                        Column("Quyết định công nhận", 31),
                    ],
                    exemplars,
                    sheet_name="Điển hình",
                )
            )
        else:
            blocks.append(Paragraph("Chưa có tập thể, cá nhân được công nhận điển hình."))
    meta = _party_meta(
        campaign,
        options,
        doc_type="BÁO CÁO",
        subject=(
            f"kết quả thực hiện {MOVEMENT} {when} {year}"
            if source.period == "six_month"
            else f"kết quả thực hiện {MOVEMENT} năm {year}"
        ),
    )
    stem = "so-ket-6-thang" if source.period == "six_month" else "bao-cao-nam"
    return Report(
        kind="dvk-report",
        meta=meta,
        blocks=blocks,
        filename_stem=f"dvk-{stem}-{year}-{ascii_slug(campaign.unit.code)}",
    )


register(
    ReportKind(
        kind="dvk-registrations",
        title="Dân vận khéo — Phụ lục 1: biểu tổng hợp đăng ký mô hình",
        resolve=resolve_campaign,
        build=build_registrations,
        default_style="party",
        default_symbol="BC-ĐU",
        default_label="Phụ lục 1",
        allowed=may_see_campaign,
    )
)
register(
    ReportKind(
        kind="dvk-results",
        title="Dân vận khéo — Phụ lục 4: biểu tổng hợp kết quả xây dựng, duy trì mô hình",
        resolve=resolve_campaign,
        build=build_results,
        default_style="party",
        default_symbol="BC-ĐU",
        default_label="Phụ lục 4",
        allowed=may_see_campaign,
    )
)
register(
    ReportKind(
        kind="dvk-scoresheet",
        title="Dân vận khéo — biểu chấm điểm của một mô hình",
        resolve=resolve_scoresheet,
        build=build_scoresheet,
        default_style="party",
        default_symbol="TB-ĐU",
        allowed=_may_see_appraisal,
        params=("model",),
    )
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
register(
    ReportKind(
        kind="dvk-report",
        title="Dân vận khéo — báo cáo sơ kết 6 tháng / tổng kết năm",
        resolve=resolve_report,
        build=build_report,
        default_style="party",
        default_symbol="BC-ĐU",
        allowed=lambda user, source: may_see_campaign(user, source.campaign),
        params=("period",),
    )
)
