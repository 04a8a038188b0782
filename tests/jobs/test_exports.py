"""Each long export, started from its page, finishes as a job whose file is the one the direct
download gives, and whose download asks the export's own rule again."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from dvcq.jobs.models import ExportJob
from dvcq.org.models import Role, User


def _follow(client, response) -> ExportJob:
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == f"/tep-da-xuat/{job.pk}/"
    assert job.status == ExportJob.Status.DONE, job.message
    return job


def _download(client, job) -> bytes:
    response = client.get(f"/tep-da-xuat/{job.pk}/tai-ve/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _drop_role(user, role):
    user.role_grants.filter(role=role).delete()
    return User.objects.get(pk=user.pk)


@pytest.fixture
def reviewer(demo):
    return User.objects.get(username="tinh.danhgia")


def test_the_results_annex_of_the_province_is_made_in_the_background(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/van-ban/results/quang-ngai/2025/").text
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    response = client.post(
        "/van-ban/results/quang-ngai/2025/", {"format": "xlsx", "number": "15", "style": "admin"}
    )
    job = _follow(client, response)
    assert job.filename == "ket-qua-dan-van-2025-quang-ngai.xlsx"
    sheet = load_workbook(io.BytesIO(_download(client, job))).active
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert {"Xã Ba Thành", "Xã An Phú", "Xã Sơn Tịnh"} <= names

    # The compiler of a commune may not ask for it, nor read the province's file
    compiler = User.objects.get(username="bathanh.vanphong")
    client.force_login(compiler)
    assert client.post("/van-ban/results/quang-ngai/2025/", {"format": "pdf"}).status_code == 404
    # The reviewer who lost the role is refused at download
    _drop_role(reviewer, Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 403


def test_a_commune_report_still_downloads_at_once_and_cannot_be_posted(client, demo):
    client.force_login(User.objects.get(username="bathanh.vanphong"))
    page = client.get("/van-ban/annex/ba-thanh/2025/").text
    assert 'method="get"' in page
    assert client.post("/van-ban/annex/ba-thanh/2025/", {"format": "pdf"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_the_dashboard_spreadsheet_follows_the_filters_in_the_background(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/tong-hop/", {"year": 2025}).text
    assert 'action="/tong-hop/2025/bang-diem/xuat/?' in page
    job = _follow(client, client.post("/tong-hop/2025/bang-diem/xuat/?status=submitted"))
    direct = client.get("/tong-hop/2025/bang-diem.xlsx", {"status": "submitted"}).content
    rows = list(
        load_workbook(io.BytesIO(_download(client, job))).active.iter_rows(values_only=True)
    )
    assert rows == list(load_workbook(io.BytesIO(direct)).active.iter_rows(values_only=True))
    assert any("An Phú" in str(cell) for row in rows for cell in row)
    assert not any("Cẩm Thành" in str(cell) for row in rows for cell in row)  # published

    _drop_role(reviewer, Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 403
    assert client.post("/tong-hop/2025/bang-diem/xuat/").status_code == 403


def test_every_annex_of_every_commune_in_one_zip(client, reviewer):
    client.force_login(reviewer)
    page = client.get("/ky-danh-gia/").text
    assert 'data-testid="annexes-export"' in page
    job = _follow(client, client.post("/ky-danh-gia/phu-luc/", {"year": 2025, "format": "docx"}))
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job)))
    assert {"phu-luc-phan-cong-2025-ba-thanh.docx", "phu-luc-phan-cong-2025-an-phu.docx"} <= set(
        archive.namelist()
    )
    assert job.filename == "phu-luc-phan-cong-2025-quang-ngai-docx.zip"
    assert archive.read("phu-luc-phan-cong-2025-ba-thanh.docx").startswith(b"PK")

    # A commune's compiler is offered no such form and refused the request
    client.force_login(User.objects.get(username="bathanh.vanphong"))
    assert 'data-testid="annexes-export"' not in client.get("/ky-danh-gia/").text
    assert client.post("/ky-danh-gia/phu-luc/", {"year": 2025, "format": "pdf"}).status_code == 403
    # Moved to a commune, the reviewer no longer downloads the province's annexes
    reviewer.unit = User.objects.get(username="bathanh.vanphong").unit
    reviewer.save()
    client.force_login(reviewer)
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 403
