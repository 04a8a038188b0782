"""The home page and the campaign's pages count the same models, and say what is set apart:
the demo's 2026 campaign has nine models, one of them dropped."""

import pytest
from django.urls import reverse

from models_dvk.models import Campaign, Step


def _count(html: str, after: str = "") -> str:
    """The text of the first model count after `after` on the page."""
    part = html.split(after, 1)[1] if after else html
    return part.split('data-testid="model-count">', 1)[1].split("</span>", 1)[0]


@pytest.fixture
def campaign_2026(demo):
    campaign = Campaign.objects.get(unit=demo.ba_thanh, year=2026)
    assert campaign.models.count() == 9
    assert campaign.models.filter(step=Step.DROPPED).count() == 1
    return campaign


def test_home_list_and_campaign_page_give_the_same_count_with_the_dropped_labelled(
    client, demo, campaign_2026
):
    client.force_login(demo.party)
    home = client.get("/").text
    assert _count(home, 'data-testid="home-party"') == "9 mô hình (1 đã loại bỏ)"
    listing = client.get(reverse("dvk:campaign_list")).text
    assert _count(listing, f'href="/dan-van-kheo/{campaign_2026.pk}/"') == (
        "9 mô hình (1 đã loại bỏ)"
    )
    page = client.get(reverse("dvk:campaign", args=[campaign_2026.pk])).text
    assert _count(page, 'id="mo-hinh"') == "9 mô hình (1 đã loại bỏ)"
    # Rows on the campaign page: nine, the dropped one among them.
    assert page.count('data-testid="step"') >= 9


def test_a_campaign_without_dropped_models_has_no_label(client, demo):
    client.force_login(demo.party)
    listing = client.get(reverse("dvk:campaign_list")).text
    campaign_2025 = Campaign.objects.get(unit=demo.ba_thanh, year=2025)
    assert _count(listing, f'href="/dan-van-kheo/{campaign_2025.pk}/"') == "3 mô hình"


def test_the_targets_page_says_the_dropped_model_is_not_counted(client, demo, campaign_2026):
    client.force_login(demo.party)
    page = client.get(reverse("dvk:targets", args=[campaign_2026.pk])).text
    assert 'data-testid="model-total">8<' in page
    assert "không tính 1 mô hình đã loại bỏ" in page
