"""“Quên mật khẩu” sends a limited number of links an hour (counted in the cache)."""

import pytest
import time_machine
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = "/tai-khoan/quen-mat-khau/"


@pytest.fixture
def colleague(province):
    return UserFactory(unit=province, email="canbo@quangngai.example")


def test_a_fourth_link_for_one_address_within_the_hour_is_refused(client, colleague):
    for _ in range(3):
        assert client.post(RESET, {"email": "canbo@quangngai.example"}).status_code == 302
    refused = client.post(RESET, {"email": "CANBO@quangngai.example"})
    assert refused.status_code == 429
    assert "Đã có quá nhiều yêu cầu gửi liên kết. Vui lòng thử lại sau" in refused.text
    assert len(mail.outbox) == 3


def test_the_limit_lifts_when_the_hour_is_over(client, colleague):
    with time_machine.travel("2026-03-02 08:00 +07:00", tick=False) as clock:
        for _ in range(3):
            client.post(RESET, {"email": "canbo@quangngai.example"})
        assert client.post(RESET, {"email": "canbo@quangngai.example"}).status_code == 429
        clock.shift(3600)
        assert client.post(RESET, {"email": "canbo@quangngai.example"}).status_code == 302
    assert len(mail.outbox) == 4


def test_one_client_trying_many_addresses_is_stopped_too(client, province, settings):
    settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 2
    for n in range(2):
        assert client.post(RESET, {"email": f"nguoi{n}@khac.example"}).status_code == 302
    assert client.post(RESET, {"email": "nguoi9@khac.example"}).status_code == 429
