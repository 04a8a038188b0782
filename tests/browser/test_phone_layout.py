"""At 360 px, the width of a common Android phone, no page scrolls sideways."""

import pytest
from playwright.sync_api import Browser, expect

from dvcq.demo.org_data import DEMO_PASSWORD

PAGES = [
    ("tinh.danhgia", "/", "trang-chu-danh-gia"),
    ("tinh.danhgia", "/don-vi/", "don-vi-truc-thuoc"),
    ("tinh.danhgia", "/tong-hop/", "tong-hop-cham-diem"),
    ("bathanh.vanphong", "/don-vi/ba-thanh/", "don-vi-ba-thanh"),
    ("bathanh.vanphong", "/ky-danh-gia/", "ky-danh-gia"),
    ("bathanh.vanphong", "/khung-tieu-chi/", "khung-tieu-chi"),
    ("bathanh.vanphong", "/van-ban/annex/ba-thanh/2026/", "xuat-phu-luc"),
    ("bathanh.vanphong", "/van-ban/thiet-lap/", "thiet-lap-van-ban"),
    ("admin", "/van-ban/mau/", "mau-van-ban"),
    ("bathanh.canbo", "/", "trang-chu-can-bo"),
    ("bathanh.xaydungdang", "/dan-van-kheo/", "dvk-phong-trao"),
    ("bathanh.xaydungdang", "/dan-van-kheo/{dvk_campaign}/", "dvk-phong-trao-2026"),
    ("bathanh.canbo", "/dan-van-kheo/{dvk_campaign}/dang-ky/", "dvk-dang-ky"),
    ("bathanh.xaydungdang", "/dan-van-kheo/mo-hinh/{dvk_model}/", "dvk-mo-hinh"),
    ("bathanh.xaydungdang", "/dan-van-kheo/mo-hinh/{dvk_model}/sua/", "dvk-sua-mo-hinh"),
    ("bathanh.xaydungdang", "/dan-van-kheo/{dvk_campaign}/nhap-excel/", "dvk-nhap-excel"),
    (None, "/tai-khoan/dang-nhap/", "dang-nhap"),
    ("bathanh.vanphong", "/ky-danh-gia/{grid_round}/lich-su/", "lich-su-phan-cong"),
    ("tinh.danhgia", "/cham-diem/{scorecard}/lich-su/", "lich-su-cham-diem"),
    # Tables that take input, one card per row: self-score, review, the grid's one-row form.
    ("bathanh.vanphong", "/cham-diem/{drafting}/", "tu-cham"),
    ("tinh.danhgia", "/cham-diem/{in_review}/", "tham-dinh"),
    ("tinh.danhgia", "/cham-diem/{in_review}/tham-dinh/{review_item}/", "tham-dinh-noi-dung"),
    ("bathanh.vanphong", "/cham-diem/{scorecard}/", "ket-qua-tham-dinh"),
    ("bathanh.vanphong", "/ky-danh-gia/{grid_round}/?sua={grid_row}", "phan-cong-sua"),
]


def _fill(path: str) -> str:
    """Demo records whose ids depend on the seed: Ba Thành's 2026 DVK campaign and a model."""
    if "{" not in path:
        return path
    from criteria.models import AssessmentRound
    from models_dvk.models import Campaign
    from scoring.models import ItemScore, Scorecard

    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    model = campaign.models.filter(step="self_assessed").first()
    grid_round = AssessmentRound.objects.get(unit__code="ba-thanh", framework__year=2026)
    scorecard = Scorecard.objects.get(round__unit__code="ba-thanh", round__framework__year=2024)
    drafting = Scorecard.objects.get(round__unit__code="ba-thanh", round__framework__year=2025)
    in_review = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
    return path.format(
        dvk_campaign=campaign.pk,
        dvk_model=model.pk,
        grid_round=grid_round.pk,
        grid_row=grid_round.assignments.order_by("pk").first().pk,
        scorecard=scorecard.pk,
        drafting=drafting.pk,
        in_review=in_review.pk,
        review_item=ItemScore.objects.filter(scorecard=in_review).order_by("pk").first().pk,
    )


def _dvk_path(which: str) -> str:
    """Paths of the DVK appraisal pages, known once the demo is loaded."""
    from models_dvk.models import Appraisal, Campaign

    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    appraisal = Appraisal.objects.get(model__campaign=campaign)
    return {
        "appraisal": f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/",
        "score": f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/",
        "exemplars": f"/dan-van-kheo/{campaign.pk}/dien-hinh/",
        "targets": f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
    }[which]


DVK_PAGES = [
    ("bathanh.xaydungdang", "appraisal", "dvk-tham-dinh"),
    ("bathanh.lanhdao", "score", "dvk-phieu-cham"),
    ("bathanh.xaydungdang", "exemplars", "dvk-dien-hinh"),
    ("bathanh.xaydungdang", "targets", "dvk-chi-tieu"),
    ("tinh.danhgia", "targets", "dvk-chi-tieu-danh-gia"),
]


# (site, account) → the browser state right after logging in, shared by the module's tests.
_sessions: dict = {}


@pytest.fixture(scope="module", autouse=True)
def _forget_sessions():
    """The module's site is flushed after it: its sessions go with it."""
    yield
    _sessions.clear()


@pytest.mark.parametrize(("username", "path", "name"), PAGES + DVK_PAGES)
def test_page_fits_a_phone_screen(
    browser: Browser, live_server, demo_site, screenshot_dir, username, path, name
):
    phone = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 1}
    phone |= {"is_mobile": True, "has_touch": True}
    signed_in = _sessions.get((live_server.url, username))
    context = browser.new_context(**phone, storage_state=signed_in)
    page = context.new_page()
    if username and signed_in is None:
        # Through the real login form once per account; its session cookie serves the rest.
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(f"{live_server.url}/")
        _sessions[(live_server.url, username)] = context.storage_state()
    path = _fill(path) if path.startswith("/") else _dvk_path(path)
    page.goto(f"{live_server.url}{path}")
    page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    # Tables that scroll inside their own box hide columns on a phone. The history and every
    # table holding a control (a box to fill, a button) read as cards instead, so they must fit.
    hidden = page.evaluate(
        "[...document.querySelectorAll('.table-responsive')]"
        ".filter(box => box.querySelector("
        "'.table-history, .table-cards, input:not([type=hidden]), select, textarea, button, .btn'))"
        ".some(box => box.scrollWidth > box.clientWidth)"
    )
    assert not hidden, f"{path} hides columns beyond the phone's width"
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone screen"
