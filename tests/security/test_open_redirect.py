"""No `next` parameter sends a user off the site; a local one is followed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceRecord
from tests.evidence import files
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
OFF_SITE = [
    "https://evil.example",
    "https://evil.example/minh-chung/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    " https://evil.example",
]
LOCAL = "/minh-chung/?trang=2"


@pytest.fixture(autouse=True)
def _round(ba_thanh_round):
    """Ba Thành's round, so the officer's evidence pages have an item to show."""


@pytest.fixture
def record(client, officer, ba_thanh):
    item = ba_thanh.rounds.get().assignments.get(item__criterion__number=4, item__number=3)
    client.force_login(officer)
    client.post(
        f"/minh-chung/noi-dung/{item.pk}/them/",
        {
            "number": "269/BC-UBND",
            "issued_on": "2025-10-23",
            "issuer": "UBND xã Ba Thành",
            "summary": "Báo cáo",
            "files": [SimpleUploadedFile("bao-cao.pdf", files.pdf())],
        },
    )
    return EvidenceRecord.objects.get()


def _stays_on_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


def _upload(client, record, next_url):
    return client.post(
        f"/minh-chung/tai-lieu/{record.pk}/tep/",
        {"next": next_url, "files": [SimpleUploadedFile("them.pdf", files.pdf("them"))]},
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_file_upload_does_not_follow_an_off_site_next(client, record, target):
    response = _upload(client, record, target)
    assert response.status_code == 302
    assert response["Location"] == f"/minh-chung/tai-lieu/{record.pk}/"
    assert record.files.count() == 2  # the file itself is still taken


def test_a_file_upload_follows_a_local_next(client, record):
    response = _upload(client, record, LOCAL)
    assert response["Location"] == LOCAL


def test_a_file_upload_over_https_refuses_a_plain_http_next_to_the_same_host(client, record):
    response = client.post(
        f"/minh-chung/tai-lieu/{record.pk}/tep/",
        {
            "next": "http://testserver/minh-chung/",
            "files": [SimpleUploadedFile("a.pdf", files.pdf())],
        },
        secure=True,
    )
    assert response["Location"] == f"/minh-chung/tai-lieu/{record.pk}/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_does_not_follow_an_off_site_next(client, officer, target):
    response = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": officer.username, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert _stays_on_site(response["Location"])
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


def test_login_follows_a_local_next(client, officer):
    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": officer.username, "password": PASSWORD, "next": LOCAL}
    )
    assert response["Location"] == LOCAL


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_already_logged_in_user_is_not_sent_off_site_by_the_login_page(client, officer, target):
    client.force_login(officer)
    response = client.get("/tai-khoan/dang-nhap/", {"next": target})
    assert response.status_code == 302
    assert _stays_on_site(response["Location"])


@pytest.mark.parametrize("target", OFF_SITE)
def test_logout_does_not_follow_an_off_site_next(client, officer, target):
    client.force_login(officer)
    response = client.post("/tai-khoan/dang-xuat/", {"next": target})
    assert response.status_code in (200, 302)
    assert _stays_on_site(response.get("Location", "/"))


@pytest.mark.parametrize("target", OFF_SITE)
def test_changing_language_does_not_follow_an_off_site_next(client, officer, target):
    client.force_login(officer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code in (204, 302)
    assert _stays_on_site(response.get("Location", "/"))


def test_changing_language_follows_a_local_next(client, officer):
    client.force_login(officer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOCAL})
    assert response["Location"] == LOCAL


def test_every_redirect_target_from_the_request_goes_through_safe_next():
    """A view that reads `next` or the referrer itself would bypass the one check."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("dvcq", "criteria", "evidence", "scoring", "models_dvk"):
        for path in (root / app).rglob("*.py"):
            if path.name == "http.py" and path.parent.name == "dvcq":
                continue
            text = path.read_text()
            for needle in ('.get("next"', ".get('next'", "HTTP_REFERER", 'headers.get("Referer'):
                if needle in text:
                    offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
