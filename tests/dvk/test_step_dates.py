"""A model's steps go in order and record what happened: a step dated before the step it
follows, or after today, is refused beside its date field (forms) and by the services (the
admin, scripts); the appraisal's and the exemplars' dates likewise."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dvcq.wording import day
from models_dvk.forms import (
    AppraisalOpenForm,
    DvkModelForm,
    NominationForm,
    StepForm,
)
from models_dvk.models import DvkModel, Step
from models_dvk.services.appraisal import appraisal_open, recognition_record
from models_dvk.services.exemplar import exemplar_recognition_save
from models_dvk.services.lifecycle import model_step
from models_dvk.services.registration import model_register
from tests.dvk.rule_fixtures import model_data
from tests.factories import DvkModelFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def _model(campaign, step: str) -> DvkModel:
    """A model of Chi bộ thôn Vàng at `step`, one dated event per step: registered 10/02/2026,
    planned 10/03, launched 10/04, implementing 10/05, self-assessed 10/06, appraising 10/07."""
    return DvkModelFactory(
        participant=campaign.participants.get(name="Chi bộ thôn Vàng"), step=step
    )


def _step_form(model, step, on: str, note="") -> StepForm:
    return StepForm({"step": step, "on": on, "note": note}, model=model)


# The step each step follows, and what each date is called in the message.
ORDER = [
    ("registered", "planned", "Ngày có kế hoạch", "ngày đăng ký (10/02/2026)", "09/02/2026"),
    ("planned", "launched", "Ngày ra mắt", "ngày có kế hoạch (10/03/2026)", "09/03/2026"),
    ("launched", "implementing", "Ngày triển khai", "ngày ra mắt (10/04/2026)", "09/04/2026"),
    (
        "implementing",
        "self_assessed",
        "Ngày tự đánh giá",
        "ngày triển khai (10/05/2026)",
        "09/05/2026",
    ),
    (
        "self_assessed",
        "appraising",
        "Ngày đề nghị thẩm định",
        "ngày tự đánh giá (10/06/2026)",
        "09/06/2026",
    ),
    ("launched", "dropped", "Ngày loại bỏ", "ngày ra mắt (10/04/2026)", "01/04/2026"),
]


@pytest.mark.parametrize(("at", "step", "what", "previous", "typed"), ORDER)
def test_a_step_dated_before_the_step_it_follows_is_refused_on_its_date(
    campaign, at, step, what, previous, typed
):
    model = _model(campaign, at)
    form = _step_form(model, step, typed, note="Trùng mô hình khác.")
    assert not form.is_valid()
    assert form.errors["on"] == [f"{what} ({typed}) không được trước {previous}."]
    assert "step" not in form.errors


@pytest.mark.parametrize(("at", "step", "what", "previous", "typed"), ORDER)
def test_the_same_day_as_the_step_it_follows_is_accepted(campaign, at, step, what, previous, typed):
    model = _model(campaign, at)
    same_day = previous.split("(")[1].rstrip(")")
    assert _step_form(model, step, same_day, note="Trùng mô hình khác.").is_valid()


def test_a_launch_before_the_registration_is_refused_beside_the_date_on_the_page(
    client, party, campaign
):
    """The case seen in use: registered on 10/02, a launch typed as 20/01."""
    model = _model(campaign, "registered")
    client.force_login(party)
    response = client.post(
        reverse("dvk:model_step", args=[model.pk]), {"step": "launched", "on": "20/01/2026"}
    )
    assert response.status_code == 400
    assert response.context["step_form"].errors["on"] == [
        "Ngày ra mắt (20/01/2026) không được trước ngày đăng ký (10/02/2026)."
    ]
    # Shown under the date field itself, not at the top of the form.
    assert 'id="error_1_id_on"' in response.text
    model.refresh_from_db()
    assert model.step == Step.REGISTERED and not model.events.filter(step="launched").exists()


def test_a_step_dated_after_today_is_refused(campaign):
    model = _model(campaign, "registered")
    form = _step_form(model, "launched", day(TOMORROW))
    assert not form.is_valid()
    assert (
        f"Ngày ra mắt ({day(TOMORROW)}) không được sau hôm nay ({day(timezone.localdate())})."
        in form.errors["on"]
    )


def test_the_service_refuses_too_keyed_by_the_date_field(campaign, party):
    """Scripts and the admin go through model_step: the same refusals, by field."""
    model = _model(campaign, "registered")
    with pytest.raises(ValidationError) as refused:
        model_step(model=model, step=Step.LAUNCHED, on=date(2026, 1, 20), user=party)
    assert refused.value.message_dict == {
        "on": ["Ngày ra mắt (20/01/2026) không được trước ngày đăng ký (10/02/2026)."]
    }
    with pytest.raises(ValidationError) as refused:
        model_step(model=model, step=Step.LAUNCHED, on=TOMORROW, user=party)
    assert list(refused.value.message_dict) == ["on"]
    model.refresh_from_db()
    assert model.step == Step.REGISTERED and model.events.count() == 1
    model_step(model=model, step=Step.LAUNCHED, on=date(2026, 2, 10), user=party)
    assert model.events.filter(step=Step.LAUNCHED, on=date(2026, 2, 10)).exists()


def test_a_registration_dated_after_today_is_refused_by_the_service(campaign, party):
    with pytest.raises(ValidationError) as refused:
        model_register(
            campaign=campaign,
            participant=campaign.participants.get(name="Chi bộ thôn Vàng"),
            data=model_data(),
            user=party,
            on=TOMORROW,
        )
    assert refused.value.message_dict == {"registered_on": ["Ngày đăng ký không được sau hôm nay."]}
    assert not campaign.models.exists()


def test_registration_form_refuses_a_future_date_on_its_field(campaign, party):
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    form = DvkModelForm(
        {**model_data(), "participant": vang.pk, "registered_on": day(TOMORROW)},
        campaign=campaign,
        user=party,
    )
    assert form.errors["registered_on"] == ["Ngày đăng ký không được sau hôm nay."]


# --- the appraisal ---------------------------------------------------------------------------


def test_plan_and_conference_before_the_proposal_are_refused_on_their_fields(
    appraisal_model, leader
):
    """model_at_appraisal: proposed for appraisal on 05/09/2026."""
    form = AppraisalOpenForm(
        {"plan_date": "01/09/2026", "conference_on": "04/09/2026", "members": [leader.pk]},
        model=appraisal_model,
    )
    assert form.errors["plan_date"] == [
        "Ngày kế hoạch thẩm định (01/09/2026) không được trước ngày đề nghị thẩm định (05/09/2026)."
    ]
    assert form.errors["conference_on"] == [
        "Ngày hội nghị thẩm định (04/09/2026) không được trước ngày đề nghị thẩm định (05/09/2026)."
    ]
    ok = AppraisalOpenForm(
        {"plan_date": "05/09/2026", "conference_on": "25/09/2026", "members": [leader.pk]},
        model=appraisal_model,
    )
    assert ok.is_valid(), ok.errors


def test_plan_and_report_received_after_today_are_refused_but_a_conference_ahead_is_not(
    appraisal_model, party, leader
):
    later = day(TOMORROW + timedelta(days=10))
    form = AppraisalOpenForm(
        {
            "plan_date": day(TOMORROW),
            "report_received_on": day(TOMORROW),
            "conference_on": later,
            "members": [leader.pk],
        },
        model=appraisal_model,
    )
    today = day(timezone.localdate())
    assert form.errors["plan_date"] == [
        f"Ngày kế hoạch thẩm định ({day(TOMORROW)}) không được sau hôm nay ({today})."
    ]
    assert form.errors["report_received_on"] == [
        f"Ngày tổ thẩm định nhận báo cáo ({day(TOMORROW)}) không được sau hôm nay ({today})."
    ]
    assert "conference_on" not in form.errors
    with pytest.raises(ValidationError) as refused:
        appraisal_open(
            model=appraisal_model, user=party, members=[leader], conference_on=date(2026, 9, 1)
        )
    assert list(refused.value.message_dict) == ["conference_on"]


def _both_sheets_at_max(appraisal, party, leader):
    from models_dvk.services.appraisal import member_scores_save
    from models_dvk.services.rubrics import criteria_for

    for member in (party, leader):
        member_scores_save(
            appraisal=appraisal,
            user=member,
            member=member,
            scores={
                c.pk: (c.max_points, None) for c in criteria_for(appraisal.rubric, appraisal.model)
            },
        )


def test_a_notice_dated_after_today_is_refused_beside_its_field(client, appraisal, party, leader):
    _both_sheets_at_max(appraisal, party, leader)
    client.force_login(party)
    response = client.post(
        f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/ket-luan/",
        {"minutes": "Thống nhất.", "notice_number": "12-TB/ĐU", "notice_date": day(TOMORROW)},
    )
    assert response.status_code == 400
    form = response.context["conclude_form"]
    assert form.errors["notice_date"] == [
        f"Ngày thông báo kết quả ({day(TOMORROW)}) không được sau hôm nay "
        f"({day(timezone.localdate())})."
    ]
    appraisal.refresh_from_db()
    assert appraisal.passed is None


def test_a_decision_dated_after_today_is_refused(client, appraisal, party, leader):
    from models_dvk.services.appraisal import appraisal_conclude

    _both_sheets_at_max(appraisal, party, leader)
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Thống nhất.",
        notice_number="12-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )
    client.force_login(party)
    response = client.post(
        f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/quyet-dinh/",
        {"decision_number": "35-QĐ/ĐU", "decision_date": day(TOMORROW)},
    )
    assert response.status_code == 400
    assert (
        response.context["recognise_form"]
        .errors["decision_date"][0]
        .startswith(f"Ngày quyết định ({day(TOMORROW)}) không được sau hôm nay")
    )
    appraisal.model.refresh_from_db()
    assert appraisal.model.step == Step.APPRAISING


def test_nomination_and_exemplar_recognition_after_today_are_refused(
    campaign, appraisal, party, leader
):
    from models_dvk.services.appraisal import appraisal_conclude
    from models_dvk.services.exemplar import exemplar_nominate

    _both_sheets_at_max(appraisal, party, leader)
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Thống nhất.",
        notice_number="12-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )
    model = recognition_record(appraisal=appraisal, user=party, number="35", on=date(2026, 10, 1))
    form = NominationForm(
        {"model": model.pk, "name": "Chi bộ thôn Vàng", "nominated_on": day(TOMORROW)},
        campaign=campaign,
    )
    assert form.errors["nominated_on"][0].startswith(
        f"Ngày đề nghị ({day(TOMORROW)}) không được sau hôm nay"
    )
    exemplar = exemplar_nominate(
        model=model, user=party, name="Chi bộ thôn Vàng", on=date(2026, 10, 2)
    )
    with pytest.raises(ValidationError) as refused:
        exemplar_recognition_save(exemplar=exemplar, user=party, number="40", on=TOMORROW)
    assert list(refused.value.message_dict) == ["recognised_on"]
    exemplar.refresh_from_db()
    assert exemplar.recognised_on is None
