"""Under the Content-Security-Policy the pages still work and the browser reports no violation.

Chromium writes every refused script, handler or style to the console ("… violates the following
Content Security Policy directive …"); a header it cannot parse is reported there too.
"""

from playwright.sync_api import Page, expect

from dvcq.org.models import User
from evidence.models import EvidenceFile, EvidenceRecord
from models_dvk.models import Appraisal, Campaign, DvkModel
from scoring.models import Scorecard
from tests.browser.conftest import log_in

WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


def _watch(page: Page) -> list[str]:
    reported = []
    page.on(
        "console",
        lambda message: (
            reported.append(f"{page.url}: {message.text}")
            if any(word in message.text for word in WORDS)
            else None
        ),
    )
    page.on("pageerror", lambda error: reported.append(f"{page.url}: {error}"))
    return reported


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_main_pages_show_no_policy_violation(page: Page, live_server, demo_site):
    base = live_server.url
    evidence = EvidenceFile.objects.select_related("record").get(record__number="12/KH-UBND")
    record = evidence.record
    assignment = record.assignments.first()
    scorecard = Scorecard.objects.filter(round__unit__code="ba-thanh").order_by("-pk").first()
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    model = DvkModel.objects.filter(campaign=campaign).order_by("pk").first()
    appraisal = Appraisal.objects.filter(model__campaign=campaign).order_by("pk").first()
    admin = User.objects.get(username="admin")
    pages = {
        "bathanh.vanphong": [
            "/",
            f"/ky-danh-gia/{record.round_id}/",
            f"/ky-danh-gia/{record.round_id}/?sua={assignment.pk}",
            f"/minh-chung/noi-dung/{assignment.pk}/",
            f"/minh-chung/tai-lieu/{record.pk}/",
            f"/cham-diem/{scorecard.pk}/",
            "/van-ban/annex/ba-thanh/2026/",
        ],
        "tinh.danhgia": ["/tong-hop/", "/don-vi/"],
        "bathanh.xaydungdang": [
            f"/dan-van-kheo/{campaign.pk}/",
            f"/dan-van-kheo/mo-hinh/{model.pk}/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
            f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/",
        ],
        "admin": [
            "/quan-tri/",
            "/quan-tri/org/unit/",
            f"/quan-tri/org/user/{admin.pk}/change/",
            "/quan-tri/criteria/framework/add/",
        ],
    }
    reported = _watch(page)
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    for username, urls in pages.items():
        log_in(page, base, username)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
        for url in urls:
            page.goto(f"{base}{url}")
            page.wait_for_load_state("load")
        _log_out(page)
    assert reported == [], "\n".join(sorted(set(m.split(": ", 1)[1] for m in reported)))


def test_scripts_moved_out_of_the_templates_still_run(page: Page, live_server, demo_site):
    """The collapsible menu, the upload list and the confirm question before a delete."""
    base = live_server.url
    record = EvidenceRecord.objects.get(number="12/KH-UBND")
    reported = _watch(page)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, base, "bathanh.vanphong")

    page.locator(".navbar-toggler").click()
    expect(page.locator(".navbar-collapse.show")).to_be_visible()

    page.goto(f"{base}/minh-chung/tai-lieu/{record.pk}/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Xóa tài liệu").click()
    expect(page.get_by_role("button", name="Xóa tài liệu")).to_be_visible()
    assert questions and questions[0].startswith("Xóa tài liệu này?")
    record.refresh_from_db()
    assert record.deleted_at is None

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Xóa tài liệu").click()
    expect(page.get_by_text("Tài liệu đã xóa")).to_be_visible()
    record.refresh_from_db()
    assert record.deleted_at is not None
    assert reported == []
