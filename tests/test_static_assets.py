"""Communes run on intranets and bad lines: no page may fetch anything from the internet."""

import re
from pathlib import Path

import pytest

from dvcq.org.models import Role
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/don-vi/", "/don-vi/ba-thanh/", "/tai-khoan/doi-mat-khau/"])
def test_pages_load_no_external_asset(client, ba_thanh, reviewer, url):
    client.force_login(UserFactory(unit=ba_thanh.parent, roles=[Role.REVIEWER]))
    html = client.get(url).text
    assert not EXTERNAL.search(html)
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in html


def test_templates_and_static_files_name_no_external_host():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("templates", "static")
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and EXTERNAL.search(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []
