"""One job through the real thing: queued in the database by the app, run by a separate
`manage.py db_worker` process, as `make run` and deploy/dvcq-worker.service run it (how the
worker reaches the test's database: tests/worker.py).
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from dvcq.jobs.models import ExportJob
from dvcq.org.jobs import invitations_job_start
from tests.factories import UserFactory
from tests.worker import ROOT, WAIT_SECONDS, copied_row, database_url, worker_run


def _status(job_id: int, copy) -> tuple[str, str]:
    if copy is None:
        job = ExportJob.objects.get(pk=job_id)
        return job.status, job.message
    return copied_row(copy, "SELECT status, message FROM jobs_exportjob WHERE id = ?", job_id)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_is_run_by_a_db_worker_process(settings, tmp_path, admin_user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    account = UserFactory(username="sontinh.vanphong", email="vanphong@sontinh.example")
    job = invitations_job_start(
        user=admin_user, accounts=[account], base_url="https://dvcq.quangngai.example/"
    )
    assert job.status == ExportJob.Status.QUEUED  # nothing runs it in this process

    url, copy = database_url(tmp_path)
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    (status, message), output = worker_run(env, tmp_path, lambda: _status(job.pk, copy))
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

    url, _copy = database_url(tmp_path)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": url,
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
