"""The unit's report of its self-score (BÁO CÁO kết quả tự chấm điểm)."""

from collections import defaultdict
from dataclasses import replace

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import AssessmentRound, Assignment, Classification
from dvcq import wording
from dvcq.documents.blocks import Column, Heading, Paragraph, Report, Row, Table
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for

from ..models import Scorecard, Status
from ..permissions import may_read_scorecard
from ..selectors import item_scores, lower_first
from ..services import classify, compute_totals, printed_bonus
from .common import INELIGIBLE_TEXT, legal_basis_line, reviewer_word, scorecard_of, split_number

SELF_COLUMNS = [
    Column("TT", 11, align="center"),
    Column("Tiêu chí, nội dung", 58, align="justify"),
    Column("Điểm tối đa", 15, kind="points", align="center"),
    Column("Điểm tự chấm", 15, kind="points", align="center"),
    Column("Tài liệu minh chứng (số/ký hiệu, ngày, trích yếu)", 36),
    Column("Ghi chú", 30),
]


def evidence_label(number: str, issued_on, summary: str) -> str:
    """ "269/BC-UBND ngày 23/10/2024: Báo cáo kết quả …" — as a document cites another."""
    head = " ".join(
        part for part in (number.strip(), wording.dated(issued_on) if issued_on else "")
    )
    summary = " ".join(summary.split())
    return f"{head.strip()}: {summary}" if head.strip() else summary


def accepted_evidence_by_item(assessment_round: AssessmentRound) -> dict[int, list[str]]:
    """Item id → the labels of the live records of each item whose evidence the compiler
    accepted ("Đạt", given after the last upload), oldest first. One query: the acceptance
    rule is the one of the task lists (`Assignment.objects.with_evidence_state`), inlined as
    a subquery."""
    from evidence.models import EvidenceRecord

    accepted = (
        Assignment.objects.filter(round=assessment_round)
        .with_evidence_state(timezone.localdate())
        .filter(verdict="accepted", verdict_at__gte=F("last_upload_at"))
        .values("pk")
    )
    links = (
        EvidenceRecord.assignments.through.objects.filter(
            assignment__in=accepted, evidencerecord__deleted_at__isnull=True
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
        found[item_id].append(evidence_label(number, issued_on, summary))
    return found


def _item_row(score, evidence: dict[int, list[str]]) -> Row:
    item = score.item
    note = score.explanation
    if item.is_reviewer_only:
        note = note or "Do đơn vị thẩm định chấm."
    return Row(
        [
            item.code,
            item.text,
            item.max_points,
            None if item.is_reviewer_only else score.self_points,
            "\n".join(f"- {label}" for label in evidence.get(item.pk, [])),
            note,
        ]
    )


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
    """Six queries: scores and deductions, accepted evidence, bands and their rule, settings.

    The table adds up column by column: item rows to their criterion, the criteria to
    "Cộng điểm các tiêu chí", the bonus items ("điểm thưởng") to their own line, and those
    two to "Tổng cộng"."""
    assessment_round = scorecard.round
    unit, year, framework = assessment_round.unit, assessment_round.year, assessment_round.framework
    scores = item_scores(scorecard)
    totals = compute_totals(scorecard, scores)
    evidence = accepted_evidence_by_item(assessment_round)
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
        rows += [_item_row(score, evidence) for score in group.scores]
    bonus = totals.bonus
    rows.append(
        Row(
            ["", "Cộng điểm các tiêu chí", totals.max_main, totals.self_main, "", ""],
            kind="total",
        )
    )
    if bonus.scores:
        rows.append(
            Row(
                [
                    "",
                    "Điểm thưởng"
                    + (
                        f" (tính tối đa {wording.points(bonus.cap)} điểm)"
                        if bonus.max_raw > bonus.cap
                        else ""
                    ),
                    bonus.max_points,
                    printed_bonus(bonus.self_points, totals.self_main),
                    "",
                    "",
                ],
                kind="total",
            )
        )
        rows += [_item_row(score, evidence) for score in bonus.scores]
    rows.append(
        Row(
            [
                "",
                "Tổng cộng" + (" (gồm điểm thưởng)" if bonus.scores else ""),
                totals.max_main + (bonus.max_points if bonus.scores else 0),
                totals.self_total,
                "",
                "",
            ],
            kind="total",
        )
    )

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
            f"1. Tổng điểm tự chấm: {wording.points(totals.self_total)} điểm"
            + (
                f", gồm {wording.points(totals.self_main)} điểm các tiêu chí (thang điểm "
                f"{wording.points(totals.max_main)} điểm) và "
                f"{wording.points(bonus.self_points or 0)} điểm thưởng (tối đa "
                f"{wording.points(bonus.cap)} điểm)."
                if bonus.scores
                else f" (thang điểm {wording.points(totals.max_main)} điểm)."
            )
        ),
        Paragraph(
            f"2. Đề xuất xếp loại: {Classification(proposed).label if proposed else INELIGIBLE_TEXT}."
        ),
        Paragraph("3. Kết quả chấm điểm từng tiêu chí, nội dung:"),
        Table(SELF_COLUMNS, rows, sheet_name="Tự chấm"),
        Heading("II. KIẾN NGHỊ, ĐỀ XUẤT"),
        Paragraph(
            f"Ủy ban nhân dân {lower_first(unit.name)} kính đề nghị UBND "
            f"{reviewer_word(assessment_round)} xem xét, thẩm định kết quả tự chấm điểm công tác dân vận "
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
