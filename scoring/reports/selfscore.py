"""The unit's report of its self-score (BÁO CÁO kết quả tự chấm điểm)."""

from collections import defaultdict
from dataclasses import replace

from django.utils.translation import gettext as _

from criteria.models import AssessmentRound, Classification
from dvcq import wording
from dvcq.documents.blocks import Column, Heading, Paragraph, Report, Row, Table
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for

from ..models import Scorecard, Status
from ..permissions import may_read_scorecard
from ..selectors import item_scores, lower_first
from ..services import classify, compute_totals
from .common import INELIGIBLE_TEXT, legal_basis_line, reviewer_word, scorecard_of, split_number

SELF_COLUMNS = [
    Column("TT", 11, align="center"),
    Column("Tiêu chí, nội dung", 58, align="justify"),
    Column("Điểm tối đa", 15, kind="points", align="center"),
    Column("Điểm tự chấm", 15, kind="points", align="center"),
    Column("Tài liệu minh chứng (số/ký hiệu, ngày)", 36),
    Column("Ghi chú", 30),
]


def _evidence_by_item(assessment_round: AssessmentRound) -> dict[int, list[str]]:
    """Item id → "269/BC-UBND ngày 23/10/2024" of the round's live records, in one query."""
    from evidence.models import EvidenceRecord

    links = (
        EvidenceRecord.assignments.through.objects.filter(
            evidencerecord__round=assessment_round, evidencerecord__deleted_at__isnull=True
        )
        .values_list(
            "assignment__item_id",
            "evidencerecord__number",
            "evidencerecord__issued_on",
            "evidencerecord__summary",
        )
        .order_by("evidencerecord__issued_on", "evidencerecord__pk")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for item_id, number, issued_on, summary in links:
        label = number or summary[:60]
        if issued_on:
            label += f" {wording.dated(issued_on)}"
        found[item_id].append(label)
    return found


def selfscore_finality(scorecard: Scorecard) -> Finality:
    """The report is final once the unit has submitted its self-score (no query)."""
    if scorecard.status != Status.DRAFTING:
        return Finality()
    return Finality(
        reasons=[
            _("Kết quả tự chấm điểm năm %(year)s chưa được nộp (đơn vị đang chấm).")
            % {"year": scorecard.round.year}
        ]
    )


def build_selfscore(scorecard: Scorecard, options: ExportOptions) -> Report:
    """Six queries: scores and deductions, evidence, bands and their rule, settings."""
    assessment_round = scorecard.round
    unit, year, framework = assessment_round.unit, assessment_round.year, assessment_round.framework
    scores = item_scores(scorecard)
    totals = compute_totals(scorecard, scores)
    evidence = _evidence_by_item(assessment_round)
    bands = list(framework.bands.prefetch_related("no_deduction_on"))
    proposed = classify(bands, totals.self_total, set())
    word = wording.level_word(unit)

    rows = []
    for group in totals.criteria:
        criterion = group.criterion
        rows.append(
            Row(
                [
                    str(criterion.number),
                    f"Tiêu chí {criterion.number}: {criterion.title}",
                    group.max_points,
                    group.self_points,
                    "",
                    "",
                ],
                kind="total",
            )
        )
        for score in group.scores:
            item = score.item
            text = item.text + (" (điểm thưởng)" if item.is_bonus else "")
            note = score.explanation
            if item.is_reviewer_only:
                note = note or "Do đơn vị thẩm định chấm."
            rows.append(
                Row(
                    [
                        item.code,
                        text,
                        item.max_points,
                        score.self_points,
                        "; ".join(evidence.get(item.pk, [])),
                        note,
                    ]
                )
            )
    rows.append(Row(["", "Tổng cộng", totals.max_total, totals.self_total, "", ""], kind="total"))

    settings = document_settings_for(unit)
    number, symbol = options.number, options.symbol
    if not number and scorecard.self_report_number:
        number, symbol = split_number(scorecard.self_report_number, symbol)
    meta = replace(
        document_meta(settings, options, year),
        number=number,
        symbol=symbol,
        date=options.date or scorecard.self_report_date,
        doc_type="BÁO CÁO",
        subject=f"Kết quả tự chấm điểm công tác dân vận chính quyền năm {year}",
        draft_reasons=selfscore_finality(scorecard).reasons,
    )
    blocks = []
    if line := legal_basis_line(framework):
        blocks.append(Paragraph(line))
    if assessment_round.plan_number:
        blocks.append(
            Paragraph(
                f"Căn cứ Kế hoạch số {assessment_round.plan_number}"
                + (
                    f" {wording.dated(assessment_round.plan_date)}"
                    if assessment_round.plan_date
                    else ""
                )
                + f" của UBND {word} về thực hiện nhiệm vụ, giải pháp nâng cao chỉ số dân vận "
                f"chính quyền năm {year};"
            )
        )
    blocks += [
        Paragraph(
            f"Ủy ban nhân dân {lower_first(unit.name)} đã tổ chức tự chấm điểm công tác dân vận "
            f"chính quyền năm {year} trên cơ sở các tài liệu minh chứng của các ban, ngành có liên "
            f"quan. Kết quả cụ thể như sau:"
        ),
        Heading(f"I. KẾT QUẢ TỰ CHẤM ĐIỂM NĂM {year}"),
        Paragraph(
            f"1. Tổng điểm tự chấm: {wording.points(totals.self_total)} điểm "
            f"(thang điểm {wording.points(totals.max_total)} điểm"
            + (
                f", điểm thưởng tối đa {wording.points(totals.max_bonus)} điểm"
                if totals.max_bonus
                else ""
            )
            + ")."
        ),
        Paragraph(
            f"2. Đề xuất xếp loại: {Classification(proposed).label if proposed else INELIGIBLE_TEXT}."
        ),
        Paragraph("3. Kết quả chấm điểm từng tiêu chí, nội dung:"),
        Table(SELF_COLUMNS, rows, sheet_name="Tự chấm"),
        Heading("II. KIẾN NGHỊ, ĐỀ XUẤT"),
        Paragraph(
            f"Ủy ban nhân dân {lower_first(unit.name)} kính đề nghị UBND "
            f"{reviewer_word(unit)} xem xét, thẩm định kết quả tự chấm điểm công tác dân vận "
            f"chính quyền năm {year} của {word}./."
        ),
    ]
    return Report(
        kind="selfscore",
        meta=meta,
        blocks=blocks,
        filename_stem=f"bao-cao-tu-cham-{year}-{ascii_slug(unit.code)}",
    )


register(
    ReportKind(
        kind="selfscore",
        title="Báo cáo kết quả tự chấm điểm (dân vận chính quyền)",
        resolve=scorecard_of,
        build=build_selfscore,
        default_symbol="BC-UBND",
        allowed=may_read_scorecard,
        finality=selfscore_finality,
    )
)
