"""Nobody reaches another commune's evidence, and only the right people change it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dvcq.org.models import Role
from evidence.models import EvidenceFile, EvidenceRecord
from tests.evidence import files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(client, officer, item_4_3):
    client.force_login(officer)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "summary": "Kế hoạch tuyên truyền",
            "files": [SimpleUploadedFile("ke-hoach.pdf", files.pdf())],
        },
    )
    client.logout()
    return EvidenceFile.objects.get()


def _urls(stored: EvidenceFile, item_pk: int) -> dict[str, list[str]]:
    record = stored.record_id
    return {
        "get": [
            f"/minh-chung/noi-dung/{item_pk}/",
            f"/minh-chung/tai-lieu/{record}/",
            f"/minh-chung/tep/{stored.pk}/",
            f"/minh-chung/tep/{stored.pk}/?inline=1",
        ],
        "post": [
            f"/minh-chung/noi-dung/{item_pk}/them/",
            f"/minh-chung/noi-dung/{item_pk}/xem-xet/",
            f"/minh-chung/tai-lieu/{record}/tep/",
            f"/minh-chung/tai-lieu/{record}/xoa/",
            f"/minh-chung/tai-lieu/{record}/khoi-phuc/",
            f"/minh-chung/tai-lieu/{record}/sua/",
            f"/minh-chung/tai-lieu/{record}/bo/{item_pk}/",
            f"/minh-chung/tai-lieu/{record}/lien-ket/",
            f"/minh-chung/tep/{stored.pk}/thay/",
        ],
    }


def test_another_communes_officer_gets_404_everywhere(client, filed, item_4_3, an_phu):
    stranger = UserFactory(unit=an_phu, roles=[Role.OFFICER, Role.COMPILER])
    client.force_login(stranger)
    urls = _urls(filed, item_4_3.pk)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        response = client.post(
            url,
            {
                "summary": "x",
                "status": "accepted",
                "file": SimpleUploadedFile("a.pdf", files.pdf()),
            },
        )
        assert response.status_code == 404, url
    record = EvidenceRecord.objects.get()
    assert record.deleted_at is None and EvidenceFile.objects.count() == 1


def test_an_officer_cannot_file_for_items_of_other_positions(client, ba_thanh_round, officer):
    not_mine = ba_thanh_round.assignments.get(item__criterion__number=5, item__number=1)
    client.force_login(officer)
    assert client.get(f"/minh-chung/noi-dung/{not_mine.pk}/").status_code == 200
    response = client.post(f"/minh-chung/noi-dung/{not_mine.pk}/them/", {"summary": "x"})
    assert response.status_code == 403


def test_the_reviewer_reads_but_cannot_change(client, filed, item_4_3, reviewer):
    client.force_login(reviewer)
    urls = _urls(filed, item_4_3.pk)
    for url in urls["get"]:
        assert client.get(url).status_code == 200, url
    for url in urls["post"]:
        assert client.post(url, {"summary": "x", "status": "accepted"}).status_code == 403, url


def test_anonymous_visitors_are_sent_to_login(client, filed, item_4_3):
    for url in _urls(filed, item_4_3.pk)["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_files_have_no_public_url(client, filed, officer):
    client.force_login(officer)
    assert client.get(f"/media/{filed.file.name}").status_code == 404
    assert client.get(f"/{filed.file.name}").status_code == 404
