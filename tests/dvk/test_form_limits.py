"""Limits the campaign and model forms keep (found by a walkthrough)."""

from datetime import date

from django.urls import reverse

from models_dvk.models import Campaign, Step
from models_dvk.services.registration import model_register

from .campaign_fixtures import model_data


def test_a_campaign_year_outside_2000_to_2100_is_refused(client, party, ba_thanh):
    client.force_login(party)
    response = client.post(
        reverse("dvk:campaign_list"),
        {"year": 99999, "organiser": "Đảng ủy xã Ba Thành", "title": "Phong trào"},
    )
    assert "Năm phải từ 2000 đến 2100." in response.content.decode()
    assert not Campaign.objects.filter(year=99999).exists()


def test_a_milestone_far_from_the_campaign_year_is_refused(client, party, campaign):
    client.force_login(party)
    response = client.post(
        reverse("dvk:campaign_part_add", args=[campaign.pk, "moc-thoi-gian"]),
        {"kind": "other", "label": "Mốc", "due": "31/12/2099"},
    )
    assert "nằm ngoài năm của phong trào (2026)" in response.content.decode()
    assert not campaign.milestones.filter(due__year=2099).exists()


def test_the_step_form_offers_only_allowed_steps(client, party, campaign):
    participant = campaign.participants.first()
    new = model_register(
        campaign=campaign,
        participant=participant,
        data=model_data(),
        user=party,
        on=date(2026, 2, 1),
    )
    client.force_login(party)
    choices = (
        client.get(reverse("dvk:model", args=[new.pk]))
        .context["step_form"]
        .fields["step"]
        .widget.choices
    )
    offered = [value for value, _label in choices]
    assert Step.IMPLEMENTING not in offered  # a new model must launch first
    assert Step.LAUNCHED in offered and Step.DROPPED in offered
