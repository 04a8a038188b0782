"""Numbers in a query string that only look like numbers ("²" and "١" pass str.isdigit(), int()
refuses "²" and more than 4300 digits) are ignored, never a server error."""

import pytest

ODD = ["²", "١", "9" * 5000]


@pytest.mark.parametrize("value", ODD)
def test_the_dashboard_ignores_an_odd_year(client, reviewer, value):
    client.force_login(reviewer)
    assert client.get("/tong-hop/", {"year": value}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_the_assignment_grid_ignores_an_odd_row_to_edit(client, compiler, ba_thanh_round, value):
    client.force_login(compiler)
    response = client.get(f"/ky-danh-gia/{ba_thanh_round.pk}/", {"sua": value})
    assert response.status_code == 200
    assert b'name="form-0-' not in response.content  # no row opened for editing
