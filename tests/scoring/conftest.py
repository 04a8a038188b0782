from decimal import Decimal

import pytest

from dvcq.org.models import Role
from tests.factories import UserFactory


@pytest.fixture
def leader(ba_thanh):
    return UserFactory(username="bathanh.lanhdao", unit=ba_thanh, roles=[Role.LEADER])


@pytest.fixture
def other_reviewer(db):
    """A reviewer of another province: sees nothing of Quảng Ngãi."""
    from tests.factories import ProvinceFactory

    return UserFactory(
        username="khac.danhgia", unit=ProvinceFactory(code="kon-tum"), roles=[Role.REVIEWER]
    )


@pytest.fixture
def scorecard(ba_thanh, framework_2025, ba_thanh_positions):
    from criteria.services import round_create
    from scoring.services import scorecard_for_round

    return scorecard_for_round(round_create(unit=ba_thanh, framework=framework_2025))


def score_all(scorecard, user, short=None, explanation="Minh chứng lưu tại Văn phòng."):
    """Self-score every item the unit scores: its maximum, or the value in `short`."""
    from scoring.services import SelfRow, item_scores, self_score_save

    short = short or {}
    rows = [
        SelfRow(s.pk, Decimal(short.get(s.item.code, s.item.max_points)), explanation, s.version)
        for s in item_scores(scorecard)
        if not s.item.is_reviewer_only and not s.item.is_bonus
    ]
    return self_score_save(scorecard=scorecard, user=user, rows=rows, accepted=set())


def deduct(scorecard, reviewer, code, points, reason="Chưa thực hiện thường xuyên."):
    from scoring.services import review_save

    score = scorecard.items.select_related("item__criterion").get(
        item__criterion__number=int(code.split(".")[0]), item__number=int(code.split(".")[1])
    )
    return review_save(
        item_score=score,
        user=reviewer,
        deductions=[(Decimal(points), reason)] if points else [],
        awarded_points=None,
        version=score.version,
    )
