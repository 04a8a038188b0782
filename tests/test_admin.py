from tests.factories import PositionFactory, UserFactory


def test_admin_site_speaks_vietnamese(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/quan-tri/")
    assert "Quản trị DVCQ" in response.text
    assert "Đơn vị" in response.text


def test_commune_staff_cannot_enter_the_admin_site(client, compiler):
    client.force_login(compiler)
    response = client.get("/quan-tri/org/unit/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_admin_refuses_a_position_from_another_unit(client, admin_user, ba_thanh, an_phu):
    person = UserFactory(unit=ba_thanh)
    foreign = PositionFactory(unit=an_phu, name="Công chức của An Phú")
    client.force_login(admin_user)
    response = client.post(
        f"/quan-tri/org/user/{person.pk}/change/",
        {
            "username": person.username,
            "full_name": person.full_name,
            "email": "",
            "unit": ba_thanh.pk,
            "positions": [foreign.pk],
            "is_active": "on",
            "date_joined_0": "01/01/2025",
            "date_joined_1": "08:00:00",
            "role_grants-TOTAL_FORMS": "0",
            "role_grants-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "không thuộc đơn vị đã chọn" in response.text
    assert not person.positions.exists()


def test_admin_unit_list_has_a_fixed_query_count(
    client, admin_user, province, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    for _ in range(30):
        UnitFactory(parent=province)
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get("/quan-tri/org/unit/").status_code == 200
