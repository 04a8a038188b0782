"""The Dân vận khéo records in the admin site: what the workflow decided stays as it is, what
an administrator corrects passes the registration's own checks and is signed in the history."""

from datetime import date

import pytest
from django.contrib.admin.utils import quote
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_dvk.models import (
    Campaign,
    DvkModel,
    MemberScore,
    Milestone,
    ModelEvent,
    Participant,
    Step,
)
from models_dvk.services.appraisal import (
    appraisal_conclude,
    member_scores_save,
    recognition_record,
)
from models_dvk.services.exemplar import exemplar_nominate, exemplar_recognition_save
from models_dvk.services.rubrics import criteria_for
from tests.admin_forms import unchanged_post
from tests.factories import (
    AppraisalFactory,
    CampaignFactory,
    DvkModelFactory,
    MemberScoreFactory,
    ParticipantFactory,
    UserFactory,
)


def url(obj_or_model, name: str, *args) -> str:
    opts = obj_or_model._meta
    if not isinstance(obj_or_model, type):
        args = (quote(obj_or_model.pk),)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def concluded(appraisal, party, leader):
    for member in (party, leader):
        member_scores_save(
            appraisal=appraisal,
            user=party,
            member=member,
            scores={
                c.pk: (c.max_points, None) for c in criteria_for(appraisal.rubric, appraisal.model)
            },
        )
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Đạt.",
        notice_number="1",
        notice_date=date(2026, 9, 26),
    )
    appraisal.refresh_from_db()
    return appraisal


# --- what the workflow decided ------------------------------------------------------------------


def test_a_concluded_appraisal_cannot_be_changed_here(client, admin_user, appraisal, party, leader):
    concluded(appraisal, party, leader)
    client.force_login(admin_user)
    page = client.get(url(appraisal, "change"))
    assert page.status_code == 200
    assert "Hội nghị thẩm định đã kết luận (đạt)" in page.text
    # The members' sheets are shown with it, read-only
    assert 'name="scores-0-points"' not in page.text
    assert "Điểm của thành viên" in page.text

    data = {**unchanged_post(page), "plan_number": "99-KH/ĐU", "passed": "False"}
    response = client.post(url(appraisal, "change"), data)

    assert response.status_code == 403
    appraisal.refresh_from_db()
    assert (appraisal.plan_number, appraisal.passed) == ("05-KH/ĐU", True)
    assert appraisal.history.count() == 2  # opened, concluded: nothing from the admin


def test_a_members_score_cannot_be_changed_here(client, admin_user, appraisal, party, leader):
    concluded(appraisal, party, leader)
    score = MemberScore.objects.filter(appraisal=appraisal).order_by("pk").first()
    before = score.points
    client.force_login(admin_user)
    assert client.get(url(score, "change")).status_code == 200  # read, not changed

    response = client.post(url(score, "change"), {"points": "0", "note": "sửa"})

    assert response.status_code == 403
    score.refresh_from_db()
    assert (score.points, score.note) == (before, "")
    assert client.get(url(MemberScore, "add")).status_code == 403
    assert client.post(url(score, "delete"), {"post": "yes"}).status_code == 403
    assert MemberScore.objects.filter(pk=score.pk).exists()


def test_before_the_conclusion_the_plan_is_corrected_through_the_setup(
    client, admin_user, appraisal
):
    client.force_login(admin_user)
    data = unchanged_post(client.get(url(appraisal, "change")))

    refused = client.post(url(appraisal, "change"), {**data, "plan_date": "26/09/2026"})
    assert refused.status_code == 200
    assert "không được sau ngày hội nghị (25/09/2026)" in refused.text
    response = client.post(url(appraisal, "change"), {**data, "plan_number": "06-KH/ĐU"})

    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.plan_number == "06-KH/ĐU"
    row = appraisal.history.order_by("-history_date").first()
    assert row.history_user == admin_user
    assert row.member_names  # the team as the setup records it


def test_a_model_whose_lifecycle_ended_is_read_only(client, admin_user, model):
    DvkModel.objects.filter(pk=model.pk).update(step=Step.DROPPED, drop_reason="Trùng.")
    client.force_login(admin_user)
    assert "đăng ký không sửa được nữa" in client.get(url(model, "change")).text

    response = client.post(url(model, "change"), {"name": "Tên khác"})

    assert response.status_code == 403
    model.refresh_from_db()
    assert model.name == "Tủ sách nhân ái"


def test_a_rubric_in_use_is_read_only(client, admin_user, appraisal):
    rubric = appraisal.rubric
    client.force_login(admin_user)
    response = client.post(url(rubric, "change"), {"name": "Khác", "pass_total": "50"})
    assert response.status_code == 403
    rubric.refresh_from_db()
    assert rubric.pass_total == 75
    criterion = rubric.criteria.first()
    assert client.post(url(criterion, "change"), {"max_points": "99"}).status_code == 403


def test_lifecycle_steps_are_read_only(client, admin_user, model):
    event = model.events.get()
    client.force_login(admin_user)
    assert client.post(url(event, "change"), {"step": "recognised"}).status_code == 403
    assert client.get(url(ModelEvent, "add")).status_code == 403
    event.refresh_from_db()
    assert event.step == Step.REGISTERED


def test_an_exemplar_is_corrected_by_the_nominations_rules_until_it_is_recognised(
    client, admin_user, appraisal, party, leader
):
    concluded(appraisal, party, leader)
    recognition_record(appraisal=appraisal, user=party, number="35-QĐ/ĐU", on=date(2026, 9, 30))
    exemplar = exemplar_nominate(
        model=appraisal.model, user=party, name="Chi bo thôn Vàng", on=date(2026, 10, 5)
    )
    client.force_login(admin_user)
    page = client.get(url(exemplar, "change"))
    assert "Báo cáo thành tích" in page.text  # its dossier, shown with it
    data = unchanged_post(page)

    refused = client.post(url(exemplar, "change"), {**data, "is_leader": "on"})
    assert "phải đạt thêm các tiêu chí đối với lãnh đạo" in refused.text
    saved = client.post(url(exemplar, "change"), {**data, "name": "Chi bộ thôn Vàng"})
    assert saved.status_code == 302
    exemplar.refresh_from_db()
    assert (exemplar.name, exemplar.is_leader) == ("Chi bộ thôn Vàng", False)

    exemplar_recognition_save(exemplar=exemplar, user=party, number="7-QĐ", on=date(2026, 11, 2))
    assert "Điển hình đã được công nhận" in client.get(url(exemplar, "change")).text
    response = client.post(url(exemplar, "change"), {**data, "name": "Khác"})
    assert response.status_code == 403
    exemplar.refresh_from_db()
    assert exemplar.name == "Chi bộ thôn Vàng"
    assert client.get(url(exemplar.dossier.first(), "change")).status_code == 200


# --- a registration corrected -------------------------------------------------------------------


def test_a_typo_in_a_registration_is_fixed_and_signed_by_the_administrator(
    client, admin_user, model
):
    client.force_login(admin_user)
    data = unchanged_post(client.get(url(model, "change")))
    assert data["name"] == "Tủ sách nhân ái"

    response = client.post(
        url(model, "change"), {**data, "name": "Tủ sách nhân ái thôn Vàng", "location": "Thôn Vàng"}
    )

    assert response.status_code == 302, response.text
    model.refresh_from_db()
    assert model.name == "Tủ sách nhân ái thôn Vàng"
    assert model.version == 2
    row = model.history.order_by("-history_date").first()
    assert row.name == "Tủ sách nhân ái thôn Vàng"
    assert row.history_user == admin_user
    assert model.step == Step.REGISTERED  # the workflow's field is not part of the form


def test_an_invalid_registration_is_refused_with_the_registration_form_message(
    client, admin_user, model
):
    client.force_login(admin_user)
    data = unchanged_post(client.get(url(model, "change")))

    response = client.post(
        url(model, "change"), {**data, "name": "Tên mới", "origin": "continued", "previous": ""}
    )

    assert response.status_code == 200
    assert "Mô hình tiếp tục duy trì: cần chọn mô hình của năm trước" in response.text
    assert "cần nêu chỉ tiêu cao hơn năm trước" in response.text
    model.refresh_from_db()
    assert (model.name, model.origin, model.version) == ("Tủ sách nhân ái", "new", 1)
    assert model.history.count() == 1


def test_a_registration_saved_by_someone_else_meanwhile_is_not_overwritten(
    client, admin_user, model
):
    client.force_login(admin_user)
    data = unchanged_post(client.get(url(model, "change")))
    DvkModel.objects.filter(pk=model.pk).update(name="Sửa bởi xã", version=2)

    response = client.post(url(model, "change"), {**data, "host": "Ai đó"})

    assert response.status_code == 200
    assert "mô hình vừa được người khác sửa" in response.text
    model.refresh_from_db()
    assert (model.name, model.host) == ("Sửa bởi xã", "Chi bộ thôn Vàng")


def test_a_model_is_dropped_with_a_reason_never_deleted(client, admin_user, model):
    client.force_login(admin_user)
    assert client.post(url(model, "delete"), {"post": "yes"}).status_code == 403
    action = {"action": "drop_models", "_selected_action": [model.pk]}

    asked = client.post(url(DvkModel, "changelist"), action)
    assert asked.status_code == 200
    assert "Lý do loại bỏ" in asked.text
    refused = client.post(
        url(DvkModel, "changelist"), {**action, "apply": "1", "on": "01/12/2026", "note": ""}
    )
    assert "Lý do loại bỏ" in refused.text
    model.refresh_from_db()
    assert model.step == Step.REGISTERED

    client.post(
        url(DvkModel, "changelist"),
        {**action, "apply": "1", "on": "01/12/2026", "note": "Trùng với mô hình khác."},
    )

    model.refresh_from_db()
    assert (model.step, model.drop_reason) == (Step.DROPPED, "Trùng với mô hình khác.")
    event = model.events.order_by("-pk").first()
    assert (event.step, event.user) == (Step.DROPPED, admin_user)
    assert model.history.order_by("-history_date").first().history_user == admin_user


# --- a campaign and its parts ---------------------------------------------------------------------


def test_the_campaign_page_shows_its_targets_milestones_and_participants(
    client, admin_user, campaign
):
    campaign.targets.create(kind="models", label="Số mô hình", value=12)
    campaign.milestones.create(kind="registration", due="2026-03-31")
    client.force_login(admin_user)

    page = client.get(url(campaign, "change")).text

    for heading in ("Chỉ tiêu", "Mốc thời gian", "Tổ chức tham gia"):
        assert heading in page
    assert 'value="Số mô hình"' in page
    assert 'value="31/03/2026"' in page
    assert 'value="Hội Nông dân xã"' in page


def test_a_milestone_outside_the_campaigns_year_is_refused(client, admin_user, campaign):
    client.force_login(admin_user)
    data = unchanged_post(client.get(url(campaign, "change")))
    data.update(
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-kind": "annual",
            "milestones-0-label": "",
            "milestones-0-due": "15/12/2030",
        }
    )

    response = client.post(url(campaign, "change"), data)

    assert response.status_code == 200
    assert "nằm ngoài năm của phong trào (2026)" in response.text
    assert not Milestone.objects.filter(campaign=campaign).exists()
    data["milestones-0-due"] = "15/12/2026"
    assert client.post(url(campaign, "change"), data).status_code == 302
    assert campaign.milestones.get().due.year == 2026


def test_a_participant_with_models_is_not_deleted(client, admin_user, model):
    participant = model.participant
    client.force_login(admin_user)
    client.post(url(participant, "delete"), {"post": "yes"})
    assert Participant.objects.filter(pk=participant.pk).exists()


# --- changelists: as many queries for 5 rows as for 50 --------------------------------------------


def _models(n, ctx):
    for _ in range(n):
        DvkModelFactory(
            participant=ctx["campaign"].participants.first(), registered_by=ctx["party"]
        )


def _campaigns(n, ctx):
    for _ in range(n):
        CampaignFactory(year=2026)


def _participants(n, ctx):
    for _ in range(n):
        ParticipantFactory(campaign=ctx["campaign"])


def _scores(n, ctx):
    if "appraisal" not in ctx:
        model = DvkModelFactory(participant=ctx["campaign"].participants.first(), appraising=True)
        ctx["appraisal"] = AppraisalFactory(model=model, members=[ctx["party"]])
    for _ in range(n):
        MemberScoreFactory(appraisal=ctx["appraisal"], member=UserFactory())


@pytest.mark.parametrize(
    ("model", "build"),
    [
        (DvkModel, _models),
        (ModelEvent, _models),
        (Campaign, _campaigns),
        (Participant, _participants),
        (MemberScore, _scores),
    ],
)
def test_a_changelist_makes_as_many_queries_for_5_rows_as_for_50(
    client, admin_user, campaign, party, model, build
):
    client.force_login(admin_user)
    ctx = {"campaign": campaign, "party": party}
    counts = []
    for total in (5, 50):
        build(total - model.objects.count(), ctx)
        assert model.objects.count() == total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(model, "changelist"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 16, counts
