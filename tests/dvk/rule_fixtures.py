"""Fixtures of the rule tests: the party cell of the 2026 campaign and a model of it at the
appraisal step with a two-member team."""

from datetime import date

import pytest

from dvcq.org.models import Role
from tests.factories import UserFactory


@pytest.fixture
def cell(campaign):
    return campaign.participants.get(name="Chi bộ thôn Vàng")


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
def appraising_model(campaign, cell, party):
    """A new model, launched and proposed for appraisal, with a two-member team."""
    from models_dvk.services.appraisal import appraisal_open
    from models_dvk.services.lifecycle import model_step
    from models_dvk.services.registration import model_register

    model = model_register(
        campaign=campaign,
        participant=cell,
        data=model_data(),
        user=party,
        on=date(2026, 2, 1),
    )
    for step, month in [
        ("launched", 3),
        ("implementing", 4),
        ("self_assessed", 9),
        ("appraising", 9),
    ]:
        model_step(model=model, step=step, on=date(2026, month, 10), user=party)
    colleague = UserFactory(unit=campaign.unit, roles=[Role.LEADER])
    appraisal_open(
        model=model,
        user=party,
        members=[party, colleague],
        conference_on=date(2026, 9, 25),
        report_received_on=date(2026, 9, 20),
    )
    return model
