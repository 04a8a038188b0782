"""One job through the real thing: queued in the database by the app, run by a separate
`manage.py db_worker` process, as `make run` and deploy/dvcq-worker.service run it.

The worker must see the test's database. On PostgreSQL it connects to the test database
itself; SQLite's test database lives in this process's memory, so it is copied (SQLite's online
backup) to a file the worker opens, and the outcome is read back from that file.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from dvcq.jobs.models import ExportJob
from dvcq.org.jobs import invitations_job_start
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
WAIT_SECONDS = 60


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """A DATABASE_URL the worker can open holding what this test committed, and the SQLite
    file to read the result from (None on PostgreSQL, where this process reads it itself)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = settings["USER"], settings["PASSWORD"]
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}", None
    copy = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}", copy


def _status(job_id: int, copy: Path | None) -> tuple[str, str]:
    if copy is None:
        job = ExportJob.objects.get(pk=job_id)
        return job.status, job.message
    with sqlite3.connect(copy, timeout=5) as db:
        row = db.execute(
            "SELECT status, message FROM jobs_exportjob WHERE id = ?", (job_id,)
        ).fetchone()
    db.close()
    return row


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_is_run_by_a_db_worker_process(settings, tmp_path, admin_user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    account = UserFactory(username="sontinh.vanphong", email="vanphong@sontinh.example")
    job = invitations_job_start(
        user=admin_user, accounts=[account], base_url="https://dvcq.quangngai.example/"
    )
    assert job.status == ExportJob.Status.QUEUED  # nothing runs it in this process

    database_url, copy = _database_url(tmp_path)
    mail_dir = tmp_path / "mail"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        status, message = _status(job.pk, copy)
        while status not in ("done", "failed") and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
            status, message = _status(job.pk, copy)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert (status, message) == ("done", "Đã gửi 1 thư mời đặt mật khẩu."), output
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert "vanphong@sontinh.example" in sent
    assert "https://dvcq.quangngai.example/tai-khoan/loi-moi/" in sent


def _session(sid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process of the session `sid`."""
    ps = subprocess.run(
        ["ps", "-ww", "-eo", "sid=,pid=,args="], capture_output=True, text=True
    ).stdout
    rows = [line.split(None, 2) for line in ps.splitlines()]
    return [(int(pid), args) for s, pid, args in rows if int(s) == sid]


def _session_processes(sid: int) -> list[str]:
    return [args for _pid, args in _session(sid)]


def _kill_session(sid: int) -> None:
    for pid, _args in _session(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_make_runs_server_and_worker_together_and_ctrl_c_stops_both(tmp_path):
    import urllib.request

    database_url, _copy = _database_url(tmp_path)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    script = subprocess.Popen(
        ["scripts/run-with-worker", sys.executable, f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # A terminal's Ctrl+C: SIGINT to the script's foreground group, not ignored.
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and script.poll() is None
                time.sleep(0.3)
        running = _session_processes(script.pid)
        assert any("db_worker" in p for p in running), running
        assert any(f"runserver 127.0.0.1:{port}" in p for p in running), running
        os.killpg(script.pid, signal.SIGINT)
        assert script.wait(timeout=30) == 130
        time.sleep(0.5)
        assert _session_processes(script.pid) == []
    finally:
        # Whatever happened above, nothing of this test outlives it.
        _kill_session(script.pid)
        if script.poll() is None:
            script.kill()
            script.wait()
