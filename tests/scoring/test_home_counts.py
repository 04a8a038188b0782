"""The reviewer's home counts what the dashboard it links to lists: the units awaiting review
in the dashboard's year, not a card left submitted in another year."""

import re

from scoring.models import Scorecard, Status


def test_awaiting_review_on_home_is_what_the_dashboard_link_lists(client, demo):
    # An old card left "submitted" (2024) must not be counted with the 2025 season.
    Scorecard.objects.filter(pk=demo.card_2024.pk).update(status=Status.SUBMITTED)
    client.force_login(demo.reviewer)
    home = client.get("/").text
    line = home.split('data-testid="awaiting-review">', 1)[1].split("</p>", 1)[0]
    assert "1 đơn vị đã nộp kết quả tự chấm năm 2025, chờ thẩm định" in line
    link = re.search(r'href="([^"]+)"', line).group(1).replace("&amp;", "&")
    assert link == "/tong-hop/?year=2025&status=submitted"
    dashboard = client.get(link)
    assert dashboard.context["total"] == 1


def test_units_reviewed_on_home_match_the_dashboard_total(client, demo):
    client.force_login(demo.reviewer)
    home = client.get("/")
    dashboard = client.get("/tong-hop/")
    assert home.context["reviewed_count"] == dashboard.context["total"] == 5
