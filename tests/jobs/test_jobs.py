"""Background jobs as a person meets them: ask, watch the progress page, find the file under
"Tệp đã xuất", download it (only they, only while they still may), see it go after 7 days.

Jobs run inside the request here (the immediate backend, tests/conftest.py); test_worker.py
runs one through a real `db_worker` process.
"""

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from dvcq.jobs.models import ExportJob
from dvcq.jobs.registry import JobKind, register
from dvcq.jobs.services import job_start
from dvcq.org.models import Role
from tests.evidence import files
from tests.factories import UserFactory


@pytest.fixture
def filed(client, compiler, officer, item_4_3, ba_thanh_round):
    """One record with a PDF in Ba Thành's 2025 round; the compiler logged in."""
    client.force_login(officer)
    client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "number": "12/KH-UBND",
            "issued_on": "2025-03-01",
            "summary": "Kế hoạch tuyên truyền",
            "files": [SimpleUploadedFile("ke-hoach.pdf", files.pdf())],
        },
    )
    client.force_login(compiler)
    return ba_thanh_round


def _binder_job(client, assessment_round) -> ExportJob:
    response = client.post(f"/minh-chung/ky/{assessment_round.pk}/ho-so/xuat/")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tep-da-xuat/{job.pk}/"
    return job


def test_the_binder_runs_as_a_job_and_waits_under_exported_files(client, compiler, filed):
    job = _binder_job(client, filed)
    page = client.get(f"/tep-da-xuat/{job.pk}/").text
    assert "Hồ sơ minh chứng Xã Ba Thành năm 2025" in page and "Đã xong" in page
    assert 'http-equiv="refresh"' not in page  # a finished job stops refreshing

    listing = client.get("/tep-da-xuat/").text
    assert "Hồ sơ minh chứng Xã Ba Thành năm 2025" in listing
    assert f"/tep-da-xuat/{job.pk}/tai-ve/" in listing

    response = client.get(f"/tep-da-xuat/{job.pk}/tai-ve/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ho-so-minh-chung-2025-ba-thanh.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    pdf = next(n for n in archive.namelist() if n.endswith(".pdf"))
    assert pdf.startswith("Tieu-chi-04/Noi-dung-4.3/") and archive.read(pdf) == files.pdf()
    # Stored under a generated name that says nothing of the unit
    job.refresh_from_db()
    assert job.file.name.startswith("exports/") and "ba-thanh" not in job.file.name
    assert job.size == job.file.size > 0


def test_the_progress_page_refreshes_itself_until_the_job_ends(client, compiler):
    job = ExportJob.objects.create(user=compiler, kind="binder", title="Hồ sơ", params={})
    client.force_login(compiler)
    page = client.get(f"/tep-da-xuat/{job.pk}/").text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Đang chờ" in page and "Có thể rời trang này" in page
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, progress=40, message="4/10 tệp"
    )
    page = client.get(f"/tep-da-xuat/{job.pk}/").text
    assert 'value="40"' in page and "4/10 tệp" in page and "Đang chạy" in page
    assert "<script>" not in page and "style=" not in page


def test_only_the_person_who_asked_sees_the_job_or_its_file(client, compiler, filed, ba_thanh):
    job = _binder_job(client, filed)
    colleague = UserFactory(unit=ba_thanh, roles=[Role.COMPILER])
    client.force_login(colleague)
    assert client.get(f"/tep-da-xuat/{job.pk}/").status_code == 404
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 404
    assert "Hồ sơ minh chứng" not in client.get("/tep-da-xuat/").text


def test_the_download_asks_the_binders_own_rule_again(client, compiler, filed, an_phu):
    job = _binder_job(client, filed)
    # The compiler moves to another commune: the round is no longer theirs to see.
    compiler.unit = an_phu
    compiler.save()
    client.force_login(compiler)
    assert client.get(f"/tep-da-xuat/{job.pk}/").status_code == 200
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 403


def test_a_job_for_a_round_the_user_cannot_see_is_refused(client, filed, an_phu):
    client.force_login(UserFactory(unit=an_phu, roles=[Role.COMPILER]))
    assert client.post(f"/minh-chung/ky/{filed.pk}/ho-so/xuat/").status_code == 404
    assert not ExportJob.objects.exists()


def test_files_are_kept_seven_days_then_cleaned_away(client, compiler, filed):
    job = _binder_job(client, filed)
    job.refresh_from_db()
    stored = job.file.name
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        client.force_login(compiler)  # the session of a week ago has expired
        call_command("clean_exports", stdout=io.StringIO())
        assert default_storage.exists(stored)
        assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        client.force_login(compiler)
        # Past its expiry a job is gone for its owner even before the nightly clean-up
        assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 404
        assert "Hồ sơ minh chứng" not in client.get("/tep-da-xuat/").text
        out = io.StringIO()
        call_command("clean_exports", stdout=out)
    assert "Đã xóa 1 tệp" in out.getvalue()
    assert not default_storage.exists(stored)
    assert not ExportJob.objects.exists()


def _explode(job, progress):
    progress(1, 2, "nửa chừng")
    raise RuntimeError("secret traceback detail")


register(JobKind("test-explode", run=_explode, allowed=lambda user, params: True))


def test_a_failed_job_says_so_without_the_details(client, compiler):
    job = job_start(user=compiler, kind="test-explode", title="Việc hỏng", params={})
    assert job.status == ExportJob.Status.FAILED and job.finished_at
    client.force_login(compiler)
    page = client.get(f"/tep-da-xuat/{job.pk}/").text
    assert "Không hoàn thành được" in page and "secret" not in page
    assert client.get(f"/tep-da-xuat/{job.pk}/tai-ve/").status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(client, compiler, django_assert_num_queries):
    for n in range(5):
        job = ExportJob.objects.create(user=compiler, kind="binder", title=f"Tệp {n}", params={})
        job.file.save(f"t{n}.zip", ContentFile(b"x"), save=True)
    client.force_login(compiler)
    # session, user, the jobs; then the menu's roles, unit and unread notifications
    with django_assert_num_queries(6):
        assert client.get("/tep-da-xuat/").status_code == 200


def test_the_account_menu_leads_to_exported_files(client, compiler):
    client.force_login(compiler)
    assert 'href="/tep-da-xuat/"' in client.get("/").text


def test_the_admin_lists_jobs_read_only(client, admin_user, compiler):
    job = ExportJob.objects.create(user=compiler, kind="binder", title="Hồ sơ 2025", params={})
    client.force_login(admin_user)
    assert "Hồ sơ 2025" in client.get("/quan-tri/jobs/exportjob/").text
    assert client.get(f"/quan-tri/jobs/exportjob/{job.pk}/change/").status_code == 200
    assert client.get("/quan-tri/jobs/exportjob/add/").status_code == 403
    client.post(f"/quan-tri/jobs/exportjob/{job.pk}/change/", {"title": "Khác"})
    job.refresh_from_db()
    assert job.title == "Hồ sơ 2025"
