import pytest

from dvcq.org.models import Role
from tests.factories import PositionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_sees_positions_and_who_holds_them(client, ba_thanh, compiler):
    position = PositionFactory(unit=ba_thanh, name="Công chức Tư pháp - Hộ tịch")
    UserFactory(unit=ba_thanh, full_name="Hồ Thị Hộ Tịch", positions=[position])
    client.force_login(compiler)
    response = client.get("/don-vi/ba-thanh/")
    assert response.status_code == 200
    assert "Công chức Tư pháp - Hộ tịch" in response.text
    assert "Hồ Thị Hộ Tịch" in response.text


def test_compiler_of_an_phu_cannot_open_ba_thanh(client, ba_thanh, other_compiler):
    PositionFactory(unit=ba_thanh, name="Bí mật của Ba Thành")
    client.force_login(other_compiler)
    response = client.get("/don-vi/ba-thanh/")
    assert response.status_code == 404
    assert "Bí mật của Ba Thành" not in response.text


def test_reviewer_opens_a_commune_below(client, reviewer, ba_thanh):
    client.force_login(reviewer)
    assert client.get("/don-vi/ba-thanh/").status_code == 200


def test_commune_staff_cannot_open_the_province(client, compiler):
    client.force_login(compiler)
    assert client.get("/don-vi/quang-ngai/").status_code == 404


def test_reviewer_sees_child_units_on_their_own_unit(client, reviewer, ba_thanh, an_phu):
    client.force_login(reviewer)
    response = client.get("/don-vi/quang-ngai/")
    assert set(response.context["children"]) == {ba_thanh, an_phu}


def test_query_count_is_fixed(client, ba_thanh, compiler, django_assert_max_num_queries):
    for _ in range(10):
        position = PositionFactory(unit=ba_thanh)
        UserFactory(unit=ba_thanh, positions=[position], roles=[Role.OFFICER])
    UnitFactory(parent=ba_thanh)
    client.force_login(compiler)
    # Session, user, roles, unit, the menu's unit, unread notifications, members + 2 prefetches,
    # positions + holders,
    # child units.
    with django_assert_max_num_queries(12):
        client.get("/don-vi/ba-thanh/")
