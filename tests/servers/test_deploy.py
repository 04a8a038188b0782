"""deploy/: the environment file, the systemd units and the nginx site agree with the code."""

import re
import runpy

from tests.servers.processes import ROOT
from tests.test_settings import _manage

DEPLOY = ROOT / "deploy"


def _env_file() -> dict[str, str]:
    lines = (DEPLOY / "dvcq.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_environment_file_names_only_variables_something_reads():
    read = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read |= set(
        re.findall(r'environ\.get\("([A-Z0-9_]+)"', (DEPLOY / "gunicorn.conf.py").read_text())
    )
    assert set(_env_file()) - read == set()


def test_the_environment_file_filled_in_passes_the_deploy_check():
    # «…» marks what the operator fills in; the example's own words stand in for the values.
    filled = {name: value.replace("«", "").replace("»", "") for name, value in _env_file().items()}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **filled)
    assert result.returncode == 0, result.stdout + result.stderr
    assert filled["FILE_STORAGE"] == "storages.backends.s3.S3Storage"
    assert filled["CACHE_URL"].startswith("redis://")


def test_the_worker_runs_db_worker_with_the_web_service_s_user_and_environment():
    web = (DEPLOY / "dvcq.service").read_text()
    worker = (DEPLOY / "dvcq-worker.service").read_text()
    assert "ExecStart=/srv/dvcq/.venv/bin/python manage.py db_worker" in worker
    for line in ("User=dvcq", "WorkingDirectory=/srv/dvcq", "EnvironmentFile=/etc/dvcq/env"):
        assert line in web and line in worker


def test_nginx_takes_a_whole_record_and_buffers_it_before_an_instance_sees_it(settings):
    nginx = (DEPLOY / "nginx-dvcq.conf").read_text()
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx)[1])
    assert limit_mb * 1024 * 1024 > settings.EVIDENCE_MAX_RECORD_BYTES
    assert "proxy_request_buffering on;" in nginx
    assert "listen 443 ssl" in nginx and "location /static/" in nginx


def test_a_slow_line_is_waited_out_by_nginx_not_by_a_worker():
    """A 5 MB photo at 400 kbit/s takes about 110 s: nginx counts only the silences between
    packets, gunicorn gets the body whole and outlasts nginx's idle upstream connections, and
    the static files leave in their compressed copies."""
    nginx = (DEPLOY / "nginx-dvcq.conf").read_text()
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    def seconds(directive: str) -> int:
        return int(re.search(rf"^\s*{directive} (\d+)s;", nginx, re.M)[1])

    assert seconds("client_body_timeout") >= 120 and seconds("send_timeout") >= 120
    assert seconds("proxy_read_timeout") > gunicorn["timeout"]
    assert gunicorn["keepalive"] > 60  # nginx's upstream keepalive_timeout
    static = nginx[nginx.index("location /static/") :]
    assert "gzip_static on;" in static[: static.index("}")]
