from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from dvcq.org.models import Role
from tests.factories import UserFactory


def test_dates_and_points_are_written_the_vietnamese_way():
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ p|floatformat:2 }} {{ n }}')
    with translation.override("vi"):
        text = template.render(
            Context({"d": date(2024, 10, 23), "p": Decimal("78.5"), "n": Decimal("94.00")})
        )
    assert text == "23/10/2024 78,50 94,00"


def test_vietnamese_date_input_is_accepted():
    from django import forms

    class F(forms.Form):
        d = forms.DateField()

    with translation.override("vi"):
        form = F({"d": "24/10/2025"})
        assert form.is_valid()
    assert form.cleaned_data["d"] == date(2025, 10, 24)


@pytest.mark.django_db
def test_english_catalogue_translates_the_interface(client, ba_thanh):
    user = UserFactory(unit=ba_thanh, roles=[Role.OFFICER])
    client.force_login(user)
    assert "Trang chủ" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert "Home" in response.text
    assert "My tasks" in response.text
    assert "Trang chủ" not in response.text


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    import subprocess
    from pathlib import Path

    po = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "msgid" not in result.stdout, result.stdout


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Tên đăng nhập" in response.text
    assert response["Content-Language"] == "vi"
