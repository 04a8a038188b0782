"""The reviewing level's result for one unit, with every deduction and its reason
(THÔNG BÁO kết quả thẩm định)."""

from dataclasses import replace

from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.documents.blocks import Column, Heading, Paragraph, Report, Row, Table
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for

from ..models import Scorecard, Status
from ..permissions import may_see_review
from ..selectors import item_scores, lower_first
from ..services import compute_totals, printed_bonus
from .common import (
    class_text,
    deduction_line,
    legal_basis_line,
    of_unit,
    reviewer_of,
    scorecard_of,
)

REVIEW_COLUMNS = [
    Column("TT", 12, align="center"),
    Column("Tiêu chí", 77, align="justify"),
    Column("Điểm tối đa", 19, kind="points", align="center"),
    Column("Điểm tự chấm", 19, kind="points", align="center"),
    Column("Điểm thẩm định", 19, kind="points", align="center"),
    Column("Chênh lệch", 19, kind="points", align="center"),
]


def _difference(before, after):
    return None if before is None or after is None else after - before


def review_finality(scorecard: Scorecard) -> Finality:
    """The notice is final once the result is published (no query)."""
    if scorecard.status == Status.PUBLISHED:
        return Finality()
    return Finality(
        reasons=[
            _("Kết quả thẩm định năm %(year)s chưa được công bố (%(status)s).")
            % {"year": scorecard.round.year, "status": scorecard.get_status_display().lower()}
        ]
    )


def build_review(scorecard: Scorecard, options: ExportOptions) -> Report:
    """Five queries: scores and deductions, the criterion notes, the reviewer's settings."""
    assessment_round = scorecard.round
    unit, year, framework = assessment_round.unit, assessment_round.year, assessment_round.framework
    reviewer = reviewer_of(scorecard)
    scores = item_scores(scorecard)
    totals = compute_totals(scorecard, scores)
    notes = dict(scorecard.criteria.values_list("criterion_id", "review_note"))

    rows = []
    for group in totals.criteria:
        criterion = group.criterion
        rows.append(
            Row(
                [
                    str(criterion.number),
                    criterion.title,
                    group.max_points,
                    group.self_points,
                    group.review_points,
                    group.difference,
                ]
            )
        )
    bonus = totals.bonus
    rows.append(
        Row(
            [
                "",
                "Cộng điểm các tiêu chí",
                totals.max_main,
                totals.self_main,
                totals.review_main,
                _difference(totals.self_main, totals.review_main),
            ],
            kind="total",
        )
    )
    if bonus.scores:
        rows.append(
            Row(
                [
                    "",
                    "Điểm thưởng",
                    bonus.max_points,
                    printed_bonus(bonus.self_points, totals.self_main),
                    printed_bonus(bonus.review_points, totals.review_main),
                    _difference(
                        printed_bonus(bonus.self_points, totals.self_main),
                        printed_bonus(bonus.review_points, totals.review_main),
                    ),
                ]
            )
        )
    rows.append(
        Row(
            [
                "",
                "Tổng cộng" + (" (gồm điểm thưởng)" if bonus.scores else ""),
                totals.max_main + (bonus.max_points if bonus.scores else 0),
                totals.self_total,
                totals.review_total,
                totals.difference,
            ],
            kind="total",
        )
    )

    settings = document_settings_for(reviewer)
    meta = replace(
        document_meta(settings, options, year + 1 if scorecard.published_at else year),
        place=reviewer.place_name,
        doc_type="THÔNG BÁO",
        subject=(
            f"Kết quả thẩm định, chấm điểm công tác dân vận chính quyền năm {year} "
            f"của {of_unit(unit)}"
        ),
        draft_reasons=review_finality(scorecard).reasons,
    )
    reviewer_name = lower_first(reviewer.name)
    blocks = []
    if line := legal_basis_line(framework):
        blocks.append(Paragraph(line))
    if scorecard.self_report_number:
        blocks.append(
            Paragraph(
                f"Căn cứ Báo cáo số {scorecard.self_report_number}"
                + (
                    f" {wording.dated(scorecard.self_report_date)}"
                    if scorecard.self_report_date
                    else ""
                )
                + f" của {of_unit(unit)} về kết quả tự chấm điểm công tác dân vận chính quyền "
                f"năm {year};"
            )
        )
    blocks += [
        Paragraph(
            f"Ủy ban nhân dân {reviewer_name} thông báo kết quả thẩm định, chấm điểm công tác "
            f"dân vận chính quyền năm {year} của {of_unit(unit)} như sau:"
        ),
        Heading("1. Kết quả chấm điểm theo tiêu chí"),
        Table(REVIEW_COLUMNS, rows, sheet_name="Thẩm định"),
        Heading("2. Các nội dung bị trừ điểm"),
    ]
    any_deduction = False
    for group in totals.criteria:
        # A bonus item's deduction is listed under the criterion it belongs to.
        extra = [s for s in totals.bonus.scores if s.item.criterion_id == group.criterion.pk]
        deducted = [s for s in [*group.scores, *extra] if s.deductions.all()]
        note = notes.get(group.criterion.pk, "").strip()
        if not deducted and not note:
            continue
        any_deduction = any_deduction or bool(deducted)
        criterion = group.criterion
        blocks.append(Paragraph(f"Tiêu chí {criterion.number}: {criterion.title}", bold=True))
        for score in deducted:
            blocks.append(Paragraph(f"- Nội dung {score.item.code}: {score.item.text}"))
            blocks += [
                Paragraph(deduction_line(d.points, d.reason)) for d in score.deductions.all()
            ]
        if note:
            blocks.append(Paragraph(f"Nhận xét: {note}", italic=True))
    if not any_deduction:
        blocks.append(Paragraph("Không có nội dung nào bị trừ điểm."))
    blocks += [
        Heading("3. Tổng điểm và xếp loại"),
        Paragraph(
            f"Tổng điểm tự chấm: {wording.points(scorecard.self_total)} điểm; tổng điểm thẩm định: "
            f"{wording.points(scorecard.review_total)} điểm"
            + (
                f", trong đó điểm thưởng {wording.points(bonus.review_points or 0)} điểm"
                if bonus.scores and bonus.review_points
                else ""
            )
            + (
                f" (chênh lệch {wording.points(totals.difference)} điểm)."
                if totals.difference is not None
                else "."
            )
        ),
        Paragraph(f"Xếp loại: {class_text(scorecard)}."),
    ]
    return Report(
        kind="review",
        meta=meta,
        blocks=blocks,
        filename_stem=f"ket-qua-tham-dinh-{year}-{ascii_slug(unit.code)}",
    )


register(
    ReportKind(
        kind="review",
        title="Thông báo kết quả thẩm định, chấm điểm của một đơn vị",
        resolve=scorecard_of,
        build=build_review,
        default_symbol="TB-UBND",
        allowed=may_see_review,
        issuer=reviewer_of,
        finality=review_finality,
    )
)
