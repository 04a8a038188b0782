import re
from datetime import date

import pytest
import time_machine

from dvcq.org.models import Role
from tests.factories import (
    AssignmentFactory,
    PositionFactory,
    RoundFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_officer_without_a_round_is_told_none_is_open(client, ba_thanh):
    position = PositionFactory(unit=ba_thanh, name="Công chức Văn hóa - Xã hội")
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER], positions=[position])
    client.force_login(officer)
    response = client.get("/")
    assert response.status_code == 200
    assert "Việc của tôi" in response.text
    assert "chưa mở kỳ đánh giá" in response.text
    assert "Các đơn vị tôi đánh giá" not in response.text


@time_machine.travel(date(2025, 10, 20))
def test_officer_sees_their_items_with_days_left_and_overdue_in_red(client, ba_thanh):
    position = PositionFactory(unit=ba_thanh, name="Công chức Văn hóa - Xã hội")
    other = PositionFactory(unit=ba_thanh)
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER], positions=[position])
    assessment_round = RoundFactory(unit=ba_thanh)
    AssignmentFactory(
        round=assessment_round,
        lead=[position],
        deadline=date(2025, 10, 24),
        item__text="Giới thiệu mô hình Dân vận khéo",
    )
    AssignmentFactory(
        round=assessment_round,
        lead=[position],
        deadline=date(2025, 10, 1),
        item__text="Báo cáo Đoàn thanh niên",
    )
    AssignmentFactory(round=assessment_round, lead=[other], item__text="Việc của người khác")
    client.force_login(officer)
    response = client.get("/")
    tasks = response.context["tasks"]
    assert [t.assignment.item.text for t in tasks] == [
        "Báo cáo Đoàn thanh niên",
        "Giới thiệu mô hình Dân vận khéo",
    ]
    assert tasks[0].overdue and tasks[0].days_overdue == 19
    assert tasks[1].days_left == 4 and not tasks[1].overdue
    assert "quá hạn 19 ngày" in response.text and "còn 4 ngày" in response.text
    assert "list-group-item-danger" in response.text
    assert "Việc của người khác" not in response.text


def test_compiler_sees_their_unit_summary(client, compiler, ba_thanh):
    PositionFactory(unit=ba_thanh)
    PositionFactory(unit=ba_thanh)
    client.force_login(compiler)
    response = client.get("/")
    assert "Đơn vị của tôi" in response.text
    assert response.context["my_unit"].position_count == 2
    assert response.context["my_unit"].member_count == 1
    assert "Việc của tôi" not in response.text


def test_reviewer_sees_how_many_units_they_review(client, reviewer, ba_thanh, an_phu):
    UnitFactory()  # outside the province: not counted
    client.force_login(reviewer)
    response = client.get("/")
    assert "Các đơn vị tôi đánh giá" in response.text
    assert response.context["reviewed_count"] == 2


def test_party_staff_sees_the_dvk_section(client, ba_thanh):
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.PARTY]))
    assert "Dân vận khéo" in client.get("/").text


def test_user_without_role_is_told_to_ask_for_one(client, ba_thanh):
    client.force_login(UserFactory(unit=ba_thanh))
    assert "chưa được giao vai trò" in client.get("/").text


def test_home_query_count_does_not_grow_with_units(
    client, reviewer, province, django_assert_max_num_queries
):
    for _ in range(40):
        UnitFactory(parent=province)
    client.force_login(reviewer)
    # +1 since Dân vận khéo: the organisations the user registers for.
    with django_assert_max_num_queries(11):
        client.get("/")


@time_machine.travel(date(2025, 11, 8))
def test_a_filed_item_past_its_deadline_says_filed_not_a_negative_count(client, ba_thanh):
    from evidence.services import record_file
    from tests.evidence import files

    position = PositionFactory(unit=ba_thanh)
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER], positions=[position])
    assessment_round = RoundFactory(unit=ba_thanh)
    filed = AssignmentFactory(round=assessment_round, lead=[position], deadline=date(2025, 10, 1))
    AssignmentFactory(round=assessment_round, lead=[position], deadline=date(2025, 9, 30))
    from django.core.files.uploadedfile import SimpleUploadedFile

    record_file(
        assignment=filed,
        user=officer,
        fields={"number": "1/BC", "issued_on": None, "issuer": "", "summary": "Báo cáo"},
        upload=SimpleUploadedFile("bc.pdf", files.pdf()),
    )
    client.force_login(officer)
    page = client.get("/").text
    states = [m.strip() for m in re.findall(r'data-testid="task-when">([^<]*)<', page)]
    assert states == ["quá hạn 39 ngày", "Đã nộp"]
    assert "còn -" not in page
