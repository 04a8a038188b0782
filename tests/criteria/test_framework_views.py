from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from criteria.models import Framework, Item
from criteria.services import framework_as_data, framework_copy
from criteria.xlsx import framework_from_xlsx, framework_to_xlsx
from dvcq.org.models import Role
from tests.factories import ProvinceFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name="khung.xlsx"):
    return SimpleUploadedFile(name, content)


def test_xlsx_round_trip_is_lossless(framework_2025):
    data, errors = framework_from_xlsx(BytesIO(framework_to_xlsx(framework_2025)))
    assert errors == []
    original = framework_as_data(framework_2025)
    assert data == original


def _broken_workbook(framework) -> bytes:
    book = load_workbook(BytesIO(framework_to_xlsx(framework)))
    sheet = book["Tiêu chí"]
    sheet["C3"] = None  # item 1.1 without text
    sheet["D4"] = "ba điểm"  # item 1.2: not a number
    sheet["B5"] = 2  # item 1.3 numbered 2: duplicate
    sheet["D7"] = 80  # item 2.1: pushes the sum past 100
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_lists_every_error_with_sheet_row_and_column(client, reviewer, framework_2025):
    client.force_login(reviewer)
    before = Framework.objects.count(), Item.objects.count()
    response = client.post(
        "/khung-tieu-chi/nhap/",
        {"file": _upload(_broken_workbook(framework_2025)), "replace": "on"},
    )
    errors = [str(e) for e in response.context["errors"]]
    assert "Trang “Tiêu chí”, dòng 3, cột C: thiếu nội dung tiêu chí." in errors
    assert "Trang “Tiêu chí”, dòng 4, cột D (Điểm tối đa): “ba điểm” không phải là số." in errors
    assert any("dòng 5, cột B" in e and "trùng với dòng 4" in e for e in errors)
    assert any("vượt tổng điểm thang 100,00" in e for e in errors)
    assert (Framework.objects.count(), Item.objects.count()) == before


def test_reviewer_imports_a_new_year_from_excel(client, reviewer, framework_2025):
    book = load_workbook(BytesIO(framework_to_xlsx(framework_2025)))
    book["Thông tin"]["B2"] = 2027
    book["Tiêu chí"]["D3"] = Decimal("2.50")
    out = BytesIO()
    book.save(out)
    client.force_login(reviewer)
    response = client.post("/khung-tieu-chi/nhap/", {"file": _upload(out.getvalue())})
    assert response.status_code == 302
    imported = Framework.objects.get(owner=reviewer.unit, year=2027)
    assert Item.objects.get(
        criterion__framework=imported, criterion__number=1, number=1
    ).max_points == Decimal("2.50")


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(client, reviewer, framework_2025):
    client.force_login(reviewer)
    response = client.post(
        "/khung-tieu-chi/nhap/", {"file": _upload(b"<html>not excel</html>", "khung.xlsx")}
    )
    assert "hãy chọn tệp Excel .xlsx" in " ".join(str(e) for e in response.context["errors"])


def test_a_framework_in_use_refuses_replacement(client, reviewer, framework_2025, ba_thanh):
    RoundFactory(unit=ba_thanh, framework=framework_2025)
    client.force_login(reviewer)
    response = client.post(
        "/khung-tieu-chi/nhap/",
        {"file": _upload(framework_to_xlsx(framework_2025)), "replace": "on"},
    )
    assert "đang được dùng cho các kỳ đánh giá nên không được sửa" in " ".join(
        response.context["errors"]
    )
    assert Framework.objects.filter(pk=framework_2025.pk).exists()


def test_admin_cannot_edit_a_framework_in_use(client, framework_2025, ba_thanh):
    RoundFactory(unit=ba_thanh, framework=framework_2025)
    admin = UserFactory(unit=None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    item = Item.objects.filter(criterion__framework=framework_2025).first()
    response = client.post(
        f"/quan-tri/criteria/item/{item.pk}/change/", {"text": "sửa", "max_points": "9"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text != "sửa"


def test_copy_to_a_new_year_is_editable_and_moves_deadlines(
    client, reviewer, framework_2025, ba_thanh
):
    RoundFactory(unit=ba_thanh, framework=framework_2025)
    client.force_login(reviewer)
    response = client.post(f"/khung-tieu-chi/{framework_2025.pk}/sao-chep/", {"year": 2026})
    copy = Framework.objects.get(owner=framework_2025.owner, year=2026)
    assert response["Location"] == f"/khung-tieu-chi/{copy.pk}/"
    assert not copy.is_in_use()
    item = Item.objects.get(criterion__framework=copy, criterion__number=3, number=1)
    assert item.default_deadline.isoformat() == "2026-10-24"
    assert "Trước ngày 24/10/2026" in item.default_action


def test_copying_onto_a_taken_year_is_refused(framework_2025):
    framework_copy(framework=framework_2025, year=2026)
    with pytest.raises(Exception, match="đã có khung tiêu chí năm 2026"):
        framework_copy(framework=framework_2025, year=2026)


def test_sample_badge_until_an_admin_confirms(client, framework_2025, compiler):
    client.force_login(compiler)
    url = f"/khung-tieu-chi/{framework_2025.pk}/"
    assert "Thang điểm mẫu — cập nhật theo quyết định của tỉnh" in client.get(url).text
    assert client.post(f"{url}xac-nhan/").status_code == 403
    client.force_login(UserFactory(unit=None, is_superuser=True, is_staff=True))
    client.post(f"{url}xac-nhan/")
    client.force_login(compiler)
    assert "Thang điểm mẫu" not in client.get(url).text


def test_frameworks_of_another_province_are_invisible(client, compiler, framework_2025):
    other = Framework.objects.create(owner=ProvinceFactory(), year=2025)
    client.force_login(compiler)
    assert client.get(f"/khung-tieu-chi/{other.pk}/").status_code == 404
    assert client.get(f"/khung-tieu-chi/{other.pk}/xlsx/").status_code == 404
    assert client.get(f"/khung-tieu-chi/{framework_2025.pk}/xlsx/").status_code == 200


def test_commune_staff_cannot_import_or_copy(client, compiler, framework_2025):
    client.force_login(compiler)
    assert client.get("/khung-tieu-chi/nhap/").status_code == 403
    assert (
        client.post(f"/khung-tieu-chi/{framework_2025.pk}/sao-chep/", {"year": 2030}).status_code
        == 403
    )


def test_framework_pages_have_a_fixed_query_count(
    client, reviewer, framework_2025, django_assert_max_num_queries
):
    client.force_login(reviewer)
    with django_assert_max_num_queries(13):
        client.get(f"/khung-tieu-chi/{framework_2025.pk}/")
    with django_assert_max_num_queries(11):
        client.get("/khung-tieu-chi/")
    with django_assert_max_num_queries(10):
        client.get(f"/khung-tieu-chi/{framework_2025.pk}/xlsx/")


def test_reviewer_role_is_needed_at_the_owner(client, ba_thanh, framework_2025):
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.REVIEWER]))
    assert (
        client.post(f"/khung-tieu-chi/{framework_2025.pk}/sao-chep/", {"year": 2030}).status_code
        == 403
    )


def test_list_total_is_not_multiplied_by_the_rounds_using_it(
    client, reviewer, framework_2025, ba_thanh, an_phu
):
    RoundFactory(unit=ba_thanh, framework=framework_2025)
    RoundFactory(unit=an_phu, framework=framework_2025)
    client.force_login(reviewer)
    response = client.get("/khung-tieu-chi/")
    listed = response.context["frameworks"][0]
    assert listed.points_sum == Decimal("100.00") and listed.in_use
    assert "100,00/100,00" in response.text


def test_replacing_from_excel_keeps_the_frameworks_address(client, reviewer, framework_2025):
    book = load_workbook(BytesIO(framework_to_xlsx(framework_2025)))
    book["Tiêu chí"]["D3"] = Decimal("2.00")
    out = BytesIO()
    book.save(out)
    client.force_login(reviewer)
    response = client.post(
        "/khung-tieu-chi/nhap/", {"file": _upload(out.getvalue()), "replace": "on"}
    )
    assert response["Location"] == f"/khung-tieu-chi/{framework_2025.pk}/"
    assert Item.objects.get(
        criterion__framework=framework_2025, criterion__number=1, number=1
    ).max_points == Decimal("2.00")
