"""A separate `manage.py db_worker` process for the tests that run a job through the real
thing, as `make run` and deploy/dvcq-worker.service run it.

The worker must see the test's database. On PostgreSQL it connects to the test database
itself; SQLite's test database lives in this process's memory, so it is copied (SQLite's online
backup) to a file the worker opens, and the outcome is read back from that file.
"""

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 60


def database_url(tmp_path: Path) -> tuple[str, Path | None]:
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


def copied_row(copy: Path, sql: str, pk: int) -> tuple:
    """One row of the worker's SQLite copy."""
    with sqlite3.connect(copy, timeout=5) as db:
        row = db.execute(sql, (pk,)).fetchone()
    db.close()
    return row


def worker_run(env: dict, tmp_path: Path, poll: Callable[[], tuple]) -> tuple[tuple, str]:
    """Runs a db_worker with `env` (over this process's environment) until `poll()`'s first
    value is "done" or "failed", or WAIT_SECONDS pass; returns poll's last answer and what
    the worker printed."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **env,
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        answer = poll()
        while answer[0] not in ("done", "failed") and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
            answer = poll()
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
    return answer, output
