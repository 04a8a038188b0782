"""Every kind of page of the demo, for the demo account that uses it: the walk that
tests/test_weight.py (what each page weighs) and tests/browser/test_accessibility.py (what axe
finds on it) share. A page a role sees differently (the scorecard a compiler fills in, the one a
reviewer reviews) is listed for each of them.

The ids depend on the seed, so the paths are built from the database once it holds the demo.
"""

from criteria.models import AssessmentRound, Assignment
from evidence.models import EvidenceFile
from models_dvk.models import Appraisal, Campaign, DvkModel, Step
from scoring.models import Scorecard, Status

# Reached without logging in.
PUBLIC_PAGES = [
    "/tai-khoan/dang-nhap/",
    "/tai-khoan/quen-mat-khau/",
    "/tai-khoan/quen-mat-khau/da-gui/",
    "/tai-khoan/dat-lai/xong/",
]


def demo_pages() -> dict[str, list[str]]:
    """{username: [path, …]} over seed_demo's data."""
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    model = DvkModel.objects.filter(campaign=campaign).order_by("pk").first()
    self_assessed = DvkModel.objects.filter(campaign=campaign, step=Step.SELF_ASSESSED).first()
    appraisal = Appraisal.objects.filter(model__campaign=campaign).order_by("pk").first()
    target = campaign.targets.order_by("pk").first()
    record = EvidenceFile.objects.select_related("record").get(record__number="12/KH-UBND").record
    assignment = record.assignments.first()
    grid_round = AssessmentRound.objects.get(unit__code="ba-thanh", framework__year=2026)
    officers_item = Assignment.objects.filter(
        round=grid_round, lead_positions__name="Công chức Văn hóa - Xã hội"
    ).first()
    published = Scorecard.objects.filter(round__unit__code="ba-thanh").order_by("-pk").first()
    drafting = Scorecard.objects.get(round=grid_round, status=Status.DRAFTING)
    in_review = Scorecard.objects.filter(status=Status.IN_REVIEW).order_by("pk").first()
    reviewed_item = in_review.items.order_by("pk").first()
    pages = {
        "bathanh.vanphong": [
            "/tim-kiem/?q=ke+hoach",
            "/",
            "/khung-tieu-chi/",
            f"/khung-tieu-chi/{grid_round.framework_id}/",
            "/ky-danh-gia/",
            f"/ky-danh-gia/{record.round_id}/",  # the assignment grid, read-only
            f"/ky-danh-gia/{record.round_id}/?sua={assignment.pk}",  # one row open
            f"/ky-danh-gia/{record.round_id}/lich-su/",
            f"/ky-danh-gia/{record.round_id}/nhap-phu-luc/",
            f"/minh-chung/noi-dung/{assignment.pk}/",
            f"/minh-chung/tai-lieu/{record.pk}/",
            f"/minh-chung/ky/{record.round_id}/",
            "/cham-diem/",
            f"/cham-diem/{published.pk}/",
            f"/cham-diem/{published.pk}/lich-su/",
            f"/cham-diem/{published.pk}/ke-hoach/",  # the remediation plan
            f"/cham-diem/{drafting.pk}/",  # the self-score form
            f"/cham-diem/{drafting.pk}/nhap-excel/",
            "/thong-bao/",
            "/van-ban/thiet-lap/",
            "/tai-khoan/",
            "/tai-khoan/doi-mat-khau/",
            "/tep-da-xuat/",
            "/don-vi/ba-thanh/",
            "/van-ban/annex/ba-thanh/2026/",
        ],
        "tinh.danhgia": [
            "/tim-kiem/?q=tuyen+truyen",
            "/",
            "/tong-hop/",
            "/don-vi/",
            "/cham-diem/",
            f"/cham-diem/{in_review.pk}/",
            f"/cham-diem/{in_review.pk}/tham-dinh/{reviewed_item.pk}/",
            "/khung-tieu-chi/nhap/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
        ],
        "bathanh.xaydungdang": [
            "/",
            "/dan-van-kheo/",
            f"/dan-van-kheo/{campaign.pk}/",
            f"/dan-van-kheo/{campaign.pk}/ke-hoach/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/them/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/{target.pk}/",
            f"/dan-van-kheo/{campaign.pk}/nhap-excel/",
            f"/dan-van-kheo/mo-hinh/{model.pk}/",
            f"/dan-van-kheo/mo-hinh/{self_assessed.pk}/",
            f"/dan-van-kheo/mo-hinh/{self_assessed.pk}/sua/",
            f"/dan-van-kheo/mo-hinh/{self_assessed.pk}/tham-dinh/",
            f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
            f"/dan-van-kheo/{campaign.pk}/dien-hinh/",
            "/van-ban/dvk-report/ba-thanh/2026/",
            "/van-ban/dvk-registrations/ba-thanh/2026/",
            "/thong-bao/",
        ],
        "bathanh.lanhdao": ["/", f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/"],
        "bathanh.canbo": [
            "/tim-kiem/?q=12/KH-UBND",
            "/",
            "/thong-bao/",
            f"/minh-chung/noi-dung/{officers_item.pk}/",
            f"/dan-van-kheo/{campaign.pk}/dang-ky/",
        ],
        "admin": [
            "/",
            "/quan-tri/",
            "/quan-tri/org/unit/",
            "/quan-tri/org/unit/add/",
            "/quan-tri/models_dvk/participant/add/",
            f"/quan-tri/models_dvk/campaign/{campaign.pk}/change/",
            "/don-vi/khai-bao/",
            "/van-ban/mau/",
        ],
    }
    return pages
