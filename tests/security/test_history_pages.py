"""The “Lịch sử” pages: every change of a scorecard or an assignment grid with who, when,
before and after, newest first; only for those who may see the scorecard or grid."""

from datetime import date

import pytest

from scoring.services import transition
from tests.criteria.test_round_grid import _grid_post, _open_row
from tests.factories import deduct, score_all


@pytest.fixture
def reviewed(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler, short={"1.1": "2.5"})
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    deduct(scorecard, reviewer, "1.3", "1", "Chưa tổ chức sơ kết.")
    deduct(scorecard, reviewer, "1.3", "0.5", "Sơ kết chậm.")
    return scorecard


def _rows(response) -> list[str]:
    """The table's rows as text, in page order."""
    html = response.content.decode()
    return [chunk.split("</tr>")[0] for chunk in html.split('data-testid="history-row"')[1:]]


def test_the_reviewer_sees_every_change_newest_first(client, reviewed, reviewer, compiler):
    client.force_login(reviewer)
    detail = client.get(f"/cham-diem/{reviewed.pk}/").content.decode()
    assert f'href="/cham-diem/{reviewed.pk}/lich-su/"' in detail
    response = client.get(f"/cham-diem/{reviewed.pk}/lich-su/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lịch sử chấm điểm — Xã Ba Thành năm 2025" in text
    rows = _rows(response)
    # The last review first: item 1.3's review points and its replaced deduction line
    # (1,00 → 0,50 and the reason), by the reviewer.
    newest = "".join(rows[:3])
    assert "Nội dung 1.3 — điểm bị trừ" in newest and str(reviewer) in newest
    assert "Số điểm bị trừ" in newest and "1,00" in newest and "0,50" in newest
    assert "Chưa tổ chức sơ kết." in newest and "Sơ kết chậm." in newest
    assert "Điểm thẩm định" in newest
    # Fifty changes a page: the compiler's self points are on the second, older, page.
    assert response.context["page"].paginator.num_pages == 2
    older = client.get(f"/cham-diem/{reviewed.pk}/lich-su/?page=2")
    rows = _rows(older)
    assert any("Nội dung 1.1" in r and "Điểm tự chấm" in r and "2,50" in r for r in rows)
    text += older.content.decode()
    assert str(compiler) in text
    assert "Đang chấm" in text and "Đã nộp" in text and "Đang thẩm định" in text


def test_the_unit_sees_no_review_figures_before_they_are_published(
    client, reviewed, compiler, reviewer
):
    client.force_login(compiler)
    text = client.get(f"/cham-diem/{reviewed.pk}/lich-su/").content.decode()
    assert "2,50" in text  # its own self points
    assert "Sơ kết chậm." not in text and "Điểm thẩm định" not in text
    transition(scorecard=reviewed, user=reviewer, action="finish_review")
    transition(scorecard=reviewed, user=reviewer, action="publish")
    assert "Sơ kết chậm." in client.get(f"/cham-diem/{reviewed.pk}/lich-su/").content.decode()


def test_another_commune_cannot_read_a_scorecards_history(client, reviewed, other_compiler):
    client.force_login(other_compiler)
    assert client.get(f"/cham-diem/{reviewed.pk}/lich-su/").status_code == 404


def test_the_scorecard_history_has_a_fixed_query_count(
    client, reviewed, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    client.get(f"/cham-diem/{reviewed.pk}/lich-su/")
    # Session, user, roles, the units the user sees (3), the scorecard, one query per history
    # table (4), the unread notifications of the menu.
    with django_assert_max_num_queries(12):
        response = client.get(f"/cham-diem/{reviewed.pk}/lich-su/")
    assert len(_rows(response)) > 30


# --- the assignment grid ------------------------------------------------------------------


def test_the_grid_history_shows_who_changed_what(client, compiler, ba_thanh_round):
    client.force_login(compiler)
    url = f"/ky-danh-gia/{ba_thanh_round.pk}/"
    response = client.get(url)
    assert f'href="/ky-danh-gia/{ba_thanh_round.pk}/lich-su/"' in response.content.decode()
    response, assignment = _open_row(client, url, "3.1")
    old = assignment.deadline
    dia_chinh = ba_thanh_round.unit.positions.get(name="Công chức Địa chính")
    data = _grid_post(
        response, **{"form-0-deadline": "2025-09-30", "form-0-lead": [str(dia_chinh.pk)]}
    )
    assert client.post(url, data).status_code == 302
    history = client.get(f"/ky-danh-gia/{ba_thanh_round.pk}/lich-su/")
    assert history.status_code == 200
    rows = _rows(history)
    assert "Nội dung 3.1" in rows[0] and str(compiler) in rows[0]
    joined = "".join(rows[:3])
    assert "Hạn nộp minh chứng" in joined and f"{old:%d/%m/%Y}" in joined
    assert date(2025, 9, 30).strftime("%d/%m/%Y") in joined
    assert "Chủ trì" in joined and "Công chức Địa chính" in joined


def test_another_commune_cannot_read_a_grids_history(client, ba_thanh_round, other_compiler):
    client.force_login(other_compiler)
    assert client.get(f"/ky-danh-gia/{ba_thanh_round.pk}/lich-su/").status_code == 404


def test_the_grid_history_has_a_fixed_query_count(
    client, compiler, ba_thanh_round, django_assert_max_num_queries
):
    client.force_login(compiler)
    client.get(f"/ky-danh-gia/{ba_thanh_round.pk}/lich-su/")
    # Session, user, roles, the round, the unread notifications, the history in one query.
    with django_assert_max_num_queries(7):
        response = client.get(f"/ky-danh-gia/{ba_thanh_round.pk}/lich-su/")
    assert response.context["page"].paginator.count == 32  # the rows the round opened with
