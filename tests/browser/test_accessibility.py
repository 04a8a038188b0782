"""axe-core finds nothing serious or critical on any page of the demo, for any role.

Each account logs in once through the real form and walks its pages (tests/demo_pages.py, the
walk the weight test takes too) in one browser context; on each page axe-core
(tests/browser/vendor/axe-core/) runs with its default rules (WCAG 2 A and AA, best practices)
on a desktop screen, then, narrowed to a phone's width, checks that whatever scrolls sideways
can be scrolled from the keyboard. Last, the menus (collapsed on a phone) are checked open.
A failure lists each violation as page, rule, impact and the elements it found.

`AXE_REPORT=/path` appends every violation, of any impact, to that file as JSON lines (page,
rule, impact, elements, and for contrast the colours and ratio): the figures of issue 17.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import log_in, open_account_menu
from tests.demo_pages import PUBLIC_PAGES, demo_pages

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
ACCOUNTS = [
    "bathanh.vanphong",
    "tinh.danhgia",
    "bathanh.xaydungdang",
    "bathanh.lanhdao",
    "bathanh.canbo",
    "admin",
]
# What each violation brings back from the page: the rule, and per element its selector, the
# start of its HTML and what the check measured (colours and ratio for contrast).
RUN_AXE = """async (rules) => {
    const options = {resultTypes: ['violations']};
    if (rules) {
        options.runOnly = {type: 'rule', values: rules};
    }
    const results = await axe.run(document, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
        html: v.nodes.map(n => n.html.slice(0, 160)),
        data: v.nodes.map(n => (n.any[0] || n.all[0] || n.none[0] || {}).data || null),
    }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text()


def _violations(page: Page, axe_source: str, rules: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it stands (of only `rules` if given). Evaluated rather
    than added as a <script>: the Content-Security-Policy refuses inline scripts, and the page
    is checked under its policy."""
    if not page.evaluate("'axe' in window"):
        page.evaluate(axe_source)
    return page.evaluate(RUN_AXE, rules)


def _blocking(path: str, violations: list[dict]) -> list[str]:
    """The serious and critical violations, one line each; all of them to AXE_REPORT."""
    lines = []
    for violation in violations:
        if report := os.environ.get("AXE_REPORT"):
            with open(report, "a") as out:
                out.write(json.dumps({"path": path, **violation}, ensure_ascii=False) + "\n")
        if violation["impact"] not in BLOCKING:
            continue
        targets = violation["targets"]
        more = f" … {len(targets)} in all" if len(targets) > 5 else ""
        lines.append(
            f"{path} {violation['id']} ({violation['impact']}): {violation['help']} — "
            f"{', '.join(targets[:5])}{more}"
        )
    return lines


def _walk(page: Page, base: str, paths: list[str], axe_source: str) -> list[str]:
    found = []
    for path in paths:
        page.set_viewport_size(DESKTOP)
        response = page.goto(f"{base}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        found += _blocking(path, _violations(page, axe_source))
        # Wide tables scroll inside their box on a phone; the rest is as on the desktop.
        page.set_viewport_size(PHONE)
        found += _blocking(path, _violations(page, axe_source, ["scrollable-region-focusable"]))
    return found


def _menus(page: Page, base: str, axe_source: str) -> list[str]:
    """The main menu and the account menu, open on a phone."""
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/")
    open_account_menu(page)
    return _blocking("/ (menus open)", _violations(page, axe_source))


def test_public_pages_have_no_serious_violation(
    browser: Browser, live_server, demo_site, axe_source
):
    context = browser.new_context(viewport=DESKTOP)
    blocking = _walk(context.new_page(), live_server.url, PUBLIC_PAGES, axe_source)
    context.close()
    assert blocking == [], "\n".join(blocking)


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_of_an_account_has_no_serious_violation(
    browser: Browser, live_server, demo_site, axe_source, username
):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, live_server.url, username)
    expect(page).to_have_url(f"{live_server.url}/")
    blocking = _walk(page, live_server.url, demo_pages()[username], axe_source)
    blocking += _menus(page, live_server.url, axe_source)
    context.close()
    assert blocking == [], "\n".join(blocking)
