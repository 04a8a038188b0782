import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The browser tests' allowance must not leak into a deployment check.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="k" * 20 + "-production-secret-" + "x" * 30,
        ALLOWED_HOSTS="dvcq.quangngai.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="False", SECRET_KEY="", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_env_example_lists_every_variable_the_settings_read():
    import re

    source = (ROOT / "dvcq" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env(?:bool|int|list|path)?\("([A-Z_]+)"', source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


def test_deploy_check_is_clean_behind_a_tls_proxy_as_the_readme_configures_it():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="k" * 20 + "-production-secret-" + "x" * 30,
        ALLOWED_HOSTS="dvcq.quangngai.gov.vn",
        CSRF_TRUSTED_ORIGINS="https://dvcq.quangngai.gov.vn",
        BEHIND_TLS_PROXY="True",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_behind_a_tls_proxy_a_forwarded_https_request_is_served_not_redirected(client, settings):
    # What BEHIND_TLS_PROXY sets; without it, production would redirect HTTPS requests forever.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["dvcq.quangngai.gov.vn"]
    forwarded = client.get(
        "/tai-khoan/dang-nhap/",
        HTTP_HOST="dvcq.quangngai.gov.vn",
        HTTP_X_FORWARDED_PROTO="https",
    )
    plain = client.get("/tai-khoan/dang-nhap/", HTTP_HOST="dvcq.quangngai.gov.vn")
    assert forwarded.status_code == 200
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://dvcq.quangngai.gov.vn/")


def test_the_deploy_example_forwards_the_scheme_the_settings_expect():
    nginx = (ROOT / "deploy" / "nginx-dvcq.conf").read_text(encoding="utf-8")
    settings_source = (ROOT / "dvcq" / "settings.py").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert '("HTTP_X_FORWARDED_PROTO", "https")' in settings_source
    assert "EnvironmentFile" in (ROOT / "deploy" / "dvcq.service").read_text(encoding="utf-8")
