"""What the scoring reports share: how they name a unit and its reviewing level, the legal
basis line, a deduction line, the class, and the scorecard a report is about."""

from decimal import Decimal

from django.http import Http404

from criteria.models import AssessmentRound
from dvcq import wording
from dvcq.org.models import Unit

from ..models import Scorecard
from ..selectors import lower_first

INELIGIBLE_TEXT = "Không đủ điều kiện xếp loại"


def reviewer_word(assessment_round: AssessmentRound) -> str:
    """ "huyện" in "huyện chấm đạt 78,50 điểm": the level of the body that reviewed the round
    as it was that year (a district before the 2025 reform), not the unit's parent today."""
    reviewer = assessment_round.reviewer
    return wording.level_word(reviewer, default=reviewer.name) if reviewer else "cấp trên"


def of_unit(unit: Unit) -> str:
    """ "UBND xã Ba Thành" from "Xã Ba Thành"."""
    return f"UBND {lower_first(unit.name)}"


def reviewer_of(scorecard: Scorecard) -> Unit:
    """The unit that reviewed the scorecard's round (heads and signs the review notice)."""
    return scorecard.round.reviewer or scorecard.round.unit


def split_number(full: str, fallback_symbol: str) -> tuple[str, str]:
    """ "269/BC-UBND" → ("269", "BC-UBND"); "" → ("", fallback)."""
    if "/" in full:
        number, symbol = full.split("/", 1)
        return number.strip(), symbol.strip()
    return full.strip(), fallback_symbol


def legal_basis_line(framework) -> str:
    basis = framework.legal_basis
    if not basis:
        return ""
    return (
        f"Căn cứ {basis} ban hành Quy định thang điểm và phương pháp đánh giá, phân loại công "
        f"tác dân vận chính quyền;"
    )


def deduction_line(points: Decimal, reason: str) -> str:
    return f"Bị trừ {wording.points(points)} điểm; Lý do: {reason.strip()}"


def class_text(scorecard: Scorecard) -> str:
    if scorecard.ineligible:
        return f"{INELIGIBLE_TEXT} (lý do: {scorecard.ineligible_reason.strip().rstrip('.')})"
    return scorecard.class_label or "chưa xếp loại"


def scorecard_of(unit: Unit, year: int) -> Scorecard:
    """The unit's scorecard of `year` (one query); 404 when there is none. Reports only read:
    scorecards are created with their round (services.scorecard_for_round)."""
    scorecard = (
        Scorecard.objects.filter(round__unit=unit, round__framework__year=year)
        .select_related("round__unit__parent", "round__reviewing_unit", "round__framework")
        .first()
    )
    if scorecard is None:
        raise Http404
    return scorecard
