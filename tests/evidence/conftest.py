import pytest

from criteria.services import round_create
from dvcq.org.models import Role
from tests.factories import UserFactory


@pytest.fixture
def ba_thanh_round(ba_thanh, framework_2025, ba_thanh_positions):
    return round_create(unit=ba_thanh, framework=framework_2025)


@pytest.fixture
def item_4_3(ba_thanh_round):
    """Tiêu chí 4, Nội dung 3: assigned to Công chức Văn hóa - Xã hội in seed 000."""
    return ba_thanh_round.assignments.get(item__criterion__number=4, item__number=3)


@pytest.fixture
def officer(ba_thanh, ba_thanh_positions):
    return UserFactory(
        username="bathanh.canbo",
        unit=ba_thanh,
        roles=[Role.OFFICER],
        positions=[ba_thanh_positions["Công chức Văn hóa - Xã hội"]],
    )
