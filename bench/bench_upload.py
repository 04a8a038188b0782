"""Peak memory of the server while it receives a large evidence upload (not a test).

    .venv/bin/python bench/bench_upload.py [--mb 100]

Starts gunicorn on a throw-away SQLite database and uploads with curl (which streams from
disk), then reads the worker's peak resident memory (VmHWM) from /proc.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dvcq-upload-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "EVIDENCE_MAX_FILE_BYTES": str((args.mb + 10) * 1024 * 1024),
        "EVIDENCE_MAX_RECORD_BYTES": str((args.mb + 10) * 1024 * 1024),
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from criteria.models import Assignment
    from dvcq.demo.seed import demo_seed
    from dvcq.org.models import User

    call_command("migrate", verbosity=0)
    demo_seed()
    officer = User.objects.get(username="bathanh.canbo")
    item = Assignment.objects.get(
        round__unit__code="ba-thanh",
        round__framework__year=2026,
        item__criterion__number=4,
        item__number=3,
    )
    session = SessionStore()
    session["_auth_user_id"] = str(officer.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = officer.get_session_auth_hash()
    session.create()
    big = work / "lon.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        chunk = b"0" * (1024 * 1024)
        for _ in range(args.mb):
            handle.write(chunk)
        handle.write(b"\n%%EOF\n")

    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "dvcq.wsgi",
            "--bind",
            "127.0.0.1:8765",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        worker = int(subprocess.check_output(["pgrep", "-P", str(server.pid)]).split()[0])
        before = peak_kb(worker)
        token = secrets.token_hex(16)
        start = time.perf_counter()
        result = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                f"Cookie: sessionid={session.session_key}; csrftoken={token}",
                "-H",
                f"X-CSRFToken: {token}",
                "-H",
                "Referer: http://127.0.0.1:8765/",
                "-F",
                "summary=Bench",
                "-F",
                f"files=@{big}",
                f"http://127.0.0.1:8765/minh-chung/noi-dung/{item.pk}/them/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - start
        after = peak_kb(worker)
    finally:
        server.terminate()
        server.wait()
    stored = sum(p.stat().st_size for p in (work / "media").rglob("*") if p.is_file())
    print(
        f"upload {args.mb} MB: HTTP {result.stdout}, {elapsed:.1f} s, stored {stored / 1024 / 1024:.1f} MB"
    )
    print(
        f"worker peak RSS: before {before / 1024:.0f} MB, after {after / 1024:.0f} MB, "
        f"growth {(after - before) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
