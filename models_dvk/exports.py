"""Links from the Dân vận khéo pages to their documents (the engine's export pages)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dvcq.documents import registry

from .models import Campaign, DvkModel

CAMPAIGN_DOCUMENTS = [
    ("dvk-registrations", {}, _("Phụ lục 1 — Biểu tổng hợp đăng ký mô hình")),
    ("dvk-results", {}, _("Phụ lục 4 — Biểu tổng hợp kết quả xây dựng, duy trì mô hình")),
    ("dvk-plan", {}, _("Hướng dẫn thực hiện phong trào")),
    ("dvk-report", {"period": "six_month"}, _("Báo cáo sơ kết 6 tháng")),
    ("dvk-report", {"period": "annual"}, _("Báo cáo tổng kết năm")),
]


def export_link(kind: str, campaign: Campaign, params: dict, label) -> dict:
    """One document: its export page (number, date, signer) and a direct link per format."""
    page = reverse("documents:export", args=[kind, campaign.unit.code, campaign.year])
    formats = ["docx", "pdf"] + (["xlsx"] if registry.get(kind).tabular else [])
    return {
        "label": label,
        "page": f"{page}?{urlencode(params)}" if params else page,
        "files": [(f.upper(), f"{page}?{urlencode({**params, 'format': f})}") for f in formats],
    }


def campaign_exports(campaign: Campaign, kinds: tuple[str, ...] = ()) -> list[dict]:
    return [
        export_link(kind, campaign, params, label)
        for kind, params, label in CAMPAIGN_DOCUMENTS
        if not kinds or kind in kinds
    ]


def scoresheet_export(model: DvkModel) -> dict:
    return export_link(
        "dvk-scoresheet", model.campaign, {"model": model.pk}, _("Biểu chấm điểm của mô hình")
    )
