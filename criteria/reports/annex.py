"""The assignment annex ("Phân công nhiệm vụ") as a report of the document engine."""

from dataclasses import replace

from django.http import Http404

from dvcq import wording
from dvcq.documents.blocks import AnnexHeading, Column, Report, Row, Table
from dvcq.documents.registry import ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for

from ..models import AssessmentRound, Assignment
from ..permissions import may_read_round
from ..selectors import round_finality

ANNEX_COLUMNS = [
    Column("TT", 22, align="center"),
    Column("NỘI DUNG TIÊU CHÍ", 85, align="justify"),
    Column(
        "Cơ quan, ban, ngành, đơn vị được giao thực hiện nhiệm vụ (ban hành các Báo cáo, Công văn, Hướng dẫn, Kế hoạch, Quyết định, Quy định, Tờ trình...)",
        55,
    ),
    Column("Nội dung cần thực hiện", 95, align="justify"),
    Column("Hạn nộp minh chứng", 28, kind="date", align="center", xlsx_only=True),
    # Lets the spreadsheet come back in without turning cooperating positions into leads.
    Column("Trong đó phối hợp", 40, xlsx_only=True),
]


def resolve_round(unit, year: int) -> AssessmentRound:
    found = (
        AssessmentRound.objects.filter(unit=unit, framework__year=year)
        .select_related("unit", "framework")
        .first()
    )
    if found is None:
        raise Http404
    return found


def assignees_text(assignment: Assignment) -> str:
    """Lead, then cooperating positions, then any other assignee, as the annex column reads."""
    names = [p.name for p in assignment.lead_positions.all()]
    names += [p.name for p in assignment.cooperating_positions.all()]
    if assignment.assignee_note:
        names.append(assignment.assignee_note)
    return ", ".join(names)


def attachment_line(unit, year: int, number: str, when) -> str:
    """ "(Kèm theo Kế hoạch số 25/KH-UBND ngày 25/02/2025 của UBND xã)"."""
    issuer = f"UBND {wording.level_word(unit, default=unit.name)}"
    return wording.attachment("Kế hoạch", number, when, issuer, symbol="KH-UBND", year=year)


def build_annex(assessment_round: AssessmentRound, options: ExportOptions) -> Report:
    """Three queries: the assignments with items, and the two position lists.

    The annex prints the grid as it stands, in every format alike (its spreadsheet comes back
    in unchanged), so a deadline from another year is fixed in the grid, not here: while the
    grid has a warning the annex is marked as a draft (`round_finality`)."""
    unit, year = assessment_round.unit, assessment_round.year
    assignments = list(
        assessment_round.assignments.select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
        .order_by("item__criterion__number", "item__number")
    )
    rows, current = [], None
    for assignment in assignments:
        criterion = assignment.item.criterion
        if criterion.number != current:
            current = criterion.number
            rows.append(Row([f"Tiêu chí {criterion.number}: {criterion.title}"], kind="group"))
        rows.append(
            Row(
                [
                    f"Nội dung {assignment.item.number}",
                    assignment.item.text,
                    assignees_text(assignment),
                    assignment.action,
                    assignment.deadline,
                    ", ".join(p.name for p in assignment.cooperating_positions.all()),
                ]
            )
        )
    settings = document_settings_for(unit)
    meta = replace(
        document_meta(settings, options, year),
        show_header=False,
        show_signature=False,
        landscape=True,
        draft_reasons=round_finality(assessment_round, assignments).reasons,
    )
    heading = AnnexHeading(
        label=options.label,
        title=f"PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN VÀ NÂNG CAO ĐIỂM DÂN VẬN CỦA {unit.name.upper()} NĂM {year}",
        attachment=attachment_line(
            unit,
            year,
            options.attachment_number or assessment_round.plan_number,
            options.attachment_date or assessment_round.plan_date,
        ),
    )
    return Report(
        kind="annex",
        meta=meta,
        blocks=[heading, Table(ANNEX_COLUMNS, rows, sheet_name="Phân công")],
        filename_stem=f"phu-luc-phan-cong-{year}-{ascii_slug(unit.code)}",
    )


register(
    ReportKind(
        kind="annex",
        title="Phụ lục phân công nhiệm vụ (dân vận chính quyền)",
        resolve=resolve_round,
        build=build_annex,
        allowed=may_read_round,
        finality=round_finality,
        default_label="Phụ lục I",
    )
)
