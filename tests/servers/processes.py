"""The real servers the several-servers tests start and always stop: Redis (Debian's
redis-server), an S3 server (moto's server mode) and gunicorn with the project's own config.

Each listens on a free loopback port and keeps its files in the test's temporary folder.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 30  # seconds for a server to answer
STOP_TIMEOUT = 10  # seconds for it to stop before it is killed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, what: str):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer in {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen, stop_signal: int) -> None:
    """`stop_signal` to the process group it leads (gunicorn's master and workers), then
    SIGKILL if it is still there after STOP_TIMEOUT."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, stop_signal)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)


@contextmanager
def _started(
    command: list[str], log: Path, env: dict | None = None, stop_signal: int = signal.SIGTERM
) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped whole by _stop
        )
    try:
        yield process
    finally:
        _stop(process, stop_signal)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Debian's redis-server, nothing kept on disk; yields its redis:// URL."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: `make install-test` installs it.")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
    url = f"redis://127.0.0.1:{port}/0"

    def answers() -> bool:
        try:
            return redis.Redis.from_url(url, socket_timeout=1).ping()
        except redis.ConnectionError:
            return False

    with _started(command, folder / "redis.log") as process:
        _wait_until(answers, process, folder / "redis.log", "redis-server")
        yield url


@contextmanager
def s3_server(bucket: str) -> Iterator[dict[str, str]]:
    """moto's S3 in server mode (HTTP, in a thread of this process) with `bucket` made; yields
    the AWS_* settings that point django-storages' S3Storage at it."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        config = {
            "AWS_S3_ENDPOINT_URL": f"http://{host}:{port}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "dvcq-test",
            "AWS_SECRET_ACCESS_KEY": "dvcq-test-secret",
            "AWS_STORAGE_BUCKET_NAME": bucket,
        }
        s3_client(config).create_bucket(Bucket=bucket)
        yield config
    finally:
        server.stop()


def s3_client(config: dict[str, str]):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=config["AWS_S3_ENDPOINT_URL"],
        region_name=config["AWS_S3_REGION_NAME"],
        aws_access_key_id=config["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=config["AWS_SECRET_ACCESS_KEY"],
    )


def s3_keys(config: dict[str, str]) -> list[str]:
    listing = s3_client(config).list_objects_v2(Bucket=config["AWS_STORAGE_BUCKET_NAME"])
    return [item["Key"] for item in listing.get("Contents", [])]


@contextmanager
def gunicorn(env: dict[str, str], folder: Path) -> Iterator[str]:
    """DVCQ under gunicorn with deploy/gunicorn.conf.py (one worker); yields its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
    }
    # `python -m` from the project folder: this checkout's code, not another installed copy.
    command = [sys.executable, "-m", "gunicorn", "dvcq.wsgi", "-c", "deploy/gunicorn.conf.py"]

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    # SIGQUIT: gunicorn's quick shutdown (SIGTERM waits for keep-alive connections).
    with _started(command, folder / "gunicorn.log", env, signal.SIGQUIT) as process:
        _wait_until(answers, process, folder / "gunicorn.log", f"gunicorn on {url}")
        yield url


@contextmanager
def db_worker(env: dict[str, str], folder: Path) -> Iterator[Path]:
    """The background-job worker (`manage.py db_worker`, as deploy/dvcq-worker.service runs
    it), polling often; yields its log file."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    with _started([*command, "--interval", "0.2"], folder / "worker.log", env):
        yield folder / "worker.log"
