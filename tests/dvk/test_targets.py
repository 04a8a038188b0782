"""The targets dashboard on the demo 2026 campaign of Ba Thành (seeds 003/004)."""

from datetime import date

import pytest

from dvcq.org.models import User
from models_dvk.models import Campaign, ParticipantKind, Step
from models_dvk.selectors import (
    campaign_dashboard,
    counts_by_field,
    counts_by_step,
    counts_by_subject,
    parties_without_model,
    target_progress,
)


@pytest.fixture
def campaign_2026(demo):
    return Campaign.objects.get(unit__code="ba-thanh", year=2026)


def by_code(rows):
    return {r["code"]: r["count"] for r in rows}


def test_target_progress_of_the_demo_2026_campaign(campaign_2026):
    rows = {r["kind"]: r for r in target_progress(campaign_2026)}
    # 3 models continued from 2025 + 6 new, one of them dropped.
    assert (rows["models"]["value"], rows["models"]["actual"], rows["models"]["met"]) == (
        5,
        8,
        True,
    )
    assert rows["new_or_replicated"]["actual"] == 5 and rows["new_or_replicated"]["met"]
    assert rows["org_coverage"]["actual"] == 100 and rows["org_coverage"]["met"]
    assert "4/4 tổ chức đảng trực thuộc có mô hình." in rows["org_coverage"]["detail"]
    assert (rows["exemplars"]["value"], rows["exemplars"]["actual"]) == (7, 0)
    assert rows["exemplars"]["met"] is False
    assert set(rows["models"]) == {"label", "value", "actual", "met", "detail", "kind"}


def test_a_party_organisation_whose_only_model_is_dropped_is_listed_by_name(campaign_2026):
    party = User.objects.get(username="bathanh.xaydungdang")
    cell = campaign_2026.participants.create(
        name="Chi bộ thôn Mới", kind=ParticipantKind.PARTY_CELL, is_party_org=True
    )
    assert parties_without_model(campaign_2026) == ["Chi bộ thôn Mới"]
    rows = {r["kind"]: r for r in target_progress(campaign_2026)}
    assert rows["org_coverage"]["actual"] == 80 and not rows["org_coverage"]["met"]
    assert "Chưa có: Chi bộ thôn Mới." in rows["org_coverage"]["detail"]
    assert cell.pk and party


def test_counts_by_field_subject_and_step(campaign_2026):
    fields = by_code(counts_by_field(campaign_2026))
    assert sum(fields.values()) == 8
    assert fields["economy"] == 2 and fields["other"] == 0  # the dropped model is not counted
    assert by_code(counts_by_subject(campaign_2026)) == {"collective": 7, "individual": 1}
    steps = by_code(counts_by_step(campaign_2026))
    assert steps[Step.RECOGNISED] == 1 and steps[Step.DROPPED] == 1
    assert steps[Step.IMPLEMENTING] == 4 and steps[Step.PLANNED] == 1
    assert sum(steps.values()) == 9


def test_next_milestone_and_what_is_late(campaign_2026):
    board = campaign_dashboard(campaign_2026, today=date(2026, 11, 23))
    assert board.next_milestone.kind == "target_report"
    assert board.next_milestone.due == date(2026, 11, 25)
    assert [m.kind for m in board.overdue_milestones] == [
        "registration",
        "report_higher",
        "six_month",
        "recognition",
    ]
    late = {g["label"]: g["models"] for g in board.late}
    assert late["Mô hình xây dựng mới chưa ra mắt"] == [
        "Thanh niên hướng dẫn người dân dùng dịch vụ công trực tuyến"
    ]
    assert len(late["Chưa có quyết định công nhận sau hạn 15/10/2026"]) == 7


def test_a_model_still_registered_after_the_deadline_is_late(campaign_2026):
    party = User.objects.get(username="bathanh.xaydungdang")
    from models_dvk.services.registration import model_register

    model_register(
        campaign=campaign_2026,
        participant=campaign_2026.participants.get(name="Công an xã"),
        data={"name": "Mô hình đăng ký muộn", "field": "defence", "subject": "collective",
              "location": "Xã", "host": "Công an xã", "origin": "replicated"},
        user=party,
        on=date(2026, 3, 1),
    )  # fmt: skip
    board = campaign_dashboard(campaign_2026, today=date(2026, 3, 5))
    late = {g["label"]: g["models"] for g in board.late}
    assert late["Còn ở bước “Đăng ký” sau hạn đăng ký 10/02/2026"] == ["Mô hình đăng ký muộn"]
    assert board.next_milestone.kind == "report_higher"


def test_the_dashboard_runs_in_a_fixed_number_of_queries(campaign_2026, django_assert_num_queries):
    with django_assert_num_queries(6):
        campaign_dashboard(campaign_2026)


def test_the_page_for_coordinator_and_reviewer_only(
    client, campaign_2026, django_assert_max_num_queries
):
    url = f"/dan-van-kheo/{campaign_2026.pk}/chi-tieu/"
    client.force_login(User.objects.get(username="bathanh.xaydungdang"))
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "Cấp xã có ít nhất 05 mô hình" in response.text
    assert "Báo cáo kết quả thực hiện chỉ tiêu" in response.text
    client.force_login(User.objects.get(username="tinh.danhgia"))
    response = client.get(url)
    assert response.status_code == 200 and "Chỉ xem" in response.text
    client.force_login(User.objects.get(username="bathanh.canbo"))
    assert client.get(url).status_code == 403
    client.force_login(User.objects.get(username="anphu.vanphong"))
    assert client.get(url).status_code == 404
