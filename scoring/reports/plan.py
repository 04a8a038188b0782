"""Next year's remediation plan (KẾ HOẠCH khắc phục), in the structure of seed 001."""

from dataclasses import dataclass, replace

from django.http import Http404
from django.utils.translation import gettext as _

from criteria.models import AssessmentRound, Assignment
from criteria.selectors import round_finality
from dvcq import wording
from dvcq.documents.blocks import BLANK, Heading, Paragraph, Report
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for
from dvcq.org.models import Unit

from ..models import Scorecard, Status
from ..permissions import REVIEW_DONE, may_see_review
from ..selectors import (
    PlanDraft,
    lead_names,
    lower_first,
    next_round_of,
    partner_names,
    plan_draft,
)
from .common import class_text, deduction_line, of_unit, reviewer_word


@dataclass
class PlanSource:
    scorecard: Scorecard  # of year N, reviewed
    next_round: AssessmentRound | None  # of year N+1, for section III


def resolve_plan(unit: Unit, year: int) -> PlanSource:
    """`year` is the plan's year N+1; the plan is drawn from year N's published review."""
    scorecard = (
        Scorecard.objects.filter(round__unit=unit, round__framework__year=year - 1)
        .select_related("round__unit__parent", "round__reviewing_unit", "round__framework")
        .first()
    )
    if scorecard is None or scorecard.status not in REVIEW_DONE:
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


def _deadline_text(deadline, year: int) -> str:
    """A deadline outside the plan's year (a copied "26/11/2021") is never printed: the day is
    left blank, and the grid's warning makes the plan a draft until someone fixes it."""
    if deadline is None:
        return "+ Thời gian thực hiện: Thường xuyên."
    day = wording.day(deadline) if deadline.year == year else f"{BLANK}/{BLANK}/{year}"
    return f"+ Thời gian thực hiện: Thường xuyên, cung cấp tài liệu minh chứng trước ngày {day}."


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def plan_blocks(draft: PlanDraft) -> list:
    """The body of the plan (everything between the title and the signature)."""
    scorecard = draft.scorecard
    assessment_round = scorecard.round
    unit, framework = assessment_round.unit, assessment_round.framework
    year, next_year = draft.year, draft.next_year
    word = wording.level_word(unit)
    # Year N's result names the body that reviewed it then (a district before the 2025
    # reform); the plan for year N+1 reports to the reviewer of that year's round.
    reviewer = reviewer_word(assessment_round)
    next_reviewer = reviewer_word(draft.next_round) if draft.next_round else reviewer
    unit_name = lower_first(unit.name)

    decision = ""
    if scorecard.result_decision_number:
        decision = f"Quyết định số {scorecard.result_decision_number}"
        if scorecard.result_decision_date:
            decision += f" {wording.dated(scorecard.result_decision_date)}"
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
            f" {wording.dated(scorecard.self_report_date)}" if scorecard.self_report_date else ""
        )
        self_report += (
            f" của {of_unit(unit)} về việc tự chấm điểm công tác dân vận chính quyền năm {year}"
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
            f"{wording.points(scorecard.review_total)} điểm (điểm {word} tự chấm "
            f"{wording.points(scorecard.self_total)} điểm, {reviewer} chấm đạt "
            f"{wording.points(scorecard.review_total)} điểm; xếp loại: {class_text(scorecard)})."
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
                blocks.append(Paragraph(_deadline_text(run[0].deadline, next_year)))
        blocks.append(Paragraph("(có phụ lục phân công cụ thể đính kèm)", italic=True))

    blocks.append(Heading("IV. TỔ CHỨC THỰC HIỆN"))
    for line in _lines(draft.text("implementation")):
        is_heading = line[:2].rstrip(".").isdigit() and len(line) < 90 and line[1:3] == ". "
        blocks.append(Heading(line, level=2) if is_heading else Paragraph(line))
    blocks.append(
        Paragraph(
            f"Trên đây là Kế hoạch thực hiện nhiệm vụ, giải pháp trọng tâm nhằm cải thiện chỉ số "
            f"dân vận chính quyền năm {next_year} của {of_unit(unit)}. Kính báo cáo UBND "
            f"{next_reviewer} theo dõi, chỉ đạo./."
        )
    )
    return blocks


def plan_finality(source: PlanSource, next_assignments: list[Assignment] | None = None) -> Finality:
    """The plan is final once year N's review is published and year N+1's grid is there with
    no open warning (its tasks and deadlines are printed in section III). Up to three queries,
    one when `next_assignments` (with lead positions) are given."""
    scorecard, next_round = source.scorecard, source.next_round
    year = scorecard.round.year
    finality = Finality()
    if scorecard.status != Status.PUBLISHED:
        finality.reasons.append(
            _("Kết quả thẩm định năm %(year)s chưa được công bố (%(status)s).")
            % {"year": year, "status": scorecard.get_status_display().lower()}
        )
    has_grid = next_round is not None and (
        bool(next_assignments) if next_assignments is not None else next_round.assignments.exists()
    )
    if not has_grid:
        finality.reasons.append(
            _("Chưa có bảng phân công nhiệm vụ năm %(year)s (mục III của kế hoạch).")
            % {"year": year + 1}
        )
        return finality
    grid = round_finality(next_round, next_assignments)
    finality.reasons += grid.reasons
    finality.warnings += grid.warnings
    return finality


def build_plan(source: PlanSource, options: ExportOptions) -> Report:
    """Eight queries: the plan draft (seven) and the unit's settings."""
    draft = plan_draft(source.scorecard, source.next_round)
    unit = source.scorecard.round.unit
    next_year = draft.next_year
    meta = replace(
        document_meta(document_settings_for(unit), options, next_year),
        draft_reasons=plan_finality(source, draft.next_assignments).reasons,
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


def _may_read(user, source: PlanSource) -> bool:
    """The plan prints the review's figures: whoever may see the review."""
    return may_see_review(user, source.scorecard)


register(
    ReportKind(
        kind="plan",
        title="Kế hoạch khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền",
        resolve=resolve_plan,
        build=build_plan,
        tabular=False,
        allowed=_may_read,
        finality=plan_finality,
    )
)
