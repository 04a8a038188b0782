"""The remediation plan drawn from Ba Thành's 2024 review (seed 001)."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dvcq.demo.scoring_data import BA_THANH_2024_DEDUCTIONS
from dvcq.documents import registry
from dvcq.documents.services import ExportOptions, render_report
from dvcq.org.models import Unit
from scoring.models import RemediationPlan
from tests.documents.reading import docx_paragraphs, pdf_text


def render_plan_command(unit: str, year: int, fmt: str = "docx") -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"plan.{fmt}"
        call_command(
            "render_report",
            "plan",
            unit=unit,
            year=year,
            format=fmt,
            output=str(target),
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
        return target.read_bytes()


def test_render_report_gives_seed_001s_plan_with_every_deduction_and_reason(
    client, demo, django_assert_num_queries
):
    text = docx_paragraphs(render_plan_command("ba-thanh", 2025))
    assert "KẾ HOẠCH" in text
    assert (
        "Khắc phục, cải thiện và nâng cao chỉ số dân vận chính quyền của xã Ba Thành năm 2025"
        in text
    )
    numbered = [t for t in text if t.startswith("(") and ") Nội dung " in t]
    assert [t.split(":")[0] for t in numbered] == [
        "(1) Nội dung 1, tiêu chí 1",
        "(2) Nội dung 2, tiêu chí 1",
        "(3) Nội dung 3, tiêu chí 1",
        "(4) Nội dung 1, tiêu chí 2",
        "(5) Nội dung 2, tiêu chí 2",
        "(6) Nội dung 3, tiêu chí 4",
        "(7) Nội dung 4, tiêu chí 6",
    ]
    for code, points, reason, responsibility, remedy in BA_THANH_2024_DEDUCTIONS:
        points_text = f"{points:.2f}".replace(".", ",")
        assert f"Bị trừ {points_text} điểm; Lý do: {reason}" in text, code
        assert f"+ Trách nhiệm tham mưu: {responsibility}" in text, code
        assert f"+ Hướng khắc phục: {remedy}" in text, code
    assert sum(t.startswith("Bị trừ 1,00 điểm; Lý do: ") for t in text) == 6
    assert text.count("- Xác định trách nhiệm và hướng khắc phục năm 2025:") == 7


def test_it_states_the_2024_totals_and_class_and_the_legal_bases(
    client, demo, django_assert_num_queries
):
    text = docx_paragraphs(render_plan_command("ba-thanh", 2025))
    # The 2024 result was the district's (seed 001: "huyện chấm"), whatever the tree is today.
    assert (
        "Năm 2024, điểm công tác dân vận của xã đạt tổng số 85,00 điểm (điểm xã tự chấm "
        "94,00 điểm, huyện chấm đạt 85,00 điểm; xếp loại: Hoàn thành xuất sắc nhiệm vụ)." in text
    )
    assert text[text.index("KẾ HOẠCH") + 2].startswith(
        "Thực hiện Quyết định số 114/QĐ-UBND ngày 23/01/2025 của UBND huyện Ba Tơ về việc "
        "phê duyệt kết quả đánh giá, phân loại công tác dân vận chính quyền năm 2024;"
    )
    self_scoring = next(t for t in text if "Báo cáo số 269/BC-UBND" in t)
    assert self_scoring.endswith("và gửi UBND huyện thẩm định.")
    assert not any("tỉnh chấm" in t for t in text)
    assert any(t.startswith("Thực hiện Kế hoạch số 40/KH-UBND ngày 25/02/2025") for t in text)
    assert any("Báo cáo số 269/BC-UBND ngày 23/10/2024" in t for t in text)
    headings = [t for t in text if t[:4] in ("I. M", "II. ", "III.", "IV. ")]
    assert [h.split(" ")[0] for h in headings] == ["I.", "II.", "III.", "IV."]
    # seed 001's find-and-replace damage is not reproduced
    assert not any("THỐNG KÊ xã" in t or "- UBND" in t for t in text)


def test_section_iii_lists_the_2025_tasks_with_lead_partners_and_deadline(
    client, demo, django_assert_num_queries
):
    text = docx_paragraphs(render_plan_command("ba-thanh", 2025))
    start = text.index("2. Mục tiêu, một số nhiệm vụ, giải pháp cụ thể")
    section = text[start : text.index("IV. TỔ CHỨC THỰC HIỆN")]
    criteria = [t for t in section if t.startswith("2.") and ". Tiêu chí " in t]
    assert len(criteria) == 10
    assert criteria[3] == (
        "2.4. Tiêu chí 4: Tiếp tục thực hiện tốt phong trào thi đua “Dân vận khéo” trên các "
        "lĩnh vực kinh tế, văn hóa, xã hội, an ninh, quốc phòng"
    )
    tasks = [t for t in section if t.startswith("- ")]
    assert len(tasks) == 32
    item_43 = next(i for i, t in enumerate(section) if t.startswith("- Thường xuyên giới"))
    assert section[item_43 + 1 : item_43 + 4] == [
        "+ Công chức tham mưu: Văn hóa - Xã hội.",
        "+ Các ngành phối hợp: Các ngành có liên quan.",
        "+ Thời gian thực hiện: Thường xuyên, cung cấp tài liệu minh chứng trước ngày 24/10/2025.",
    ]
    # items 3.1 to 3.3 share lead and deadline: one block for the three, as seed 001 does
    item_31 = next(i for i, t in enumerate(section) if t.startswith("- Triển khai thực hiện"))
    assert [t[:2] for t in section[item_31 : item_31 + 4]] == ["- ", "- ", "- ", "+ "]


def test_the_builder_runs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    kind = registry.get("plan")
    source = kind.resolve(demo.ba_thanh, 2025)
    with django_assert_num_queries(8):
        report = kind.build(source, ExportOptions())
    assert report.filename_stem == "ke-hoach-khac-phuc-2025-ba-thanh"


def test_the_pdf_has_the_same_content(client, demo, django_assert_num_queries):
    text = pdf_text(render_plan_command("ba-thanh", 2025, "pdf"))
    assert "huyện chấm đạt 85,00 điểm; xếp loại: Hoàn thành xuất sắc nhiệm vụ" in text
    assert "Bị trừ 3,00 điểm; Lý do:" in text


def test_without_a_stored_text_the_suggestion_comes_from_the_grid(
    client, demo, django_assert_num_queries
):
    RemediationPlan.objects.filter(scorecard=demo.card_2024).delete()
    text = docx_paragraphs(render_plan_command("ba-thanh", 2025))
    assert "+ Trách nhiệm tham mưu: Công chức Văn hóa - Xã hội và các ngành có liên quan." in text
    assert (
        "+ Hướng khắc phục: Giao Công chức Văn hóa - Xã hội phối hợp với các ngành có liên "
        "quan thường xuyên giới thiệu, tuyên truyền, nhân rộng các mô hình, điển hình “Dân "
        "vận khéo” trên các phương tiện thông tin đại chúng hoặc trong các đợt sinh hoạt "
        "cơ quan, đơn vị, địa phương." in text
    )
    # items without an assignee in the grid (6.4) still get a sentence
    assert "+ Trách nhiệm tham mưu: Các ban, ngành có liên quan." in text
    assert any(t.startswith("Tập trung đẩy mạnh để cải thiện") for t in text)


def test_without_a_next_year_grid_section_iii_says_so(client, demo, django_assert_num_queries):
    cam_thanh = Unit.objects.get(code="cam-thanh")
    source = registry.get("plan").resolve(cam_thanh, 2026)
    text = docx_paragraphs(
        render_report(registry.get("plan").build(source, ExportOptions()), "docx")[2]
    )
    assert any(t.startswith("Chưa có bảng phân công nhiệm vụ năm 2026") for t in text)
    assert "Bị trừ 1,50 điểm; Lý do: Tỷ lệ hồ sơ giải quyết trễ hẹn còn cao so với yêu cầu." in text


def test_a_year_without_a_review_has_no_plan(client, demo, django_assert_num_queries):
    with pytest.raises(CommandError):
        render_plan_command("an-phu", 2025)  # no 2024 round
    with pytest.raises(CommandError):
        render_plan_command("ba-thanh", 2026)  # 2025 still being scored
