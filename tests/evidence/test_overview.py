import hashlib
import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evidence.models import ItemStatus
from tests.evidence import files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiler_with_evidence(client, compiler, officer, item_4_3, ba_thanh_round):
    client.force_login(officer)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "number": "12/KH-UBND",
            "issued_on": "2025-03-01",
            "summary": "Kế hoạch tuyên truyền",
            "files": [
                SimpleUploadedFile("ke-hoach.pdf", files.pdf()),
                SimpleUploadedFile("anh.png", files.png()),
            ],
        },
    )
    client.force_login(compiler)
    return compiler


@time_machine.travel(date(2025, 11, 1))
def test_overview_counts_and_filters(
    client,
    compiler_with_evidence,
    ba_thanh_round,
    ba_thanh_positions,
    django_assert_max_num_queries,
):
    url = f"/minh-chung/ky/{ba_thanh_round.pk}/"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["rows"]) == 32
    assert response.context["counts"][ItemStatus.SUBMITTED] == 1
    submitted = client.get(url, {"status": "submitted"}).context["rows"]
    assert [r["a"].item.code for r in submitted] == ["4.3"]
    assert submitted[0]["a"].record_count == 1
    overdue = client.get(url, {"overdue": "1"}).context["rows"]
    assert "4.3" not in [r["a"].item.code for r in overdue] and len(overdue) == 28
    culture = ba_thanh_positions["Công chức Văn hóa - Xã hội"].pk
    mine = client.get(url, {"position": culture}).context["rows"]
    assert [r["a"].item.code for r in mine] == ["3.4", "4.3"]
    assert [r["a"].item.code for r in client.get(url, {"criterion": "9"}).context["rows"]] == [
        "9.1",
        "9.2",
    ]


def test_binder_zip_has_folders_an_index_and_hashes(client, compiler_with_evidence, ba_thanh_round):
    response = client.get(f"/minh-chung/ky/{ba_thanh_round.pk}/ho-so.zip")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="ho-so-minh-chung-2025-ba-thanh.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    pdf_name = next(n for n in names if n.endswith(".pdf"))
    assert pdf_name.startswith("Tieu-chi-04/Noi-dung-4.3/")
    assert archive.read(pdf_name) == files.pdf()
    sums = archive.read("SHA256SUMS.txt").decode()
    assert f"{hashlib.sha256(files.pdf()).hexdigest()}  {pdf_name}" in sums
    index = load_workbook(io.BytesIO(archive.read("Muc-luc.xlsx"))).active
    rows = list(index.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tiêu chí", "Nội dung", "Số/ký hiệu")
    assert {r[6] for r in rows[1:]} == {n for n in names if n.startswith("Tieu-chi")}
    assert rows[1][2] == "12/KH-UBND"


def test_other_communes_cannot_see_the_overview_or_binder(
    client, compiler_with_evidence, ba_thanh_round, an_phu
):
    from dvcq.org.models import Role

    client.force_login(UserFactory(unit=an_phu, roles=[Role.COMPILER]))
    assert client.get(f"/minh-chung/ky/{ba_thanh_round.pk}/").status_code == 404
    assert client.get(f"/minh-chung/ky/{ba_thanh_round.pk}/ho-so.zip").status_code == 404
