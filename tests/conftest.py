import pytest

from dvcq.org.models import Role
from tests.factories import ProvinceFactory, UnitFactory, UserFactory


@pytest.fixture
def province(db):
    return ProvinceFactory(code="quang-ngai", name="Tỉnh Quảng Ngãi")


@pytest.fixture
def ba_thanh(province):
    return UnitFactory(code="ba-thanh", name="Xã Ba Thành", parent=province)


@pytest.fixture
def an_phu(province):
    return UnitFactory(code="an-phu", name="Xã An Phú", parent=province)


@pytest.fixture
def reviewer(province):
    return UserFactory(username="tinh.danhgia", unit=province, roles=[Role.REVIEWER])


@pytest.fixture
def compiler(ba_thanh):
    return UserFactory(username="bathanh.vanphong", unit=ba_thanh, roles=[Role.COMPILER])


@pytest.fixture
def other_compiler(an_phu):
    return UserFactory(username="anphu.vanphong", unit=an_phu, roles=[Role.COMPILER])


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 on every factory user would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.fixture
def framework_2025(province):
    """The shipped 2025 framework (seed 000) owned by the test province."""
    from criteria.services import framework_load_default

    return framework_load_default(owner=province)


@pytest.fixture
def ba_thanh_positions(ba_thanh):
    from dvcq.org.services import unit_add_default_positions

    return {p.name: p for p in unit_add_default_positions(unit=ba_thanh)}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and demo evidence files go to the test's own folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
