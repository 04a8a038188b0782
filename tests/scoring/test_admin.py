"""The scoring app's admin: what the workflow wrote is shown, not changed; a published scorecard
is closed; the remediation plan is corrected through the plan page's own save."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.admin import ItemScoreAdmin, ScorecardAdmin, TransitionAdmin
from scoring.models import (
    CriterionResult,
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
    Status,
    Transition,
)
from scoring.services import transition
from tests.admin_forms import unchanged_post
from tests.factories import deduct

CLOSED = "Phiếu chấm đã công bố kết quả nên chỉ xem được"


def _url(model, pk=None, page="change") -> str:
    base = f"/quan-tri/scoring/{model._meta.model_name}/"
    return base if pk is None else f"{base}{pk}/{page}/"


@pytest.fixture
def published(in_review, reviewer):
    deduct(in_review, reviewer, "2.1", "1", "Chậm ban hành văn bản.")
    transition(scorecard=in_review, user=reviewer, action="finish_review")
    return transition(scorecard=in_review, user=reviewer, action="publish")


def _points(scorecard) -> list:
    return list(
        scorecard.items.order_by("pk").values_list("self_points", "awarded_points", "review_points")
    )


# --- a published scorecard ----------------------------------------------------------------


def test_a_published_scorecard_is_shown_with_the_reason(client, admin_user, published):
    client.force_login(admin_user)
    response = client.get(_url(Scorecard, published.pk))
    assert response.status_code == 200
    assert CLOSED in response.text
    assert "không có thao tác mở lại phiếu đã công bố" in response.text
    assert 'name="result_decision_number"' not in response.text


def test_a_change_to_a_published_scorecards_points_is_refused(client, admin_user, published):
    before = _points(published)
    score = published.items.order_by("pk").first()
    client.force_login(admin_user)
    data = unchanged_post(client.get(_url(Scorecard, published.pk)))
    data.update({"items-0-id": str(score.pk), "items-0-review_points": "0"})
    data.update(result_decision_number="999/QĐ-UBND")
    assert client.post(_url(Scorecard, published.pk), data).status_code == 403
    # nor from the item's own page
    response = client.post(
        _url(ItemScore, score.pk), {"self_points": "0", "review_points": "0", "explanation": ""}
    )
    assert response.status_code == 403
    assert _points(published) == before
    published.refresh_from_db()
    assert published.result_decision_number == ""
    assert published.status == Status.PUBLISHED


def test_an_old_version_of_a_published_scorecard_is_not_restored(client, admin_user, published):
    reviewed = published.history.filter(status=Status.REVIEWED).earliest("history_date")
    client.force_login(admin_user)
    url = f"/quan-tri/scoring/scorecard/{published.pk}/history/{reviewed.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"result_decision_number": "1/QĐ"}).status_code == 403
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_no_admin_action_moves_a_scorecard(rf, admin_user):
    # The workflow has no move out of "published"; the admin adds none of its own.
    from django.contrib import admin

    request = rf.get("/quan-tri/scoring/scorecard/")
    request.user = admin_user
    actions = admin.site._registry[Scorecard].get_actions(request)
    assert list(actions) == ["export_admin_action"]


# --- a scorecard on its way: points stay as scored, references are corrected --------------


def test_a_submitted_scorecards_reference_is_corrected_but_not_its_points(
    client, admin_user, submitted
):
    before = _points(submitted)
    score = submitted.items.order_by("pk").first()
    client.force_login(admin_user)
    data = unchanged_post(client.get(_url(Scorecard, submitted.pk)))
    # an item's points posted with the page: the inline is read-only, so they are ignored
    data.update({"items-0-id": str(score.pk), "items-0-self_points": "0"})
    data.update(self_report_number="269/BC-UBND", self_report_date="2025-10-23")
    response = client.post(_url(Scorecard, submitted.pk), data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.self_report_number == "269/BC-UBND"
    assert submitted.status == Status.SUBMITTED
    assert _points(submitted) == before
    latest = submitted.history.latest("history_date")
    assert latest.history_user == admin_user
    assert latest.self_report_number == "269/BC-UBND"


def test_an_impossible_report_date_is_refused_in_vietnamese(client, admin_user, submitted):
    client.force_login(admin_user)
    data = unchanged_post(client.get(_url(Scorecard, submitted.pk)))
    data.update(self_report_number="269/BC-UBND", self_report_date="2025-02-30")
    response = client.post(_url(Scorecard, submitted.pk), data)
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.text
    submitted.refresh_from_db()
    assert submitted.self_report_number == ""


def test_what_the_workflow_recorded_refuses_a_change(client, admin_user, in_review, reviewer):
    deduct(in_review, reviewer, "2.1", "1", "Chậm ban hành văn bản.")
    deduction = Deduction.objects.get(item_score__scorecard=in_review)
    step = Transition.objects.filter(scorecard=in_review).first()
    result = CriterionResult.objects.filter(scorecard=in_review).first()
    client.force_login(admin_user)
    for model, obj, data in [
        (Deduction, deduction, {"points": "5", "reason": "Đổi lý do", "position": "0"}),
        (Transition, step, {"note": "Ghi chú sửa lại", "action": "publish"}),
        (CriterionResult, result, {"review_note": "Nhận xét chen vào"}),
    ]:
        assert client.get(_url(model, obj.pk)).status_code == 200
        assert client.post(_url(model, obj.pk), data).status_code == 403, model
        assert client.post(_url(model, obj.pk, "delete")).status_code == 403, model
    deduction.refresh_from_db()
    step.refresh_from_db()
    result.refresh_from_db()
    assert (deduction.points, deduction.reason) == (Decimal("1.00"), "Chậm ban hành văn bản.")
    assert step.note == "" and step.action != "publish"
    assert result.review_note == ""


# --- the remediation plan -----------------------------------------------------------------


@pytest.fixture
def plan(published, compiler):
    item = published.items.get(item__criterion__number=2, item__number=1).item
    plan = RemediationPlan.objects.create(scorecard=published, goals="Mục tiêu cũ", version=1)
    RemediationItem.objects.create(plan=plan, item=item, remedy="Hướng cũ")
    return plan


def test_a_plan_is_corrected_through_the_plan_pages_save(client, admin_user, plan):
    client.force_login(admin_user)
    data = unchanged_post(client.get(_url(RemediationPlan, plan.pk)))
    data.update({"goals": "Mục tiêu đã sửa", "items-0-remedy": "Hướng khắc phục đã sửa"})
    response = client.post(_url(RemediationPlan, plan.pk), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.goals == "Mục tiêu đã sửa"
    assert (plan.version, plan.updated_by) == (2, admin_user)
    assert plan.items.get().remedy == "Hướng khắc phục đã sửa"


def test_a_plan_from_a_page_older_than_the_last_save_is_refused(client, admin_user, plan):
    client.force_login(admin_user)
    data = unchanged_post(client.get(_url(RemediationPlan, plan.pk)))
    RemediationPlan.objects.filter(pk=plan.pk).update(goals="Đơn vị vừa sửa", version=2)
    data.update(goals="Mục tiêu của quản trị")
    response = client.post(_url(RemediationPlan, plan.pk), data)
    assert response.status_code == 200
    assert "Kế hoạch vừa được" in response.text
    plan.refresh_from_db()
    assert plan.goals == "Đơn vị vừa sửa"


def test_the_plan_of_an_unpublished_result_is_read_only(client, admin_user, submitted):
    plan = RemediationPlan.objects.create(scorecard=submitted, goals="Mục tiêu")
    client.force_login(admin_user)
    page = client.get(_url(RemediationPlan, plan.pk))
    assert "chỉ sửa được khi kết quả đánh giá đã công bố" in page.text
    data = unchanged_post(page)
    data.update(goals="Sửa trước khi công bố")
    assert client.post(_url(RemediationPlan, plan.pk), data).status_code == 403
    plan.refresh_from_db()
    assert plan.goals == "Mục tiêu"


# --- changelists ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_admin", "model"),
    [(ItemScoreAdmin, ItemScore), (TransitionAdmin, Transition), (ScorecardAdmin, Scorecard)],
)
def test_a_list_makes_as_many_queries_for_5_rows_as_for_50(
    client, admin_user, published, monkeypatch, model_admin, model
):
    from tests.factories import UnitFactory

    if model is Scorecard:
        from criteria.services import round_create
        from scoring.services import scorecard_for_round

        for _ in range(6):
            unit = UnitFactory(parent=published.round.unit.parent)
            scorecard_for_round(round_create(unit=unit, framework=published.round.framework))
    if model is Transition:
        last = published.log.last()
        Transition.objects.bulk_create(
            Transition(
                scorecard=published,
                action=last.action,
                from_status=last.from_status,
                to_status=last.to_status,
                user=last.user,
            )
            for _ in range(3)
        )
    assert model.objects.count() > 5
    client.force_login(admin_user)
    counts = []
    for rows in (5, 50):
        monkeypatch.setattr(model_admin, "list_per_page", rows)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(model)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
