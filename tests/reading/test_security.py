"""The reading views as the evidence views: a login, the rounds one sees, nothing of another
commune; staging is rate limited; the admin only reads what the jobs wrote."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvcq.org.models import Role
from dvcq.reading import views
from dvcq.reading.models import StagedReading
from evidence.models import EvidenceRecord
from tests.evidence import files
from tests.factories import UserFactory
from tests.reading.conftest import file_record, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(client, officer, item_4_3, reader):
    client.force_login(officer)
    file_record(client, item_4_3, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    client.logout()
    return EvidenceRecord.objects.get()


def test_the_file_readings_of_a_record_follow_the_record(
    client, record, an_phu, reviewer, other_reviewer
):
    url = f"/minh-chung/tai-lieu/{record.pk}/noi-dung-tep/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(unit=an_phu, roles=[Role.COMPILER]))
    assert client.get(url).status_code == 404
    client.force_login(other_reviewer)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)  # the province reviews Ba Thành
    assert client.get(url).json()["files"][0]["status"] == "waiting"


def test_staging_is_limited_per_person(client, officer, item_4_3, reader, monkeypatch):
    monkeypatch.setattr(views, "STAGE_LIMIT", 2)
    client.force_login(officer)
    url = f"/minh-chung/noi-dung/{item_4_3.pk}/doc-tep/"
    for n in range(2):
        response = client.post(url, {"file": upload(f"{n}.pdf", files.pdf(str(n)))})
        assert response.status_code == 201
    refused = client.post(url, {"file": upload("3.pdf", files.pdf("3"))})
    assert refused.status_code == 429 and "thử lại sau" in refused.json()["error"]
    assert StagedReading.objects.count() == 2


def test_the_staged_list_of_the_admin_is_read_only_and_costs_the_same_for_more_rows(
    client, officer, item_4_3, admin_user, reader
):
    url = f"/minh-chung/noi-dung/{item_4_3.pk}/doc-tep/"
    counts = []
    for total in (2, 8):
        client.force_login(officer)
        while StagedReading.objects.count() < total:
            n = StagedReading.objects.count()
            client.post(url, {"file": upload(f"{n}.pdf", files.pdf(f"tep {n}"))})
        client.force_login(admin_user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/quan-tri/reading/stagedreading/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    staged = StagedReading.objects.first()
    page = client.get(f"/quan-tri/reading/stagedreading/{staged.pk}/change/").text
    assert staged.original_name in page and 'name="original_name"' not in page
    assert client.get("/quan-tri/reading/stagedreading/add/").status_code == 403
    assert client.get("/quan-tri/reading/searchdocument/").status_code == 200


def test_odd_item_ids_posted_are_ignored_not_a_server_error(
    client, officer, item_4_3, ba_thanh_round, record, reader
):
    # "²" and "١" pass str.isdigit(); int() refuses "²", and 5000 digits; none is an id.
    mine = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    odd = ["²", "١", "9" * 5000, " 1", "-1", str(mine.pk)]
    client.force_login(officer)
    started = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/doc-tep/",
        {"file": upload("ke-hoach.pdf", files.pdf("ke hoach"))},
    ).json()
    linked = client.post(started["links_url"], {"assignments": odd})
    assert linked.status_code == 200 and linked.json() == {"link_to": [mine.pk]}
    response = client.post(f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": odd})
    assert response.status_code == 302
    assert set(record.assignments.all()) == {item_4_3, mine}
