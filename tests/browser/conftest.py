"""Browser tests drive Debian's Chromium (package `chromium`) through Playwright.

Playwright's own browser download does not work on these machines, so the launch points at
/usr/bin/chromium; `make test` installs it.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Root has no sandbox here; the rest keeps Chromium off the (closed) network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    # Playwright's sync API keeps an event loop in the main thread until the session ends; the
    # ORM calls made there (the tests' own, each flush, the final test-database teardown) are
    # synchronous and safe. Session scope because that teardown comes last of all.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo's data, committed once for the module's tests (the live server reads it from
    its own connection) and flushed after the last of them. The module's tests share it: a test
    that changes something leaves it changed for the next one of the same module."""
    from dvcq.demo.seed import demo_seed
    from tests.conftest import FAST_HASHERS

    media = tmp_path_factory.mktemp("site-media")
    with django_db_blocker.unblock():
        with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
            demo_seed()
        yield media
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """Replaces pytest-django's helper of the same name: a test on `demo_site` runs on the
    module's committed data instead of a database flushed after every test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if "demo_site" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    media = request.getfixturevalue("demo_site") if "demo_site" in request.fixturenames else None
    live_server = request.getfixturevalue("live_server")
    blocker = request.getfixturevalue("django_db_blocker")
    settings = request.getfixturevalue("settings")
    if media is not None:
        settings.MEDIA_ROOT = media
    live_server._live_server_modified_settings.enable()
    with blocker.unblock():
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def log_in(page, base_url: str, username: str) -> None:
    """Through the real login form, with the shared demo password."""
    from dvcq.demo.org_data import DEMO_PASSWORD

    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def open_account_menu(page) -> None:
    """The account menu, through the collapsed menu button when the window is narrow."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        # Wait for the collapse animation to end: a click during it can land on nothing.
        expect(page.locator(".navbar-collapse.show")).to_be_visible()
        expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    page.get_by_test_id("account-menu").click()
    expect(page.locator(".dropdown-menu.show")).to_be_visible()
