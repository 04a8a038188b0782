import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from dvcq.org.models import Role, Unit, UnitKind
from tests.factories import ProvinceFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_descendants_reach_any_depth_through_an_old_district():
    province = ProvinceFactory()
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province)
    commune = UnitFactory(parent=district)
    agency = UnitFactory(kind=UnitKind.AGENCY, parent=province)
    UnitFactory()  # another tree altogether

    assert set(Unit.objects.below(province)) == {district, commune, agency}
    assert set(Unit.objects.below(district)) == {commune}
    assert list(Unit.objects.below(commune)) == []


def test_descendant_lookup_costs_one_query_per_level_not_per_unit(django_assert_num_queries):
    province = ProvinceFactory()
    for _ in range(30):
        UnitFactory(parent=province)
    # Level 1 (30 communes) and an empty level 2.
    with django_assert_num_queries(2):
        ids = Unit.objects.descendant_ids(province)
    assert len(ids) == 30


def test_a_unit_cannot_be_its_own_parent_in_the_database():
    unit = UnitFactory()
    unit.parent_id = unit.pk
    with pytest.raises(IntegrityError):
        unit.save()


def test_moving_a_unit_below_its_own_child_is_refused_with_a_message():
    province = ProvinceFactory()
    commune = UnitFactory(parent=province)
    province.parent = commune
    with pytest.raises(ValidationError) as excinfo:
        province.full_clean()
    assert "parent" in excinfo.value.message_dict
    assert "trực thuộc" in excinfo.value.message_dict["parent"][0]


def test_reviewer_sees_every_unit_below_and_nothing_beside(province, ba_thanh, an_phu, reviewer):
    other_province = ProvinceFactory()
    beside = UnitFactory(parent=other_province)

    visible = set(Unit.objects.for_user(reviewer))
    assert visible == {province, ba_thanh, an_phu}
    assert beside not in visible
    assert set(Unit.objects.reviewed_by(reviewer)) == {ba_thanh, an_phu}


def test_compiler_sees_only_their_own_unit(ba_thanh, an_phu, other_compiler):
    assert list(Unit.objects.for_user(other_compiler)) == [an_phu]
    assert list(Unit.objects.reviewed_by(other_compiler)) == []


def test_a_user_without_unit_or_an_inactive_user_sees_nothing(ba_thanh):
    lost = UserFactory(unit=None, roles=[Role.REVIEWER])
    gone = UserFactory(unit=ba_thanh, roles=[Role.COMPILER], is_active=False)
    assert not Unit.objects.for_user(lost).exists()
    assert not Unit.objects.for_user(gone).exists()


def test_system_admin_sees_all_units(ba_thanh, an_phu):
    admin = UserFactory(unit=None, is_superuser=True, is_staff=True)
    assert Unit.objects.for_user(admin).count() == Unit.objects.count() == 3
