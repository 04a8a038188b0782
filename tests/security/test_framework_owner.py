"""Only the scale owner's reviewers and system administrators write frameworks."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from criteria.models import Framework, Item
from criteria.services import framework_copy
from criteria.xlsx import framework_to_xlsx
from dvcq.org.models import Role, UnitKind
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = "/khung-tieu-chi/nhap/"


def _workbook(framework, year: int) -> SimpleUploadedFile:
    book = load_workbook(BytesIO(framework_to_xlsx(framework)))
    book["Thông tin"]["B2"] = year
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("khung.xlsx", out.getvalue())


@pytest.fixture
def commune_reviewer(ba_thanh):
    """A reviewer (Đánh giá) of a unit with nothing below it."""
    return UserFactory(unit=ba_thanh, roles=[Role.REVIEWER, Role.COMPILER])


@pytest.fixture
def agency_reviewer(db):
    """A reviewer of a top-level unit that is not a province: it issues no scale either."""
    agency = UnitFactory(kind=UnitKind.AGENCY, parent=None)
    return UserFactory(unit=agency, roles=[Role.REVIEWER])


@pytest.fixture
def commune_framework(ba_thanh, framework_2025):
    """A framework a commune reviewer imported before the rule (owned by the commune)."""
    copy = framework_copy(framework=framework_2025, year=2030)
    copy.owner = ba_thanh
    copy.save(update_fields=["owner"])
    return copy


def _writes(framework):
    """Every framework-writing request: (method, url, data)."""
    return [
        ("get", IMPORT_URL, {}),
        ("post", IMPORT_URL, {"file": _workbook(framework, 2031)}),
        ("post", IMPORT_URL, {"file": _workbook(framework, 2025), "replace": "on"}),
        ("post", f"/khung-tieu-chi/{framework.pk}/sao-chep/", {"year": 2032}),
        ("post", f"/khung-tieu-chi/{framework.pk}/xac-nhan/", {}),
    ]


def _snapshot():
    return (
        sorted(Framework.objects.values_list("owner_id", "year", "is_sample_scale")),
        Item.objects.count(),
    )


@pytest.mark.parametrize("who", ["commune_reviewer", "agency_reviewer", "compiler"])
@pytest.mark.parametrize("owned_by", ["province", "commune"])
def test_a_reviewer_outside_the_scale_owner_changes_nothing(
    client, request, who, owned_by, framework_2025, commune_framework
):
    framework = framework_2025 if owned_by == "province" else commune_framework
    client.force_login(request.getfixturevalue(who))
    before = _snapshot()
    for method, url, data in _writes(framework):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url)
    assert _snapshot() == before


def test_a_commune_reviewer_sees_no_writing_button(
    client, commune_reviewer, framework_2025, commune_framework
):
    client.force_login(commune_reviewer)
    assert IMPORT_URL not in client.get("/khung-tieu-chi/").text
    for framework in (framework_2025, commune_framework):
        page = client.get(f"/khung-tieu-chi/{framework.pk}/").text
        assert "sao-chep" not in page and IMPORT_URL not in page


def test_the_province_reviewer_imports_and_copies(client, reviewer, framework_2025):
    client.force_login(reviewer)
    assert IMPORT_URL in client.get("/khung-tieu-chi/").text
    assert "sao-chep" in client.get(f"/khung-tieu-chi/{framework_2025.pk}/").text
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(IMPORT_URL, {"file": _workbook(framework_2025, 2031)})
    assert response.status_code == 302
    assert Framework.objects.filter(owner=reviewer.unit, year=2031).exists()
    response = client.post(f"/khung-tieu-chi/{framework_2025.pk}/sao-chep/", {"year": 2032})
    assert response.status_code == 302
    assert Framework.objects.filter(owner=reviewer.unit, year=2032).exists()


def test_an_administrator_imports_for_a_province_and_copies(
    client, admin_user, province, framework_2025
):
    client.force_login(admin_user)
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(
        IMPORT_URL, {"file": _workbook(framework_2025, 2031), "owner": province.pk}
    )
    assert response.status_code == 302
    assert Framework.objects.filter(owner=province, year=2031).exists()
    response = client.post(f"/khung-tieu-chi/{framework_2025.pk}/sao-chep/", {"year": 2032})
    assert response.status_code == 302
    assert Framework.objects.filter(owner=province, year=2032).exists()


def test_an_administrator_cannot_make_a_commune_own_a_scale(
    client, admin_user, ba_thanh, framework_2025
):
    client.force_login(admin_user)
    assert str(ba_thanh.name) not in client.get(IMPORT_URL).text
    response = client.post(
        IMPORT_URL, {"file": _workbook(framework_2025, 2031), "owner": ba_thanh.pk}
    )
    assert response.status_code == 404
    assert not Framework.objects.filter(year=2031).exists()
