"""The six-month or annual report of the movement (`?period=six_month|annual`)."""

from dataclasses import dataclass
from datetime import date

from dvcq import wording
from dvcq.documents.blocks import (
    BLANK,
    Column,
    Heading,
    Paragraph,
    Report,
    Row,
    Table,
)
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug
from dvcq.org.models import Unit

from ..models import (
    Campaign,
    Subject,
    TargetKind,
)
from ..permissions import may_see_campaign
from .common import MOVEMENT, _field_lines, party_meta, resolve_campaign, results_finality
from .data import campaign_figures, subject_counts
from .params import ReportParams

# --- the six-month or annual report --------------------------------------------------------

PERIODS = {"six_month": "6 tháng đầu năm", "annual": "năm"}


@dataclass
class ReportSource:
    campaign: Campaign
    period: str  # a key of PERIODS


def resolve_report(unit: Unit, year: int, period: str = "") -> ReportSource:
    return ReportSource(resolve_campaign(unit, year), period if period in PERIODS else "annual")


def report_finality(source: ReportSource, models=None) -> Finality:
    """The annual report is final once no model is still being appraised; the six-month
    report counts what stood at the end of June, whatever happened since."""
    if source.period == "six_month":
        return Finality()
    return results_finality(source.campaign, models)


def _actual_text(row) -> str:
    if row.actual is None:
        return ""
    if row.target.kind == TargetKind.ORG_COVERAGE:
        return f"{wording.points(row.actual).rstrip('0').rstrip(',')}%"
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
            f"sau" + (f" (số liệu đến ngày {wording.day(as_of)}):" if as_of else ":")
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
                f"{model.appraisal.decision_number} ngày {wording.day(model.appraisal.decision_date)}",
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
                    f" ngày {wording.day(exemplar.recognised_on)}" if exemplar.recognised_on else ""
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
    meta = party_meta(
        campaign,
        options,
        draft_reasons=report_finality(source, figures.models).reasons,
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
        kind="dvk-report",
        title="Dân vận khéo — báo cáo sơ kết 6 tháng / tổng kết năm",
        resolve=resolve_report,
        build=build_report,
        default_style="party",
        default_symbol="BC-ĐU",
        allowed=lambda user, source: may_see_campaign(user, source.campaign),
        params_form=ReportParams,
        finality=report_finality,
    )
)
