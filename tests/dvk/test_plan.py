"""The campaign's plan (seed 004, KẾ HOẠCH …-KH/ĐU): every part in order in the PDF and the
DOCX with the campaign's own figures and dates, and its prose edited on the campaign's page by
the Party staff, with history."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from criteria.deadlines import deadline_dates
from dvcq.org.models import User
from models_dvk.models import MilestoneKind, PlanSection
from models_dvk.plan_sections import KEYS, plan_draft
from tests.documents.reading import pdf_text

pytestmark = pytest.mark.django_db
EXPORT = "/van-ban/dvk-plan/ba-thanh/2026/"

# Seed 004's parts, top to bottom.
SEED_004_ORDER = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 05-KH/ĐU",
    "KẾ HOẠCH",
    "thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
    "Thực hiện hướng dẫn của Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "2. Yêu cầu",
    "II. CHỈ TIÊU, NỘI DUNG XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO”",
    "1. Chỉ tiêu",
    "- Cấp xã có ít nhất 05 mô hình “Dân vận khéo”.",
    "- Có ít nhất 07 tập thể, cá nhân được công nhận điển hình.",
    "* Lưu ý:",
    "2. Nội dung xây dựng mô hình “Dân vận khéo”",
    "2.1. Lĩnh vực kinh tế",
    "2.2. Lĩnh vực văn hóa - xã hội",
    "2.3. Lĩnh vực quốc phòng - an ninh, dân tộc - tôn giáo",
    "2.4. Lĩnh vực xây dựng hệ thống chính trị",
    "III. ĐỐI TƯỢNG ĐĂNG KÝ, CÁC BƯỚC XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO”",
    "a) Tập thể:",
    "b) Cá nhân:",
    "Các tổ chức tham gia phong trào năm 2026 (8): Chi bộ Cơ quan UBND xã;",
    "Bước 1. Xác định nội dung mô hình và đăng ký thực hiện",
    "Bước 2. Triển khai thực hiện mô hình",
    "Bước 3. Khảo sát, kiểm tra, đánh giá kết quả thực hiện mô hình",
    "Bước 4. Tổng kết, biểu dương, nhân rộng",
    "IV. TIÊU CHÍ ĐÁNH GIÁ, XÉT CÔNG NHẬN MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”",
    "a) Đối với mô hình “Dân vận khéo”",
    "- Có hồ sơ lưu trữ đầy đủ theo quy định.",  # the 2026 checklist, its last criterion
    "b) Điển hình “Dân vận khéo”",
    "2.1. Nguyên tắc xét công nhận",
    "2.2. Quy trình thẩm định",
    "Gửi báo cáo về Đoàn thẩm định trước 03 ngày tổ chức hội nghị thẩm định.",
    "2.3. Công nhận các mô hình, điển hình “Dân vận khéo”",
    "- Hồ sơ đề nghị công nhận mô hình, điển hình “Dân vận khéo” cấp tỉnh:",
    "(báo cáo làm 03 bộ, đóng quyển)",
    "+ Danh sách đề nghị công nhận điển hình “Dân vận khéo” cấp tỉnh năm 2026.",
    "V. TỔ CHỨC THỰC HIỆN",
    "1. Ban Xây dựng Đảng",
    "về Ban Tuyên giáo và Dân vận Tỉnh ủy trước ngày 10/03/2026",
    "(hoàn thành trước ngày 15/10/2026)",
    "06 tháng đầu năm trước ngày 30/06/2026; Báo cáo năm trước ngày 30/11/2026",
    "hoàn thành trước ngày 25/11/2026",
    "2. Các cơ quan, đơn vị",
    "gửi thông tin về Ban Xây dựng Đảng trước ngày 05/03/2026",
    "Trên đây là Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
    "Nơi nhận",
    "T/M BAN THƯỜNG VỤ",
]


@pytest.fixture
def plan_campaign(campaign_2026):
    """The demo's 2026 campaign numbered as seed 004 (a KẾ HOẠCH), registration due 05/03."""
    campaign_2026.guide_number = "05-KH/ĐU"
    campaign_2026.save()
    campaign_2026.milestones.filter(kind=MilestoneKind.REGISTRATION).update(due=date(2026, 3, 5))
    return campaign_2026


def _docx_text(content: bytes) -> str:
    """The document's text in reading order: paragraphs and table cells as they come."""
    body = Document(BytesIO(content)).element.body
    # A code's hyphen is a non-breaking one (w:noBreakHyphen): Word shows it as "-".
    texts = [
        "".join("-" if t.tag == qn("w:noBreakHyphen") else t.text or "" for t in p.iter())
        for p in body.iter(qn("w:p"))
    ]
    return " ".join(" ".join(texts).split())


def _export(client, user, fmt: str) -> str:
    client.force_login(user)
    response = client.get(f"{EXPORT}?format={fmt}")
    assert response.status_code == 200
    return pdf_text(response.content) if fmt == "pdf" else _docx_text(response.content)


def _in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + len(part)


def _plan_url(campaign) -> str:
    return reverse("dvk:plan", args=[campaign.pk])


def _post(client, user, campaign, **texts):
    """Submit the editor as the page shows it, with `texts` changed."""
    draft = plan_draft(campaign)
    data = {"fingerprint": draft.fingerprint} | {k: draft.text(k) for k in KEYS} | texts
    client.force_login(user)
    return client.post(_plan_url(campaign), data)


# --- the document ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_plan_has_every_part_of_seed_004_in_order_with_the_campaigns_data(
    client, plan_campaign, demo, fmt
):
    text = _export(client, demo.party, fmt)
    _in_order(text, SEED_004_ORDER)
    # Every deadline it prints is the campaign's year's.
    assert {d.year for d in deadline_dates(text)} == {2026}
    assert "2021" not in text and "huyện" not in text


def test_the_plan_follows_the_campaigns_milestones_and_targets(client, plan_campaign, demo):
    plan_campaign.milestones.filter(kind=MilestoneKind.RECOGNITION).update(due=date(2026, 9, 30))
    plan_campaign.targets.filter(value=7).update(label="Có ít nhất 09 điển hình", value=9)
    text = _export(client, demo.party, "docx")
    assert "(hoàn thành trước ngày 30/09/2026)" in text and "15/10/2026" not in text
    assert "- Có ít nhất 09 điển hình." in text


def test_a_guidance_number_makes_it_a_huong_dan(client, campaign_2026, demo):
    text = _export(client, demo.party, "docx")  # the demo's own "12-HD/ĐU"
    assert "Số 12-HD/ĐU" in text and "HƯỚNG DẪN" in text
    assert "Trên đây là Hướng dẫn thực hiện" in text and "phần IV Hướng dẫn này" in text


# --- the editor -----------------------------------------------------------------------------


def test_an_edited_section_prints_as_edited_and_keeps_its_history(client, plan_campaign, demo):
    response = _post(client, demo.party, plan_campaign, purpose="- Mục đích do Ban soạn lại.")
    assert response.status_code == 302
    text = _export(client, demo.party, "pdf")
    _in_order(text, ["1. Mục đích", "- Mục đích do Ban soạn lại.", "2. Yêu cầu"])
    assert "Nâng cao nhận thức, trách nhiệm của các cấp ủy" not in text
    # Only the changed section got a row; the others still follow the data.
    assert list(
        PlanSection.objects.filter(campaign=plan_campaign).values_list("key", flat=True)
    ) == ["purpose"]

    _post(client, demo.party, plan_campaign, purpose="- Lần sửa thứ hai.")
    section = PlanSection.objects.get(campaign=plan_campaign, key="purpose")
    assert section.version == 2 and section.updated_by == demo.party
    history = list(section.history.order_by("history_date"))
    assert [h.text for h in history] == ["- Mục đích do Ban soạn lại.", "- Lần sửa thứ hai."]
    assert {h.history_user for h in history} == {demo.party}
    page = client.get(_plan_url(plan_campaign))
    assert 'data-testid="history-purpose"' in page.text and "Mục đích do Ban soạn lại." in page.text

    # "Restore the suggestion": stored empty, printed from the data again, the history kept.
    draft = plan_draft(plan_campaign)
    data = {"fingerprint": draft.fingerprint, "reset_purpose": "on"}
    data |= {k: draft.text(k) for k in KEYS}
    client.post(_plan_url(plan_campaign), data)
    section.refresh_from_db()
    assert section.text == "" and section.history.count() == 3
    assert "Nâng cao nhận thức, trách nhiệm" in _export(client, demo.party, "docx")


def test_an_edited_deadline_stays_as_written_and_the_editor_warns_of_another_year(
    client, plan_campaign, demo
):
    text = "- Các tổ chức đăng ký mô hình trước ngày 05/3/2025."
    _post(client, demo.party, plan_campaign, duties_units=text)
    plan_campaign.milestones.filter(kind=MilestoneKind.REGISTRATION).update(due=date(2026, 3, 1))
    assert text in _export(client, demo.party, "docx")
    page = client.get(_plan_url(plan_campaign))
    assert 'data-testid="deadline-warning"' in page.text
    assert "Hạn ngoài năm 2026: 05/03/2025." in page.text


def test_the_editor_page_is_prefilled_with_what_the_plan_prints(client, plan_campaign, demo):
    client.force_login(demo.party)
    detail = client.get(reverse("dvk:campaign", args=[plan_campaign.pk]))
    assert f'href="{_plan_url(plan_campaign)}"' in detail.text
    page = client.get(_plan_url(plan_campaign))
    assert page.status_code == 200
    for key in KEYS:
        assert f'name="{key}"' in page.text and f'data-testid="section-{key}"' in page.text
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy trước ngày 10/03/2026" in page.text
    assert "trước ngày 05/03/2026" in page.text
    assert 'data-testid="deadline-warning"' not in page.text
    assert f'href="{EXPORT}"' in page.text


def test_a_save_over_someone_elses_is_refused_and_keeps_what_was_typed(client, plan_campaign, demo):
    stale = plan_draft(plan_campaign).fingerprint
    _post(client, demo.party, plan_campaign, closing="Đoạn kết của người khác.")
    draft = plan_draft(plan_campaign)
    data = {k: draft.text(k) for k in KEYS} | {"fingerprint": stale, "closing": "Của tôi."}
    response = client.post(_plan_url(plan_campaign), data)
    assert response.status_code == 200
    assert 'data-testid="conflict"' in response.text and "Của tôi." in response.text
    assert PlanSection.objects.get(key="closing", campaign=plan_campaign).text == (
        "Đoạn kết của người khác."
    )


def test_only_the_campaigns_party_staff_edit_its_plan(client, plan_campaign, demo):
    url = _plan_url(plan_campaign)
    data = {"fingerprint": "", "purpose": "Sửa trái phép."}
    outsider = User.objects.get(username="anphu.vanphong")  # another commune
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    # Officers of the commune without the Party role, and the reviewer above, read the plan
    # (the export) but do not word it.
    for user in (demo.officer, demo.compiler, demo.leader, demo.reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, data).status_code == 403, user
    assert not PlanSection.objects.filter(campaign=plan_campaign).exists()
    client.force_login(demo.officer)
    detail = client.get(reverse("dvk:campaign", args=[plan_campaign.pk]))
    assert 'data-testid="plan-link"' not in detail.text
