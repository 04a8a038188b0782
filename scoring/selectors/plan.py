"""The remediation plan draft: what the plan editor shows and the plan report prints."""

from dataclasses import dataclass, field

from criteria.models import AssessmentRound, Assignment, Classification, Item
from dvcq import wording

from ..models import (
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
)

# --- the remediation plan ------------------------------------------------------------------
# `plan_draft` gathers everything the plan report and the plan editor show: the deducted items
# of year N with their deduction lines, and for each the responsibility and remedy the compiler
# wrote, or the suggested text drawn from the assignment grid. The suggestions are made in one
# place (`suggested_texts`), so the editor pre-fills exactly what the document prints when
# nothing was written. A text equal to its suggestion is stored empty (see services.plan_save):
# it keeps following the grid, while anything the compiler changed stays as they left it.

PLAN_FIELDS = ("legal_bases", "goals", "targets", "implementation")


def lower_first(text: str) -> str:
    text = (text or "").strip()
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """One sentence ending in a single full stop (item texts end in "…", "..." or nothing)."""
    text = text.strip().rstrip(".…; ").strip()
    return f"{text}."


def lead_names(assignment: Assignment | None) -> list[str]:
    return [p.name for p in assignment.lead_positions.all()] if assignment else []


def partner_names(assignment: Assignment | None) -> list[str]:
    if assignment is None:
        return []
    names = [p.name for p in assignment.cooperating_positions.all()]
    if assignment.assignee_note:
        names.append(assignment.assignee_note)
    return names


def suggested_texts(item: Item, assignment: Assignment | None) -> tuple[str, str]:
    """(responsibility, remedy) for a deducted item the compiler has not written yet."""
    leads = lead_names(assignment)
    names = leads + [p.name for p in assignment.cooperating_positions.all()] if assignment else []
    if names:
        responsibility = f"{', '.join(names)} và các ngành có liên quan."
        remedy = f"Giao {', '.join(leads or names)} phối hợp với các ngành có liên quan "
    else:
        # Document text: always Vietnamese, whatever the interface language.
        responsibility = "Các ban, ngành có liên quan."
        remedy = "Giao các ban, ngành có liên quan "
    return responsibility, remedy + sentence(lower_first(item.text))


def suggested_plan_texts(scorecard: Scorecard, next_year: int) -> dict[str, str]:
    """Goals, targets and implementation as seed 001 words them; no extra legal bases."""
    unit = scorecard.round.unit
    word = wording.level_word(unit)
    year = scorecard.round.year
    if scorecard.classification == Classification.EXCELLENT and not scorecard.ineligible:
        aim = "duy trì được xếp loại mức hoàn thành xuất sắc nhiệm vụ"
    else:
        aim = f"nâng mức xếp loại so với năm {year}"
    return {
        "legal_bases": "",
        "goals": (
            f"Tập trung đẩy mạnh để cải thiện và nâng cao chỉ số dân vận chính quyền trong năm "
            f"{next_year} và những năm tiếp theo, góp phần thúc đẩy tăng trưởng kinh tế - xã hội, "
            f"phục vụ ngày càng tốt hơn yêu cầu của tổ chức, cá nhân trên địa bàn {word}."
        ),
        "targets": (
            f"Năm {next_year}, phấn đấu cải thiện chỉ số dân vận chính quyền của UBND {word}, "
            f"{aim} và hoàn thành các chỉ tiêu cụ thể đã được xác định trong kế hoạch năm "
            f"{next_year}."
        ),
        "implementation": "\n".join(
            [
                "1. Khối vận Đảng ủy và các ban, ngành có liên quan",
                f"Căn cứ chức năng, nhiệm vụ được giao, nhiệm vụ, giải pháp của Kế hoạch này và "
                f"nhiệm vụ được phân công năm {next_year}, theo dõi, đôn đốc triển khai thực hiện "
                f"Kế hoạch này; đồng thời xây dựng kế hoạch cụ thể để tham mưu UBND {word} triển "
                f"khai thực hiện đạt kết quả thực chất, thiết thực.",
                "2. Văn phòng - Thống kê",
                f"- Định kỳ tổng hợp tình hình triển khai thực hiện Kế hoạch này của các ban, ngành "
                f"của {word}, báo cáo UBND {word} theo dõi, chỉ đạo trong họp định kỳ quý, 6 tháng, "
                f"9 tháng và năm {next_year}.",
                f"- Tham mưu UBND {word} thông báo bằng văn bản kết quả thực hiện nhiệm vụ được "
                f"giao tại Kế hoạch này làm cơ sở để đánh giá, xếp loại chất lượng tập thể, cá "
                f"nhân liên quan trong thực hiện nhiệm vụ công tác dân vận chính quyền năm "
                f"{next_year}.",
                f"- Tổng hợp, tham mưu UBND {word} tổ chức tự đánh giá, phân loại công tác dân vận "
                f"chính quyền của {word} năm {next_year}.",
            ]
        ),
    }


@dataclass
class DeductedItem:
    """One deducted item of year N as the plan shows it."""

    score: ItemScore
    deductions: list[Deduction]
    assignment: Assignment | None  # of year N+1, or year N's when N+1 has none for the item
    suggested_responsibility: str
    suggested_remedy: str
    stored: RemediationItem | None = None

    @property
    def item(self) -> Item:
        return self.score.item

    @property
    def responsibility(self) -> str:
        return (self.stored and self.stored.responsibility) or self.suggested_responsibility

    @property
    def remedy(self) -> str:
        return (self.stored and self.stored.remedy) or self.suggested_remedy


@dataclass
class PlanDraft:
    scorecard: Scorecard
    next_round: AssessmentRound | None
    plan: RemediationPlan | None
    deducted: list[DeductedItem]
    next_assignments: list[Assignment] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.scorecard.round.year

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def version(self) -> int:
        """0 before the first save (no plan row yet)."""
        return self.plan.version if self.plan else 0

    def text(self, name: str) -> str:
        stored = getattr(self.plan, name, "") if self.plan else ""
        return stored or self.suggestions[name]


def next_round_of(scorecard: Scorecard) -> AssessmentRound | None:
    return (
        AssessmentRound.objects.filter(
            unit_id=scorecard.round.unit_id, framework__year=scorecard.round.year + 1
        )
        .select_related("framework", "reviewing_unit", "unit__parent")
        .first()
    )


def plan_draft(scorecard: Scorecard, next_round: AssessmentRound | None) -> PlanDraft:
    """Seven queries: scores, deductions, the plan, its items, and the assignments of both
    years with their two position lists."""
    scores = [
        s
        for s in scorecard.items.select_related("item__criterion")
        .prefetch_related("deductions")
        .order_by("item__criterion__number", "item__number")
        if s.deductions.all()
    ]
    plan = (
        RemediationPlan.objects.filter(scorecard=scorecard)
        .select_related("updated_by")
        .prefetch_related("items")
        .first()
    )
    stored = {i.item_id: i for i in plan.items.all()} if plan else {}
    rounds = [scorecard.round_id] + ([next_round.pk] if next_round else [])
    assignments = list(
        Assignment.objects.filter(round_id__in=rounds)
        .select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
        .order_by("item__criterion__number", "item__number")
    )
    this_year = {a.item.code: a for a in assignments if a.round_id == scorecard.round_id}
    next_year = [a for a in assignments if next_round and a.round_id == next_round.pk]
    next_by_code = {a.item.code: a for a in next_year}
    deducted = []
    for score in scores:
        code = score.item.code
        assignment = next_by_code.get(code) or this_year.get(code)
        responsibility, remedy = suggested_texts(score.item, assignment)
        deducted.append(
            DeductedItem(
                score=score,
                deductions=list(score.deductions.all()),
                assignment=assignment,
                suggested_responsibility=responsibility,
                suggested_remedy=remedy,
                stored=stored.get(score.item_id),
            )
        )
    return PlanDraft(
        scorecard=scorecard,
        next_round=next_round,
        plan=plan,
        deducted=deducted,
        next_assignments=next_year,
        suggestions=suggested_plan_texts(scorecard, scorecard.round.year + 1),
    )
