"""The criteria app's admin: a frozen framework stays as scored, a deadline is corrected through
the assignment grid's own save, a round is opened with its grid."""

from datetime import date
from decimal import Decimal

import pytest

from criteria.admin import AssignmentAdmin
from criteria.models import AssessmentRound, Assignment, Criterion, Framework, Item
from tests.admin_forms import unchanged_post
from tests.factories import ProvinceFactory, UnitFactory


def _change(model, pk) -> str:
    return f"/quan-tri/criteria/{model._meta.model_name}/{pk}/change/"


def _item(framework, code: str) -> Item:
    criterion, number = code.split(".")
    return Item.objects.get(
        criterion__framework=framework, criterion__number=criterion, number=number
    )


# --- a frozen framework -------------------------------------------------------------------


def test_an_item_of_a_framework_in_use_is_shown_with_the_reason(client, admin_user, ba_thanh_round):
    item = _item(ba_thanh_round.framework, "4.3")
    client.force_login(admin_user)
    response = client.get(_change(Item, item.pk))
    assert response.status_code == 200
    assert "đang được dùng cho các kỳ đánh giá nên không được sửa" in response.text
    assert 'name="max_points"' not in response.text


def test_a_change_to_an_item_of_a_frozen_framework_is_refused(client, admin_user, ba_thanh_round):
    item = _item(ba_thanh_round.framework, "4.3")
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Item, item.pk)))
    data.update(max_points="0", text="Sửa sau khi đã chấm")
    response = client.post(_change(Item, item.pk), data)
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.max_points > 0 and item.text != "Sửa sau khi đã chấm"


def test_a_frozen_framework_and_its_criteria_refuse_a_change(client, admin_user, ba_thanh_round):
    framework = ba_thanh_round.framework
    criterion = framework.criteria.get(number=1)
    client.force_login(admin_user)
    page = client.get(_change(Framework, framework.pk))
    assert page.status_code == 200
    # the criteria and class bands inlines are shown, not editable
    assert 'name="criteria-0-title"' not in page.text
    data = unchanged_post(page)
    data.update(total_points="10")
    assert client.post(_change(Framework, framework.pk), data).status_code == 403
    data = unchanged_post(client.get(_change(Criterion, criterion.pk)))
    data.update(title="Tiêu chí đổi tên")
    assert client.post(_change(Criterion, criterion.pk), data).status_code == 403
    framework.refresh_from_db()
    criterion.refresh_from_db()
    assert framework.total_points == Decimal("100.00")
    assert criterion.title != "Tiêu chí đổi tên"


def test_no_criterion_is_added_to_a_frozen_framework(client, admin_user, ba_thanh_round):
    framework = ba_thanh_round.framework
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/criteria/criterion/add/",
        {
            "framework": framework.pk,
            "number": "11",
            "title": "Tiêu chí thêm sau",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "đang được dùng cho các kỳ đánh giá nên không được sửa" in response.text
    assert not framework.criteria.filter(number=11).exists()


# --- a framework not yet in use: changed within its totals -------------------------------


def test_an_item_over_the_frameworks_total_is_refused_in_vietnamese(
    client, admin_user, framework_2025
):
    item = _item(framework_2025, "1.1")
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Item, item.pk)))
    data.update(max_points=str(item.max_points + 50))
    response = client.post(_change(Item, item.pk), data)
    assert response.status_code == 200
    assert "vượt tổng điểm thang" in response.text
    assert Item.objects.get(pk=item.pk).max_points == item.max_points


def test_an_item_of_a_framework_not_in_use_is_corrected(client, admin_user, framework_2025):
    item = _item(framework_2025, "1.1")
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Item, item.pk)))
    data.update(text="Nội dung đã sửa lỗi chính tả")
    assert client.post(_change(Item, item.pk), data).status_code == 302
    item.refresh_from_db()
    assert item.text == "Nội dung đã sửa lỗi chính tả"


# --- rounds ---------------------------------------------------------------------------------


def test_a_round_opened_in_the_admin_gets_its_grid(client, admin_user, framework_2025, an_phu):
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/criteria/assessmentround/add/",
        {
            "unit": an_phu.pk,
            "framework": framework_2025.pk,
            "plan_number": "18/KH-UBND",
            "plan_date": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    opened = AssessmentRound.objects.get(unit=an_phu, framework=framework_2025)
    assert opened.plan_number == "18/KH-UBND"
    items = Item.objects.filter(criterion__framework=framework_2025).count()
    assert opened.assignments.count() == items
    # and each assignment has its first history row, as when a compiler opens a round
    assert Assignment.history.filter(round_id=opened.pk, history_type="+").count() == items


def test_a_round_on_another_provinces_framework_is_refused(client, admin_user, framework_2025):
    elsewhere = UnitFactory(code="xa-khac", parent=ProvinceFactory(code="tinh-khac"))
    client.force_login(admin_user)
    response = client.post(
        "/quan-tri/criteria/assessmentround/add/",
        {
            "unit": elsewhere.pk,
            "framework": framework_2025.pk,
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "không áp dụng cho" in response.text
    assert not AssessmentRound.objects.filter(unit=elsewhere).exists()


# --- assignments: corrected through the grid's save ----------------------------------------


def test_a_deadline_corrected_in_the_admin_has_a_history_row_by_the_admin(
    client, admin_user, item_4_3
):
    old = item_4_3.deadline
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Assignment, item_4_3.pk)))
    data.update(deadline="15/11/2025")
    response = client.post(_change(Assignment, item_4_3.pk), data)
    assert response.status_code == 302
    item_4_3.refresh_from_db()
    assert item_4_3.deadline == date(2025, 11, 15)
    assert item_4_3.version == 2
    if old and f"{old:%d/%m/%Y}" in data["action"]:
        # the grid's rule: an untouched action text follows the new deadline
        assert "15/11/2025" in item_4_3.action
    latest = item_4_3.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == admin_user
    assert latest.deadline == date(2025, 11, 15)
    # the positions are kept by name in the row, as the grid writes them
    assert latest.lead_names == "Công chức Văn hóa - Xã hội"


@pytest.mark.parametrize(
    ("deadline", "message"),
    [("31/11/2025", "Ngày 31/11/2025 không tồn tại."), ("hạn cuối", "không phải là ngày")],
)
def test_an_impossible_deadline_is_refused_in_vietnamese(
    client, admin_user, item_4_3, deadline, message
):
    before = (item_4_3.deadline, item_4_3.version, item_4_3.history.count())
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Assignment, item_4_3.pk)))
    data.update(deadline=deadline)
    response = client.post(_change(Assignment, item_4_3.pk), data)
    assert response.status_code == 200
    assert message in response.text
    item_4_3.refresh_from_db()
    assert (item_4_3.deadline, item_4_3.version, item_4_3.history.count()) == before


def test_a_position_both_leading_and_cooperating_is_refused(client, admin_user, item_4_3):
    lead = item_4_3.lead_positions.get()
    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Assignment, item_4_3.pk)))
    data["cooperating_positions"] = [str(lead.pk)]
    response = client.post(_change(Assignment, item_4_3.pk), data)
    assert response.status_code == 200
    assert "Một chức danh không thể vừa chủ trì vừa phối hợp." in response.text
    assert not item_4_3.cooperating_positions.filter(pk=lead.pk).exists()


def test_a_deadline_from_a_page_older_than_the_last_save_is_refused(
    client, admin_user, compiler, item_4_3
):
    from criteria.services import GridRow, grid_save

    client.force_login(admin_user)
    data = unchanged_post(client.get(_change(Assignment, item_4_3.pk)))
    # the compiler saves the grid meanwhile
    grid_save(
        assessment_round=item_4_3.round,
        rows=[
            GridRow(
                assignment_id=item_4_3.pk,
                version=item_4_3.version,
                lead_ids=[p.pk for p in item_4_3.lead_positions.all()],
                cooperating_ids=[],
                assignee_note="Ban Văn hóa",
                action=item_4_3.action,
                deadline=date(2025, 10, 1),
            )
        ],
        user=compiler,
    )
    data.update(deadline="15/11/2025")
    response = client.post(_change(Assignment, item_4_3.pk), data)
    assert response.status_code == 200
    assert "đã lưu thay đổi lúc" in response.text
    item_4_3.refresh_from_db()
    assert item_4_3.deadline == date(2025, 10, 1)


def test_an_old_version_of_an_assignment_is_not_restored(client, admin_user, item_4_3):
    first = item_4_3.history.earliest("history_date")
    client.force_login(admin_user)
    url = f"/quan-tri/criteria/assignment/{item_4_3.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    data = unchanged_post(client.get(_change(Assignment, item_4_3.pk)))
    data.update(deadline="15/11/2025")
    assert client.post(url, data).status_code == 403
    item_4_3.refresh_from_db()
    assert item_4_3.deadline != date(2025, 11, 15)


def test_assignments_are_neither_added_nor_deleted_here(client, admin_user, item_4_3):
    client.force_login(admin_user)
    assert client.get("/quan-tri/criteria/assignment/add/").status_code == 403
    assert client.post(f"/quan-tri/criteria/assignment/{item_4_3.pk}/delete/").status_code == 403
    assert Assignment.objects.filter(pk=item_4_3.pk).exists()


def test_the_assignment_list_makes_as_many_queries_for_5_rows_as_for_50(
    client, admin_user, ba_thanh_round, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert ba_thanh_round.assignments.count() > 5
    client.force_login(admin_user)
    counts = []
    for rows in (5, 50):
        monkeypatch.setattr(AssignmentAdmin, "list_per_page", rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/quan-tri/criteria/assignment/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
