"""Security headers on every kind of page and on every file the app hands out.

The Content-Security-Policy runs no inline script, no on…= handler and no eval; no page can be
framed; the browser features are limited; nothing shown to a logged-in user stays in a cache;
an uploaded PDF shown in the browser runs sandboxed.
"""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from dvcq.files import stored_file_response
from dvcq.org.models import User
from evidence.models import EvidenceFile
from models_dvk.models import Appraisal, Campaign, DvkModel

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _policy_problems(url: str, response) -> list[str]:
    """What is wrong with the headers of one page; an empty list when all is well."""
    problems = []
    policy = _directives(response)
    script_src = policy.get("script-src") or policy.get("default-src") or []
    if not policy:
        problems.append("no Content-Security-Policy")
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src or not script_src:
        problems.append(f"script-src {script_src}")
    for name, value in (
        ("default-src", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ):
        if policy.get(name) != value:
            problems.append(f"{name} {policy.get(name)}")
    if "camera=(self)" not in response.headers.get("Permissions-Policy", ""):
        problems.append("no Permissions-Policy")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append("X-Frame-Options")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options")
    if response.headers.get("Referrer-Policy") != "same-origin":
        problems.append("Referrer-Policy")
    return [f"{url}: {problem}" for problem in problems]


def _no_store_problems(url: str, response) -> list[str]:
    cache = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    if {"private", "no-store"} <= cache:
        return []
    return [f"{url}: Cache-Control {response.headers.get('Cache-Control')!r}"]


def test_every_page_kind_carries_the_policy_and_is_never_cached(client, demo):
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    model = DvkModel.objects.filter(campaign=campaign).order_by("pk").first()
    appraisal = Appraisal.objects.filter(model__campaign=campaign).order_by("pk").first()
    evidence = EvidenceFile.objects.select_related("record").get(record__number="12/KH-UBND")
    record = evidence.record
    assignment = record.assignments.first()
    pages = {
        "bathanh.vanphong": [
            "/",  # home
            "/khung-tieu-chi/",  # lists
            "/ky-danh-gia/",
            f"/ky-danh-gia/{record.round_id}/",  # the assignment grid
            f"/minh-chung/noi-dung/{assignment.pk}/",  # item pages, with the upload form
            f"/minh-chung/tai-lieu/{record.pk}/",
            f"/minh-chung/ky/{record.round_id}/",
            "/cham-diem/",
            "/thong-bao/",
            "/van-ban/thiet-lap/",  # forms
            "/tai-khoan/doi-mat-khau/",
            "/van-ban/annex/ba-thanh/2026/",  # report export page
        ],
        "tinh.danhgia": ["/tong-hop/", "/don-vi/"],  # the reviewers' dashboard
        "bathanh.xaydungdang": [
            "/dan-van-kheo/",
            f"/dan-van-kheo/{campaign.pk}/",
            f"/dan-van-kheo/mo-hinh/{model.pk}/",
            f"/dan-van-kheo/{campaign.pk}/chi-tieu/",
            f"/dan-van-kheo/{campaign.pk}/dien-hinh/",
            "/van-ban/dvk-report/ba-thanh/2026/",
        ],
        "admin": ["/quan-tri/", "/quan-tri/org/unit/", "/quan-tri/org/unit/add/"],
    }
    if appraisal is not None:
        pages["bathanh.xaydungdang"].append(f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/")
    problems = []
    for username, urls in pages.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{url}: status {response.status_code}")
                continue
            problems += _policy_problems(url, response)
            problems += _no_store_problems(url, response)
    assert problems == []


def test_scorecard_page_carries_the_policy(client, demo):
    from scoring.models import Scorecard

    scorecard = Scorecard.objects.filter(round__unit__code="ba-thanh").order_by("-pk").first()
    client.force_login(User.objects.get(username="bathanh.vanphong"))
    response = client.get(f"/cham-diem/{scorecard.pk}/")
    assert response.status_code == 200
    assert _policy_problems("scorecard", response) == []
    assert _no_store_problems("scorecard", response) == []


@pytest.mark.django_db
def test_login_page_and_healthz_carry_the_policy(client):
    for url in ("/tai-khoan/dang-nhap/", "/quan-tri/login/", "/healthz"):
        response = client.get(url)
        assert response.status_code in (200, 503), url
        assert _policy_problems(url, response) == []


def test_generated_documents_are_never_cached(client, demo):
    record_round = EvidenceFile.objects.get(record__number="12/KH-UBND").record.round_id
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    downloads = {
        "bathanh.vanphong": [
            "/van-ban/annex/ba-thanh/2026/?format=docx",
            "/van-ban/annex/ba-thanh/2026/?format=pdf",
            "/van-ban/annex/ba-thanh/2026/?format=xlsx",
            f"/minh-chung/ky/{record_round}/ho-so.zip",
        ],
        "tinh.danhgia": ["/tong-hop/2025/bang-diem.xlsx"],
        "bathanh.xaydungdang": [f"/dan-van-kheo/{campaign.pk}/mau-phu-luc-1.xlsx"],
    }
    problems = []
    for username, urls in downloads.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{url}: status {response.status_code}")
                continue
            assert "attachment" in response.headers["Content-Disposition"], url
            problems += _no_store_problems(url, response)
            b"".join(getattr(response, "streaming_content", [b""]))
    assert problems == []


def test_evidence_pdf_preview_is_sandboxed_and_never_cached(client, demo):
    evidence = EvidenceFile.objects.get(record__number="12/KH-UBND")
    client.force_login(User.objects.get(username="bathanh.vanphong"))

    preview = client.get(f"/minh-chung/tep/{evidence.pk}/?inline=1")
    assert preview.headers["Content-Type"] == "application/pdf"
    assert preview.headers["Content-Disposition"].startswith("inline")
    assert preview.headers["Content-Security-Policy"] == "sandbox"
    assert _no_store_problems("preview", preview) == []
    download = client.get(f"/minh-chung/tep/{evidence.pk}/")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Security-Policy"] == "sandbox"
    assert _no_store_problems("download", download) == []


def test_dvk_pdf_document_is_shown_sandboxed(client, demo):
    from models_dvk.services.lifecycle import document_attach

    party = User.objects.get(username="bathanh.xaydungdang")
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    document = document_attach(
        campaign=campaign, upload=ContentFile(PDF, name="ke-hoach.pdf"), kind="plan", user=party
    )
    client.force_login(party)
    response = client.get(f"/dan-van-kheo/tai-lieu/{document.pk}/")
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert _no_store_problems("dvk document", response) == []


def test_svg_and_html_are_never_served_inline():
    for content_type in ("image/svg+xml", "text/html", "application/xhtml+xml"):
        response = stored_file_response(
            ContentFile(b"<svg/>"), filename="x.svg", content_type=content_type, inline=True
        )
        assert response.headers["Content-Disposition"].startswith("attachment"), content_type
        assert response.headers["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
def test_static_files_keep_their_caching(client, settings, compiler):
    # WhiteNoise serves them before the middleware that forbids caching, even to a logged-in user.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(compiler)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# --- templates: nothing inline that the policy would refuse -----------------------------------

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# Rendered to PDF by WeasyPrint only, never sent to a browser.
PRINT_ONLY = {ROOT / "templates" / "documents" / "print.html"}
# E-mail bodies: read by mail clients, which need inline styles and never see the CSP.
PRINT_ONLY |= set((ROOT / "templates" / "emails").glob("*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _inline_script_offenders(paths: list[Path]) -> list[str]:
    offenders = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        name = path.name
        for match in SCRIPT_TAG.finditer(text):
            attributes = match.group(1)
            if "src=" not in attributes and "nonce=" not in attributes:
                offenders.append(f"{name}: {match.group(0)}")
        offenders += [f"{name}: {m.group(0)}" for m in HANDLER.finditer(text)]
        offenders += [f"{name}: {m.group(0)}" for m in JS_URL.finditer(text)]
    return offenders


def test_no_template_has_an_inline_script_or_handler():
    assert len(TEMPLATES) > 40
    assert _inline_script_offenders(TEMPLATES) == []


def test_the_template_check_finds_inline_scripts_and_handlers(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<script>alert(1)</script><script src="/static/js/app.js"></script>'
        '<select onchange="this.form.submit()"></select><a href="javascript:go()">x</a>',
        encoding="utf-8",
    )
    assert len(_inline_script_offenders([bad])) == 3


def test_no_page_template_has_a_style_attribute():
    # style-src has no 'unsafe-inline': a style="" attribute would be ignored by the browser.
    # The scripts' own markup (innerHTML) counts too.
    scripts = sorted((ROOT / "static" / "js").glob("*.js"))
    offenders = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES + scripts
        if path not in PRINT_ONLY and STYLE_ATTRIBUTE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
