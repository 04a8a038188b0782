"""Fixtures of the rule tests: a bare 2026 campaign built with factories (module-level,
so they take precedence over the campaign-page fixtures of conftest)."""

from datetime import date

import pytest

from dvcq.org.models import Role
from tests.factories import UserFactory


@pytest.fixture
def coordinator(ba_thanh):
    return UserFactory(username="bathanh.xaydungdang", unit=ba_thanh, roles=[Role.PARTY])


@pytest.fixture
def campaign(ba_thanh):
    from models_dvk.models import Campaign
    from models_dvk.services.rubrics import rubrics_load_default

    rubrics_load_default()
    return Campaign.objects.create(unit=ba_thanh, year=2026, organiser="Đảng ủy xã Ba Thành")


@pytest.fixture
def cell(campaign):
    return campaign.participants.create(
        name="Chi bộ thôn Vàng", kind="party_cell", is_party_org=True
    )


def model_data(**extra):
    data = {
        "name": "Tổ dân vận giúp nhau giảm nghèo",
        "field": "economy",
        "subject": "collective",
        "location": "Thôn Vàng",
        "host": "Chi bộ thôn Vàng",
        "origin": "new",
    }
    data.update(extra)
    return data


@pytest.fixture
def appraising_model(campaign, cell, coordinator):
    """A new model, launched and proposed for appraisal, with a two-member team."""
    from models_dvk.services.appraisal import appraisal_open
    from models_dvk.services.lifecycle import model_step
    from models_dvk.services.registration import model_register

    model = model_register(
        campaign=campaign,
        participant=cell,
        data=model_data(),
        user=coordinator,
        on=date(2026, 2, 1),
    )
    for step, month in [
        ("launched", 3),
        ("implementing", 4),
        ("self_assessed", 9),
        ("appraising", 9),
    ]:
        model_step(model=model, step=step, on=date(2026, month, 10), user=coordinator)
    colleague = UserFactory(unit=campaign.unit, roles=[Role.LEADER])
    appraisal_open(
        model=model,
        user=coordinator,
        members=[coordinator, colleague],
        conference_on=date(2026, 9, 25),
        report_received_on=date(2026, 9, 20),
    )
    return model
