"""Phụ lục 1: the summary of model registrations of a campaign (seed 002)."""

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
    annex_notes,
    attachment_line,
    footer_rows,
    grouped_rows,
    party_meta,
    resolve_campaign,
    subject_marks,
    unit_line,
)
from .data import campaign_figures, subject_counts

# --- Phụ lục 1 ----------------------------------------------------------------------------

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
        *subject_marks(model),
    ]


def build_registrations(campaign: Campaign, options: ExportOptions) -> Report:
    """Five queries: models, participants, exemplars, targets, settings.

    As seed 002 prints it: the models carried from last year (I), then those registered new
    (II), each part by organisation and, within one, field by field."""
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
        *grouped_rows(continued, width, _registration_cells),
        Row(
            ["II", f"Mô hình đăng ký mới năm {campaign.year}", len(new)] + [""] * (width - 3),
            kind="total",
        ),
        *grouped_rows(new, width, _registration_cells),
        *footer_rows(figures, width),
    ]
    meta = party_meta(campaign, options, show_header=False, show_signature=False, landscape=True)
    heading = AnnexHeading(
        label=options.label,
        title=f"BIỂU TỔNG HỢP ĐĂNG KÝ XÂY DỰNG MỚI MÔ HÌNH “DÂN VẬN KHÉO” NĂM {campaign.year}",
        attachment=attachment_line(campaign, options, "Báo cáo"),
    )
    table = Table(REGISTRATION_COLUMNS, rows, sheet_name="Phụ lục 1", numbered=True)
    return Report(
        kind="dvk-registrations",
        meta=meta,
        blocks=[unit_line(campaign), heading, table, *annex_notes(campaign, results=False)],
        filename_stem=f"dvk-dang-ky-{campaign.year}-{ascii_slug(campaign.unit.code)}",
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
