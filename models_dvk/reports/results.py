"""Phụ lục 4: the summary of the results of building and keeping models (seed 002)."""

from dvcq.documents.blocks import (
    AnnexHeading,
    Column,
    Report,
    Row,
    Table,
)
from dvcq.documents.registry import ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug

from ..models import (
    Campaign,
    DvkModel,
    Field,
    Origin,
)
from ..permissions import may_see_campaign
from .common import (
    NAME_TITLE,
    X,
    annex_notes,
    attachment_line,
    footer_rows,
    grouped_rows,
    party_meta,
    resolve_campaign,
    results_finality,
    subject_marks,
    unit_line,
)
from .data import FIELD_ORDER, campaign_figures, subject_counts

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
        model.results,  # what was achieved, never the scale registered in Phụ lục 1
        "" if continued else X,
        X if continued else "",
        *subject_marks(model),
    ]


def build_results(campaign: Campaign, options: ExportOptions) -> Report:
    """Five queries, as Phụ lục 1."""
    figures = campaign_figures(campaign)
    width = len(RESULTS_COLUMNS)
    # Seed 002, notes (2) and (8): by organisation, field by field, and within a field the
    # new models above the continued ones.
    models = sorted(
        figures.models,
        key=lambda m: (
            m.participant.name,
            FIELD_ORDER.get(m.field, 99),
            m.origin == Origin.CONTINUED,
            m.pk,
        ),
    )
    collective, individual = subject_counts(models)
    continued = sum(1 for m in models if m.origin == Origin.CONTINUED)
    rows = [
        Row(
            ["", "Tổng số", len(models), "", "", "", ""]
            + [len(models) - continued, continued, collective, individual],
            kind="total",
        ),
        *grouped_rows(models, width, _results_cells),
        *footer_rows(figures, width),
    ]
    meta = party_meta(
        campaign,
        options,
        show_header=False,
        show_signature=False,
        landscape=True,
        draft_reasons=results_finality(campaign, figures.models).reasons,
    )
    heading = AnnexHeading(
        label=options.label,
        title=(
            f"BIỂU TỔNG HỢP BÁO CÁO KẾT QUẢ XÂY DỰNG, DUY TRÌ MÔ HÌNH “DÂN VẬN KHÉO” "
            f"NĂM {campaign.year}"
        ),
        attachment=attachment_line(campaign, options, "Báo cáo"),
    )
    table = Table(RESULTS_COLUMNS, rows, sheet_name="Phụ lục 4", numbered=True)
    return Report(
        kind="dvk-results",
        meta=meta,
        blocks=[unit_line(campaign), heading, table, *annex_notes(campaign, results=True)],
        filename_stem=f"dvk-ket-qua-{campaign.year}-{ascii_slug(campaign.unit.code)}",
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
        finality=results_finality,
    )
)
