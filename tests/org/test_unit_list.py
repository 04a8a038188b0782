import pytest

from dvcq.org.models import Role, UnitKind
from tests.factories import ProvinceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reviewer_lists_units_below_and_not_beside(client, reviewer, ba_thanh, an_phu):
    UnitFactory(name="Xã Ngoài Tỉnh", parent=ProvinceFactory())
    client.force_login(reviewer)
    response = client.get("/don-vi/")
    assert response.status_code == 200
    assert "Xã Ba Thành" in response.text and "Xã An Phú" in response.text
    assert "Xã Ngoài Tỉnh" not in response.text


def test_search_and_kind_filter(client, reviewer, province, ba_thanh, an_phu):
    UnitFactory(name="Phường Cẩm Thành", kind=UnitKind.WARD, parent=province)
    client.force_login(reviewer)
    assert [u.name for u in client.get("/don-vi/?q=an+ph").context["page"]] == ["Xã An Phú"]
    assert [u.name for u in client.get("/don-vi/?kind=ward").context["page"]] == [
        "Phường Cẩm Thành"
    ]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.COMPILER, Role.LEADER, Role.PARTY])
def test_other_roles_are_refused_in_vietnamese(client, ba_thanh, role):
    client.force_login(UserFactory(unit=ba_thanh, roles=[role]))
    response = client.get("/don-vi/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_is_the_same_for_5_and_50_units(
    client, reviewer, province, count, django_assert_max_num_queries
):
    for _ in range(count):
        UserFactory(unit=UnitFactory(parent=province))
    client.force_login(reviewer)
    with django_assert_max_num_queries(9):
        response = client.get("/don-vi/")
    assert response.context["page"].paginator.count == count
