"""Reports of the scoring app (registered in ScoringConfig.ready).

- `selfscore`: the unit's report of its self-score (BÁO CÁO kết quả tự chấm điểm);
- `review`: the reviewing level's result for one unit, with every deduction and its reason;
- `results`: every unit below a reviewing unit, the table attached to the results decision;
- `plan`: next year's remediation plan (KẾ HOẠCH khắc phục), in the structure of seed 001.

Each builder reads what it needs in a fixed number of queries (pinned in the tests).
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.http import Http404

from criteria.models import AssessmentRound, Assignment, Classification
from criteria.reports import LEVEL_WORD
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
from dvcq.org.models import Role, Unit

from .models import Scorecard, Status
from .plan_services import (
    PlanDraft,
    lead_names,
    lower_first,
    next_round_of,
    partner_names,
    plan_draft,
    unit_word,
)
from .services import classify, compute_totals, item_scores, may_see_review, scorecard_for_round

INELIGIBLE = "Không đủ điều kiện xếp loại"


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _points(value: Decimal | None) -> str:
    return format_points(value) if value is not None else ""


def _reviewer_word(unit: Unit) -> str:
    """ "tỉnh" in "tỉnh chấm đạt 78,50 điểm": the level of the unit's reviewing unit."""
    parent = unit.parent
    return LEVEL_WORD.get(parent.kind, parent.name) if parent else "cấp trên"


def _of_unit(unit: Unit) -> str:
    """ "UBND xã Ba Thành" from "Xã Ba Thành"."""
    return f"UBND {lower_first(unit.name)}"


def _split_number(full: str, fallback_symbol: str) -> tuple[str, str]:
    """ "269/BC-UBND" → ("269", "BC-UBND"); "" → ("", fallback)."""
    if "/" in full:
        number, symbol = full.split("/", 1)
        return number.strip(), symbol.strip()
    return full.strip(), fallback_symbol


def _scorecard(unit: Unit, year: int) -> Scorecard:
    assessment_round = (
        AssessmentRound.objects.filter(unit=unit, framework__year=year)
        .select_related("unit__parent", "framework")
        .first()
    )
    if assessment_round is None:
        raise Http404
    scorecard = scorecard_for_round(assessment_round)
    scorecard.round = assessment_round  # keeps the loaded unit, parent and framework
    return scorecard


def _legal_basis_line(framework) -> str:
    basis = framework.legal_basis
    if not basis:
        return ""
    return (
        f"Căn cứ {basis} ban hành Quy định thang điểm và phương pháp đánh giá, phân loại công "
        f"tác dân vận chính quyền;"
    )


# --- selfscore ----------------------------------------------------------------------------

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
            label += f" ngày {_date(issued_on)}"
        found[item_id].append(label)
    return found


def build_selfscore(scorecard: Scorecard, options: ExportOptions) -> Report:
    """Six queries: scores and deductions, evidence, bands and their rule, settings."""
    assessment_round = scorecard.round
    unit, year, framework = assessment_round.unit, assessment_round.year, assessment_round.framework
    scores = item_scores(scorecard)
    totals = compute_totals(scorecard, scores)
    evidence = _evidence_by_item(assessment_round)
    bands = list(framework.bands.prefetch_related("no_deduction_on"))
    proposed = classify(bands, totals.self_total, set())
    word = unit_word(unit)

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
        number, symbol = _split_number(scorecard.self_report_number, symbol)
    meta = replace(
        document_meta(settings, options, year),
        number=number,
        symbol=symbol,
        date=options.date or scorecard.self_report_date,
        doc_type="BÁO CÁO",
        subject=f"Kết quả tự chấm điểm công tác dân vận chính quyền năm {year}",
    )
    blocks = []
    if line := _legal_basis_line(framework):
        blocks.append(Paragraph(line))
    if assessment_round.plan_number:
        blocks.append(
            Paragraph(
                f"Căn cứ Kế hoạch số {assessment_round.plan_number}"
                + (
                    f" ngày {_date(assessment_round.plan_date)}"
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
            f"1. Tổng điểm tự chấm: {_points(totals.self_total)} điểm "
            f"(thang điểm {format_points(totals.max_total)} điểm"
            + (
                f", điểm thưởng tối đa {format_points(totals.max_bonus)} điểm"
                if totals.max_bonus
                else ""
            )
            + ")."
        ),
        Paragraph(
            f"2. Đề xuất xếp loại: {Classification(proposed).label if proposed else INELIGIBLE}."
        ),
        Paragraph("3. Kết quả chấm điểm từng tiêu chí, nội dung:"),
        Table(SELF_COLUMNS, rows, sheet_name="Tự chấm"),
        Heading("II. KIẾN NGHỊ, ĐỀ XUẤT"),
        Paragraph(
            f"Ủy ban nhân dân {lower_first(unit.name)} kính đề nghị UBND "
            f"{_reviewer_word(unit)} xem xét, thẩm định kết quả tự chấm điểm công tác dân vận "
            f"chính quyền năm {year} của {word}./."
        ),
    ]
    return Report(
        kind="selfscore",
        meta=meta,
        blocks=blocks,
        filename_stem=f"bao-cao-tu-cham-{year}-{ascii_slug(unit.code)}",
    )


# --- review -------------------------------------------------------------------------------

REVIEW_COLUMNS = [
    Column("TT", 12, align="center"),
    Column("Tiêu chí", 77, align="justify"),
    Column("Điểm tối đa", 19, kind="points", align="center"),
    Column("Điểm tự chấm", 19, kind="points", align="center"),
    Column("Điểm thẩm định", 19, kind="points", align="center"),
    Column("Chênh lệch", 19, kind="points", align="center"),
]


def deduction_line(points: Decimal, reason: str) -> str:
    return f"Bị trừ {format_points(points)} điểm; Lý do: {reason.strip()}"


def class_text(scorecard: Scorecard) -> str:
    if scorecard.ineligible:
        return f"{INELIGIBLE} (lý do: {scorecard.ineligible_reason.strip().rstrip('.')})"
    return scorecard.class_label or "chưa xếp loại"


def build_review(scorecard: Scorecard, options: ExportOptions) -> Report:
    """Five queries: scores and deductions, the criterion notes, the reviewer's settings."""
    assessment_round = scorecard.round
    unit, year, framework = assessment_round.unit, assessment_round.year, assessment_round.framework
    reviewer = unit.parent or unit
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
    rows.append(
        Row(
            [
                "",
                "Tổng cộng",
                totals.max_total,
                scorecard.self_total,
                scorecard.review_total,
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
            f"của {_of_unit(unit)}"
        ),
    )
    reviewer_name = lower_first(reviewer.name)
    blocks = []
    if line := _legal_basis_line(framework):
        blocks.append(Paragraph(line))
    if scorecard.self_report_number:
        blocks.append(
            Paragraph(
                f"Căn cứ Báo cáo số {scorecard.self_report_number}"
                + (
                    f" ngày {_date(scorecard.self_report_date)}"
                    if scorecard.self_report_date
                    else ""
                )
                + f" của {_of_unit(unit)} về kết quả tự chấm điểm công tác dân vận chính quyền "
                f"năm {year};"
            )
        )
    blocks += [
        Paragraph(
            f"Ủy ban nhân dân {reviewer_name} thông báo kết quả thẩm định, chấm điểm công tác "
            f"dân vận chính quyền năm {year} của {_of_unit(unit)} như sau:"
        ),
        Heading("1. Kết quả chấm điểm theo tiêu chí"),
        Table(REVIEW_COLUMNS, rows, sheet_name="Thẩm định"),
        Heading("2. Các nội dung bị trừ điểm"),
    ]
    any_deduction = False
    for group in totals.criteria:
        deducted = [s for s in group.scores if s.deductions.all()]
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
            f"Tổng điểm tự chấm: {_points(scorecard.self_total)} điểm; tổng điểm thẩm định: "
            f"{_points(scorecard.review_total)} điểm"
            + (
                f" (chênh lệch {format_points(totals.difference)} điểm)."
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


def _reviewer_of(scorecard: Scorecard) -> Unit:
    return scorecard.round.unit.parent or scorecard.round.unit


# --- results ------------------------------------------------------------------------------

RESULTS_COLUMNS = [
    Column("TT", 12, align="center"),
    Column("Đơn vị", 70),
    Column("Điểm tự chấm", 28, kind="points", align="center"),
    Column("Điểm thẩm định", 28, kind="points", align="center"),
    Column("Xếp loại", 55, align="center"),
    Column("Ghi chú", 54),
]


@dataclass
class Results:
    unit: Unit  # the reviewing unit
    year: int
    scorecards: list[Scorecard]


def resolve_results(unit: Unit, year: int) -> Results:
    scorecards = list(
        Scorecard.objects.filter(
            round__unit__in=Unit.objects.below(unit), round__framework__year=year
        )
        .select_related("round__unit", "round__framework")
        .order_by("round__unit__name")
    )
    if not scorecards:
        raise Http404
    return Results(unit=unit, year=year, scorecards=scorecards)


def _may_see_results(user, results: Results) -> bool:
    """The reviewing unit's reviewer any time; anyone else once every row is published."""
    return user.acts_for(Role.REVIEWER, results.unit.pk) or all(
        s.results_public for s in results.scorecards
    )


def build_results(results: Results, options: ExportOptions) -> Report:
    """One query (the unit's settings); the rows came with `resolve_results`."""
    unit, year = results.unit, results.year
    rows = []
    for number, scorecard in enumerate(results.scorecards, start=1):
        reviewed = scorecard.status in (Status.REVIEWED, Status.PUBLISHED)
        if scorecard.ineligible:
            note = scorecard.ineligible_reason
        elif not reviewed:
            note = f"Chưa thẩm định xong ({scorecard.get_status_display().lower()})"
        else:
            note = ""
        rows.append(
            Row(
                [
                    str(number),
                    scorecard.round.unit.name,
                    scorecard.self_total,
                    scorecard.review_total if reviewed else None,
                    scorecard.class_label if reviewed else "",
                    note,
                ]
            )
        )
    settings = document_settings_for(unit)
    meta = replace(
        document_meta(settings, options, year + 1),
        show_header=False,
        show_signature=False,
        landscape=True,
    )
    number = options.attachment_number or f"{BLANK}/QĐ-UBND"
    when = (
        f"ngày {_date(options.attachment_date)}"
        if options.attachment_date
        else f"ngày{BLANK}/{BLANK}/{year + 1}"
    )
    heading = AnnexHeading(
        label=options.label,
        title=(f"DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, PHÂN LOẠI CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM {year}"),
        attachment=f"(Kèm theo Quyết định số {number} {when} của UBND {unit_word(unit)})",
    )
    return Report(
        kind="results",
        meta=meta,
        blocks=[heading, Table(RESULTS_COLUMNS, rows, sheet_name="Kết quả")],
        filename_stem=f"ket-qua-dan-van-{year}-{ascii_slug(unit.code)}",
    )


# --- plan ---------------------------------------------------------------------------------


@dataclass
class PlanSource:
    scorecard: Scorecard  # of year N, reviewed
    next_round: AssessmentRound | None  # of year N+1, for section III


def resolve_plan(unit: Unit, year: int) -> PlanSource:
    """`year` is the plan's year N+1; the plan is drawn from year N's published review."""
    scorecard = (
        Scorecard.objects.filter(round__unit=unit, round__framework__year=year - 1)
        .select_related("round__unit__parent", "round__framework")
        .first()
    )
    if scorecard is None or scorecard.status not in (Status.REVIEWED, Status.PUBLISHED):
        raise Http404
    return PlanSource(scorecard=scorecard, next_round=next_round_of(scorecard))


def _task_groups(assignments: list[Assignment]) -> list[tuple[int, list[list[Assignment]]]]:
    """Per criterion, runs of consecutive items sharing lead, partners and deadline: seed 001
    lists such items together under one "+ Công chức tham mưu" block."""
    criteria: list[tuple[int, list[list[Assignment]]]] = []
    for assignment in assignments:
        criterion = assignment.item.criterion
        key = (lead_names(assignment), partner_names(assignment), assignment.deadline)
        if not criteria or criteria[-1][0] != criterion.number:
            criteria.append((criterion.number, [[assignment]]))
            continue
        runs = criteria[-1][1]
        last = runs[-1][-1]
        if (lead_names(last), partner_names(last), last.deadline) == key:
            runs[-1].append(assignment)
        else:
            runs.append([assignment])
    return criteria


def _deadline_text(deadline) -> str:
    if deadline is None:
        return "+ Thời gian thực hiện: Thường xuyên."
    return (
        f"+ Thời gian thực hiện: Thường xuyên, cung cấp tài liệu minh chứng trước ngày "
        f"{_date(deadline)}."
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def plan_blocks(draft: PlanDraft) -> list:
    """The body of the plan (everything between the title and the signature)."""
    scorecard = draft.scorecard
    assessment_round = scorecard.round
    unit, framework = assessment_round.unit, assessment_round.framework
    year, next_year = draft.year, draft.next_year
    word = unit_word(unit)
    reviewer = _reviewer_word(unit)
    unit_name = lower_first(unit.name)

    decision = ""
    if scorecard.result_decision_number:
        decision = f"Quyết định số {scorecard.result_decision_number}"
        if scorecard.result_decision_date:
            decision += f" ngày {_date(scorecard.result_decision_date)}"
        if scorecard.result_decision_issuer:
            decision += f" của {scorecard.result_decision_issuer}"
        decision += (
            f" về việc phê duyệt kết quả đánh giá, phân loại công tác dân vận chính quyền "
            f"năm {year}"
        )
    blocks = []
    if decision:
        blocks.append(Paragraph(f"Thực hiện {decision};"))
    else:
        blocks.append(
            Paragraph(
                f"Căn cứ kết quả thẩm định, chấm điểm công tác dân vận chính quyền năm {year} "
                f"của UBND {reviewer};"
            )
        )
    blocks += [Paragraph(line) for line in _lines(draft.text("legal_bases"))]
    blocks += [
        Paragraph(
            f"Ủy ban nhân dân {unit_name} ban hành Kế hoạch khắc phục, cải thiện và nâng cao "
            f"chỉ số dân vận chính quyền (DVCQ) của {word} năm {next_year}, như sau:"
        ),
        Heading("I. MỤC TIÊU, CHỈ TIÊU"),
        Heading("1. Mục tiêu", level=2),
        *[Paragraph(line) for line in _lines(draft.text("goals"))],
        Heading("2. Chỉ tiêu chủ yếu", level=2),
        *[Paragraph(line) for line in _lines(draft.text("targets"))],
        Heading(
            f"II. ĐÁNH GIÁ, PHÂN TÍCH KẾT QUẢ CHỈ SỐ, KẾT QUẢ ĐIỂM CÔNG TÁC DÂN VẬN NĂM {year} "
            f"CỦA UBND {word.upper()}"
        ),
        Heading("1. Công tác tự chấm điểm", level=2),
    ]
    basis = framework.legal_basis
    self_report = ""
    if scorecard.self_report_number:
        self_report = f"; báo cáo kết quả tại Báo cáo số {scorecard.self_report_number}" + (
            f" ngày {_date(scorecard.self_report_date)}" if scorecard.self_report_date else ""
        )
        self_report += (
            f" của {_of_unit(unit)} về việc tự chấm điểm công tác dân vận chính quyền năm {year}"
        )
    blocks.append(
        Paragraph(
            (
                f"Căn cứ {basis} ban hành Quy định thang điểm và phương pháp đánh giá, phân loại "
                f"công tác dân vận chính quyền; c"
                if basis
                else "C"
            )
            + f"ăn cứ nhiệm vụ, giải pháp được giao năm {year}; trên cơ sở các tài liệu minh "
            f"chứng liên quan các tiêu chí của các ban, ngành có liên quan, UBND {word} tổ chức "
            f"tự chấm điểm công tác dân vận năm {year}{self_report} và gửi UBND {reviewer} thẩm "
            f"định."
        )
    )
    blocks += [
        Heading(
            f"2. Đánh giá, phân tích điểm công tác dân vận năm {year} của UBND {word}", level=2
        ),
        Heading("2.1. Kết quả", level=2),
        Paragraph(
            f"Năm {year}, điểm công tác dân vận của {word} đạt tổng số "
            f"{_points(scorecard.review_total)} điểm (điểm {word} tự chấm "
            f"{_points(scorecard.self_total)} điểm, {reviewer} chấm đạt "
            f"{_points(scorecard.review_total)} điểm; xếp loại: {class_text(scorecard)})."
        ),
        Heading("2.2. Các chỉ tiêu, tiêu chí thành phần bị trừ điểm", level=2),
    ]
    if not draft.deducted:
        blocks.append(Paragraph(f"Năm {year}, {word} không bị trừ điểm ở nội dung nào."))
    for number, entry in enumerate(draft.deducted, start=1):
        item = entry.item
        blocks.append(
            Paragraph(
                f"({number}) Nội dung {item.number}, tiêu chí {item.criterion.number}: {item.text}"
            )
        )
        blocks += [Paragraph(deduction_line(d.points, d.reason)) for d in entry.deductions]
        blocks += [
            Paragraph(f"- Xác định trách nhiệm và hướng khắc phục năm {next_year}:"),
            Paragraph(f"+ Trách nhiệm tham mưu: {entry.responsibility}"),
            Paragraph(f"+ Hướng khắc phục: {entry.remedy}"),
        ]

    blocks += [
        Heading("III. NHIỆM VỤ, GIẢI PHÁP VÀ PHÂN CÔNG TRÁCH NHIỆM THAM MƯU, THỰC HIỆN"),
        Heading("1. Nhiệm vụ và giải pháp chung", level=2),
    ]
    bases = []
    next_framework = draft.next_round.framework if draft.next_round else None
    if next_framework and next_framework.legal_basis:
        bases.append(
            f"{next_framework.legal_basis} ban hành Quy định thang điểm và phương pháp đánh giá, "
            f"phân loại công tác dân vận chính quyền"
        )
    if decision:
        bases.append(decision)
    blocks.append(
        Paragraph(
            (f"Căn cứ {'; '.join(bases)}, " if bases else "")
            + f"UBND {word} tập trung khắc phục các nội dung bị trừ điểm nêu tại Mục II, đồng thời "
            f"thực hiện đầy đủ các nhiệm vụ, giải pháp được phân công năm {next_year}."
        )
    )
    blocks.append(Heading("2. Mục tiêu, một số nhiệm vụ, giải pháp cụ thể", level=2))
    if draft.next_round is None or not draft.next_assignments:
        blocks.append(
            Paragraph(
                f"Chưa có bảng phân công nhiệm vụ năm {next_year} của {word}; nhiệm vụ, giải pháp "
                f"cụ thể theo từng tiêu chí được bổ sung khi ban hành bảng phân công."
            )
        )
    else:
        titles = {a.item.criterion.number: a.item.criterion.title for a in draft.next_assignments}
        for criterion_number, runs in _task_groups(draft.next_assignments):
            blocks.append(
                Heading(
                    f"2.{criterion_number}. Tiêu chí {criterion_number}: {titles[criterion_number]}",
                    level=2,
                )
            )
            for run in runs:
                blocks += [Paragraph(f"- {a.item.text.strip()}") for a in run]
                # "Công chức tham mưu: Văn phòng - Thống kê", not "Công chức Công chức …".
                leads = [name.removeprefix("Công chức ") for name in lead_names(run[0])]
                partners = partner_names(run[0])
                blocks.append(
                    Paragraph(
                        f"+ Công chức tham mưu: {', '.join(leads) or 'Các ban, ngành có liên quan'}."
                    )
                )
                partners_text = ", ".join(partners) or "các ngành có liên quan"
                blocks.append(
                    Paragraph(
                        f"+ Các ngành phối hợp: {partners_text[:1].upper()}{partners_text[1:]}."
                    )
                )
                blocks.append(Paragraph(_deadline_text(run[0].deadline)))
        blocks.append(Paragraph("(có phụ lục phân công cụ thể đính kèm)", italic=True))

    blocks.append(Heading("IV. TỔ CHỨC THỰC HIỆN"))
    for line in _lines(draft.text("implementation")):
        is_heading = line[:2].rstrip(".").isdigit() and len(line) < 90 and line[1:3] == ". "
        blocks.append(Heading(line, level=2) if is_heading else Paragraph(line))
    blocks.append(
        Paragraph(
            f"Trên đây là Kế hoạch thực hiện nhiệm vụ, giải pháp trọng tâm nhằm cải thiện chỉ số "
            f"dân vận chính quyền năm {next_year} của {_of_unit(unit)}. Kính báo cáo UBND "
            f"{reviewer} theo dõi, chỉ đạo./."
        )
    )
    return blocks


def build_plan(source: PlanSource, options: ExportOptions) -> Report:
    """Eight queries: the plan draft (seven) and the unit's settings."""
    draft = plan_draft(source.scorecard, source.next_round)
    unit = source.scorecard.round.unit
    next_year = draft.next_year
    meta = replace(
        document_meta(document_settings_for(unit), options, next_year),
        doc_type="KẾ HOẠCH",
        subject=(
            f"Khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền "
            f"của {lower_first(unit.name)} năm {next_year}"
        ),
    )
    return Report(
        kind="plan",
        meta=meta,
        blocks=plan_blocks(draft),
        filename_stem=f"ke-hoach-khac-phuc-{next_year}-{ascii_slug(unit.code)}",
    )


register(
    ReportKind(
        kind="selfscore",
        title="Báo cáo kết quả tự chấm điểm (dân vận chính quyền)",
        resolve=_scorecard,
        build=build_selfscore,
        allowed=lambda user, card: (
            Unit.objects.for_user(user).filter(pk=card.round.unit_id).exists()
        ),
        default_symbol="BC-UBND",
    )
)
register(
    ReportKind(
        kind="review",
        title="Thông báo kết quả thẩm định, chấm điểm của một đơn vị",
        resolve=_scorecard,
        build=build_review,
        default_symbol="TB-UBND",
        allowed=may_see_review,
        issuer=_reviewer_of,
    )
)
register(
    ReportKind(
        kind="results",
        title="Danh sách kết quả đánh giá, phân loại các đơn vị (phụ lục quyết định)",
        resolve=resolve_results,
        build=build_results,
        default_symbol="QĐ-UBND",
        default_label="Phụ lục",
        allowed=_may_see_results,
    )
)
register(
    ReportKind(
        kind="plan",
        title="Kế hoạch khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền",
        resolve=resolve_plan,
        build=build_plan,
        tabular=False,
        allowed=lambda user, source: may_see_review(user, source.scorecard),
    )
)
