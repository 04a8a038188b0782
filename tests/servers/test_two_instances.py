"""Two gunicorn instances behind one imaginary load balancer, sharing PostgreSQL, Redis and an S3
bucket, each with a local folder of its own: whatever one instance does, the other sees.

Runs on PostgreSQL only: two processes cannot share SQLite's in-memory test database. The
test's database is committed (`transactional_db`) and its name passed to the instances in
DATABASE_URL. A job queued through one instance is run by a worker process (`db_worker`) and
its file downloads through the other.
"""

import hashlib
import http.cookiejar
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from evidence.models import EvidenceFile
from tests.evidence import files
from tests.factories import UserFactory
from tests.servers.processes import db_worker, gunicorn, redis_server, s3_keys, s3_server

PASSWORD = "Mat-khau-hai-may-2026"


@dataclass
class Page:
    status: int
    headers: dict
    text: str
    body: bytes


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test reads each 302 itself


class Browser:
    """One person's browser: one cookie jar for both instances, as behind a load balancer
    (cookies ignore the port)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self._opener = build_opener(HTTPCookieProcessor(self.cookies), _KeepRedirects)

    def _open(self, request: Request) -> Page:
        try:
            response = self._opener.open(request, timeout=30)
        except HTTPError as error:  # 3xx, 4xx and 5xx: a page like any other here
            response = error
        with response:
            body = response.read()
        return Page(response.status, dict(response.headers), body.decode(errors="replace"), body)

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def get(self, url: str) -> Page:
        return self._open(Request(url))

    def post(self, url: str, fields: dict, upload: tuple[str, bytes] | None = None) -> Page:
        headers = {"X-CSRFToken": self.csrf()}
        if upload is None:
            data = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                for name, value in fields.items()
            ]
            data = (
                "".join(parts).encode()
                + (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                    f'filename="{upload[0]}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
            )
            data += upload[1] + f"\r\n--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return self._open(Request(url, data=data, headers=headers, method="POST"))

    def log_in(self, base: str, username: str, password: str = PASSWORD) -> Page:
        self.get(f"{base}/tai-khoan/dang-nhap/")
        return self.post(
            f"{base}/tai-khoan/dang-nhap/", {"username": username, "password": password}
        )


def _database_url() -> str:
    db = connection.settings_dict
    user, password = quote(db["USER"], safe=""), quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_instances(transactional_db, tmp_path):
    """(url_a, url_b, s3 settings, mail folder): two gunicorns, one database, one Redis, one
    bucket; each its own MEDIA_ROOT, which must stay empty."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two processes cannot share SQLite's in-memory test database")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    with redis_server(tmp_path / "redis") as cache_url, s3_server("dvcq-hai-may") as s3:
        env.update(
            s3,
            DATABASE_URL=_database_url(),
            CACHE_URL=cache_url,
            FILE_STORAGE="storages.backends.s3.S3Storage",
            SECRET_KEY="one-key-shared-by-every-instance-" + "x" * 30,
            ALLOWED_HOSTS="127.0.0.1",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(tmp_path / "mail"),
            LOG_LEVEL="WARNING",
        )
        with (
            gunicorn({**env, "MEDIA_ROOT": str(tmp_path / "a" / "media")}, tmp_path / "a") as a,
            gunicorn({**env, "MEDIA_ROOT": str(tmp_path / "b" / "media")}, tmp_path / "b") as b,
        ):
            yield a, b, s3, tmp_path / "mail", env
        # Every file went to the bucket; neither instance wrote one to its own disk.
        assert not (tmp_path / "a" / "media").exists() and not (tmp_path / "b" / "media").exists()


def _with_password(user):
    # A hash the instances can check (the test process hashes with MD5, which they do not
    # accept); few iterations, so each check is quick.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def test_a_login_through_one_instance_is_valid_on_the_other_and_so_is_the_logout(
    two_instances, province
):
    a, b, *_ = two_instances
    user = _with_password(
        UserFactory(username="tinh.danhgia", full_name="Lê Thị Duyệt", unit=province)
    )
    browser = Browser()
    assert browser.log_in(a, user.username).status == 302
    home = browser.get(f"{b}/")
    assert home.status == 200 and "Lê Thị Duyệt" in home.text

    assert browser.post(f"{b}/tai-khoan/dang-xuat/", {}).status == 302
    assert browser.get(f"{a}/").status == 302  # back to the login page


def test_an_upload_through_one_instance_downloads_through_the_other(
    two_instances, officer, item_4_3
):
    a, b, s3, *_ = two_instances
    _with_password(officer)
    browser = Browser()
    assert browser.log_in(b, officer.username).status == 302
    scan = files.pdf("Biên bản đối thoại với Nhân dân " * 3000)
    posted = browser.post(
        f"{a}/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "number": "12/BB-UBND",
            "issued_on": "23/10/2025",
            "issuer": "UBND xã Ba Thành",
            "summary": "Biên bản đối thoại với Nhân dân",
        },
        upload=("bien-ban.pdf", scan),
    )
    assert posted.status == 302, posted.text[-2000:]
    stored = EvidenceFile.objects.get()
    assert s3_keys(s3) == [stored.file.name]

    download = browser.get(f"{b}/minh-chung/tep/{stored.pk}/")
    assert download.status == 200
    assert hashlib.sha256(download.body).hexdigest() == hashlib.sha256(scan).hexdigest()


def test_login_throttling_and_rate_limits_count_across_instances(two_instances, province):
    a, b, _, mail, _ = two_instances
    user = _with_password(
        UserFactory(username="anphu.vanphong", unit=province, email="vp@anphu.example")
    )
    browser = Browser()
    # Five wrong passwords, split between the instances: locked out on both (django-axes,
    # counted in the database).
    for base in (a, b, a, b, a):
        browser.log_in(base, user.username, "sai-mat-khau")
    assert browser.log_in(b, user.username).status == 429
    assert browser.log_in(a, user.username).status == 429

    # Three password-reset links an hour for one address, counted in Redis: the fourth
    # request is refused whichever instance receives it.
    reset = "/tai-khoan/quen-mat-khau/"
    for base in (a, b, a):
        browser.get(f"{base}{reset}")
        assert browser.post(f"{base}{reset}", {"email": "vp@anphu.example"}).status == 302
    refused = browser.post(f"{b}{reset}", {"email": "vp@anphu.example"})
    assert refused.status == 429 and "quá nhiều yêu cầu" in refused.text
    assert len(list(Path(mail).iterdir())) == 3
    assert all("To: vp@anphu.example" in p.read_text() for p in Path(mail).iterdir())


def test_a_job_queued_through_one_instance_is_run_by_a_worker_and_downloads_through_the_other(
    two_instances, compiler, officer, item_4_3, tmp_path
):
    from dvcq.jobs.models import ExportJob

    a, b, _, _, env = two_instances
    _with_password(compiler)
    browser = Browser()
    assert browser.log_in(a, compiler.username).status == 302
    queued = browser.post(f"{a}/minh-chung/ky/{item_4_3.round_id}/ho-so/xuat/", {})
    assert queued.status == 302, queued.text[-2000:]
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.QUEUED  # no instance runs jobs itself
    with db_worker(env, tmp_path / "worker") as log:
        deadline = time.monotonic() + 60
        while job.status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.3)
            job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, log.read_text()[-3000:]
    download = browser.get(f"{b}/tep-da-xuat/{job.pk}/tai-ve/")
    assert download.status == 200 and download.body[:2] == b"PK"  # the binder's ZIP
    # Another person gets nothing through either instance.
    _with_password(officer)
    other = Browser()
    other.log_in(b, officer.username)
    assert other.get(f"{a}/tep-da-xuat/{job.pk}/tai-ve/").status == 404
