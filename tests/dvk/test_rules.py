"""The DVK rules in the services: registration, lifecycle, the sheet, the pass rule, recognition."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from models_dvk.forms import MilestoneForm
from models_dvk.models import Campaign, Origin, Step
from models_dvk.services.appraisal import (
    aggregate,
    appraisal_conclude,
    member_scores_save,
    recognition_record,
    report_warning,
)
from models_dvk.services.campaign import campaign_copy
from models_dvk.services.exemplar import exemplar_nominate
from models_dvk.services.lifecycle import model_step
from models_dvk.services.registration import model_register
from models_dvk.services.rubrics import criteria_for
from tests.factories import UserFactory

from . import rule_fixtures

appraising_model = rule_fixtures.appraising_model
cell = rule_fixtures.cell
model_data = rule_fixtures.model_data

D = Decimal


def _sheet(appraisal, overrides=None):
    """Every criterion at its maximum except `overrides` {number: points}."""
    overrides = overrides or {}
    return {
        c.pk: (D(overrides.get(c.number, c.max_points)), None)
        for c in criteria_for(appraisal.rubric, appraisal.model)
    }


def _score_all(model, overrides_by_member):
    appraisal = model.appraisal
    members = list(appraisal.members.order_by("full_name", "username"))
    for member, overrides in zip(members, overrides_by_member, strict=True):
        member_scores_save(
            appraisal=appraisal, user=member, member=member, scores=_sheet(appraisal, overrides)
        )
    return aggregate(appraisal)


def test_impossible_dates_are_refused_by_name():
    field = MilestoneForm.base_fields["due"]
    assert field.clean("10/02/2026") == date(2026, 2, 10)
    with pytest.raises(ValidationError, match="Ngày 31/11/2026 không tồn tại"):
        field.clean("31/11/2026")
    with pytest.raises(ValidationError, match="không phải là ngày"):
        field.clean("30-11")


def test_continued_model_needs_last_years_record(campaign, cell, party):
    with pytest.raises(ValidationError) as refused:
        model_register(
            campaign=campaign,
            participant=cell,
            data=model_data(origin=Origin.CONTINUED),
            user=party,
        )
    assert any("mô hình của năm trước" in m for m in refused.value.messages)
    assert any("chỉ tiêu cao hơn" in m for m in refused.value.messages)
    assert not campaign.models.exists()


def test_only_the_coordinator_or_a_member_registers(campaign, cell, party, compiler):
    with pytest.raises(PermissionDenied):
        model_register(campaign=campaign, participant=cell, data=model_data(), user=compiler)
    cell.members.add(compiler)
    assert model_register(campaign=campaign, participant=cell, data=model_data(), user=compiler)


def test_new_model_cannot_be_proposed_without_a_launch(campaign, cell, party):
    # Registered in February: a step cannot be dated before its registration.
    model = model_register(
        campaign=campaign, participant=cell, data=model_data(), user=party, on=date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="phải ra mắt"):
        model_step(model=model, step=Step.IMPLEMENTING, on=date(2026, 3, 1), user=party)
    model.origin = Origin.REPLICATED  # a replicated model may start without a launch…
    model.save()
    model_step(model=model, step=Step.IMPLEMENTING, on=date(2026, 3, 1), user=party)
    model_step(model=model, step=Step.SELF_ASSESSED, on=date(2026, 9, 1), user=party)
    model.origin = Origin.NEW  # …a new one may not be proposed for recognition without one
    model.save()
    with pytest.raises(ValidationError, match="chưa có ngày ra mắt"):
        model_step(model=model, step=Step.APPRAISING, on=date(2026, 9, 5), user=party)


def test_dropping_needs_a_reason(campaign, cell, party):
    model = model_register(
        campaign=campaign, participant=cell, data=model_data(), user=party, on=date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="lý do loại bỏ"):
        model_step(model=model, step=Step.DROPPED, on=date(2026, 5, 1), user=party)
    model_step(model=model, step=Step.DROPPED, on=date(2026, 5, 1), user=party, note="Trùng.")
    model.refresh_from_db()
    assert (model.step, model.drop_reason) == (Step.DROPPED, "Trùng.")


@pytest.mark.parametrize(
    ("overrides", "passed", "reason"),
    [
        # 75 with every key criterion (2, 7, 9, 11, 15) at its maximum → pass
        ({1: 0, 3: 5, 4: 0, 5: 0, 6: 0}, True, None),
        # 80 with criterion 7 at 9 → fail
        ({7: 9, 1: 0, 4: 0, 5: 0, 6: 1}, False, "Tiêu chí 7 đạt 9,00/10,00 điểm"),
        # 74,5 with every key criterion at maximum → fail
        ({1: 0, 3: 4.5, 4: 0, 5: 0, 6: 0}, False, "Tổng điểm 74,50"),
    ],
)
def test_pass_rule_edges(appraising_model, overrides, passed, reason):
    outcome = _score_all(appraising_model, [overrides, overrides])
    expected_total = {True: D("75.00")}.get(passed)
    if expected_total:
        assert outcome.total == expected_total
    assert outcome.passed is passed
    if reason:
        assert any(reason in r for r in outcome.reasons), outcome.reasons


def test_eighty_points_with_criterion_seven_short(appraising_model):
    outcome = _score_all(appraising_model, [{7: 9, 1: 0, 4: 0, 5: 0, 6: 1}] * 2)
    assert outcome.total == D("80.00") and outcome.passed is False


def test_aggregation_across_members_shows_disagreement(appraising_model):
    outcome = _score_all(appraising_model, [{3: 6}, {3: 10}])
    by_number = {r.criterion.number: r for r in outcome.criteria}
    third = by_number[3]
    assert (third.mean, third.median, third.spread) == (D("8.00"), D("8.00"), D("4.00"))
    assert by_number[2].spread == D("0.00")
    assert outcome.totals and sorted(outcome.totals.values()) == [D("96"), D("100")]
    assert outcome.total == D("98.00") and outcome.passed is True


def test_scores_out_of_range_or_wrong_variant_are_refused(appraising_model):
    appraisal = appraising_model.appraisal
    member = appraisal.members.first()
    sheet = _sheet(appraisal, {2: 11})
    with pytest.raises(ValidationError, match="Tiêu chí 2: 11,00 điểm vượt điểm tối đa 10,00"):
        member_scores_save(appraisal=appraisal, user=member, member=member, scores=sheet)
    sheet = _sheet(appraisal, {4: -1})
    with pytest.raises(ValidationError, match="không được âm"):
        member_scores_save(appraisal=appraisal, user=member, member=member, scores=sheet)
    individual = appraisal.rubric.criteria.get(part="II.2", number=11)
    sheet = {**_sheet(appraisal), individual.pk: (D("5"), None)}
    with pytest.raises(ValidationError, match="thuộc phần II.2, nhưng mô hình do tập thể"):
        member_scores_save(appraisal=appraisal, user=member, member=member, scores=sheet)
    assert not appraisal.scores.exists()


def test_an_outsider_cannot_score(appraising_model, ba_thanh):
    outsider = UserFactory(unit=ba_thanh)
    appraisal = appraising_model.appraisal
    with pytest.raises(ValidationError, match="không thuộc tổ thẩm định"):
        member_scores_save(
            appraisal=appraisal, user=outsider, member=outsider, scores=_sheet(appraisal)
        )


def test_report_two_days_before_the_conference_is_warned(appraising_model):
    appraisal = appraising_model.appraisal
    assert report_warning(appraisal) == ""
    appraisal.report_received_on = date(2026, 9, 23)
    warning = report_warning(appraisal)
    assert "chỉ 2 ngày trước hội nghị ngày 25/09/2026" in warning
    assert "chậm nhất ngày 22/09/2026" in warning


def test_conclusion_and_recognition(appraising_model, party):
    appraisal = appraising_model.appraisal
    with pytest.raises(ValidationError, match="Chưa đủ phiếu chấm"):
        appraisal_conclude(
            appraisal=appraisal,
            user=party,
            minutes="x",
            notice_number="1",
            notice_date=date(2026, 9, 26),
        )
    _score_all(appraising_model, [{}, {}])
    with pytest.raises(ValidationError, match="Chỉ đề nghị điển hình"):
        exemplar_nominate(model=appraising_model, user=party, name="x", on=date(2026, 10, 1))
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Thống nhất.",
        notice_number="12-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )
    model = recognition_record(
        appraisal=appraisal, user=party, number="38-QĐ/ĐU", on=date(2026, 10, 10)
    )
    assert model.step == Step.RECOGNISED
    exemplar = exemplar_nominate(
        model=model, user=party, name="Chi bộ thôn Vàng", on=date(2026, 10, 20)
    )
    dossier = {d.kind: d.copies for d in exemplar.dossier.all()}
    assert dossier == {"minutes": 1, "proposal": 1, "achievement": 3, "summary": 1, "list": 1}


def test_failed_appraisal_is_not_recognised(appraising_model, party):
    _score_all(appraising_model, [{9: 8}, {9: 8}])
    appraisal = appraising_model.appraisal
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Chưa đạt.",
        notice_number="13-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )
    model = recognition_record(appraisal=appraisal, user=party, number="", on=date(2026, 10, 10))
    assert model.step == Step.NOT_RECOGNISED


def test_copy_to_next_year_carries_running_models(campaign, cell, party):
    kept = model_register(campaign=campaign, participant=cell, data=model_data(), user=party)
    gone = model_register(
        campaign=campaign,
        participant=cell,
        data=model_data(name="Bỏ"),
        user=party,
        on=date(2026, 2, 1),
    )
    model_step(model=gone, step=Step.DROPPED, on=date(2026, 5, 1), user=party, note="Trùng.")
    campaign.milestones.create(kind="annual", due=date(2026, 11, 30))
    campaign.targets.create(kind="models", label="Ít nhất 05 mô hình", value=5)
    new = campaign_copy(campaign=campaign, year=2027, user=party)
    carried = list(new.models.all())
    assert [(m.name, m.origin, m.previous_id) for m in carried] == [
        (kept.name, Origin.CONTINUED, kept.pk)
    ]
    assert new.milestones.get().due == date(2027, 11, 30)
    assert new.targets.get().value == 5
    with pytest.raises(ValidationError, match="đã có phong trào năm 2027"):
        campaign_copy(campaign=campaign, year=2027, user=party)
    assert Campaign.objects.filter(year=2027).count() == 1
