"""Import of the Word annex a commune already has (built here from seed 000's rows)."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from criteria.models import Assignment
from criteria.services import round_create
from dvcq.org.models import Position
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_000_phan_cong_2025.txt"
HEADER = [
    "TT",
    "NỘI DUNG TIÊU CHÍ",
    "Cơ quan, ban, ngành, đơn vị được giao thực hiện nhiệm vụ",
    "Nội dung cần thực hiện",
]


def seed_annex_docx() -> bytes:
    """The seed's table as Word has it: three tables (page breaks), merged criterion rows."""
    document = Document()
    document.add_paragraph(
        "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN VÀ NÂNG CAO ĐIỂM DÂN VẬN CỦA XÃ BA THÀNH NĂM 2025"
    )
    chunks, current = [], []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == "TT" and current:
            chunks.append(current)
            current = []
        if len(cells) == 4:
            current.append(cells)
    chunks.append(current)
    for chunk in chunks:
        table = document.add_table(rows=0, cols=4)
        for cells in chunk:
            row = table.add_row()
            if cells[0].startswith("<b>"):
                merged = row.cells[0].merge(row.cells[3])
                merged.text = cells[0].removeprefix("<b>").removesuffix("</b>")
            else:
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def empty_round(ba_thanh, framework_2025, ba_thanh_positions):
    """A 2025 round whose grid was cleared, so the import has to rebuild it."""
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    for assignment in assessment_round.assignments.all():
        assignment.lead_positions.clear()
    assessment_round.assignments.update(action="", deadline=None, assignee_note="")
    return assessment_round


def _post_file(client, assessment_round, content, name):
    return client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_word_annex_preview_flags_the_three_kinds_of_problem(client, compiler, empty_round):
    client.force_login(compiler)
    response = _post_file(client, empty_round, seed_annex_docx(), "phu-luc.docx")
    preview = response.context["preview"]
    assert len(preview.rows) == 32
    warnings = {f"{r.criterion}.{r.number}": r.warnings for r in preview.rows}
    for code in ("6.1", "6.2", "6.4"):
        assert "Chưa giao cho ai" in warnings[code]
    assert "Hạn nộp 26/11/2021 nằm ngoài năm 2025" in warnings["1.1"]
    assert "Chưa có hạn nộp minh chứng" in warnings["10.3"]
    assert warnings["3.1"] == []
    # Nothing is saved by the preview.
    assert not Assignment.objects.filter(round=empty_round).exclude(action="").exists()


def test_confirming_reproduces_the_grid_of_seed_000(client, compiler, empty_round):
    client.force_login(compiler)
    response = _post_file(client, empty_round, seed_annex_docx(), "phu-luc.docx")
    # A generic phrase is another assignee, never a position to create.
    assert response.context["preview"].missing_positions == []
    response = client.post(
        f"/ky-danh-gia/{empty_round.pk}/nhap-phu-luc/xac-nhan/",
        {"create_position": ["các đơn vị liên quan"], "token": response.context["token"]},
    )
    assert response.status_code == 302
    grid = {
        a.item.code: a
        for a in Assignment.objects.filter(round=empty_round).select_related("item__criterion")
    }
    leads = lambda code: [p.name for p in grid[code].lead_positions.order_by("pk")]  # noqa: E731
    assert leads("1.1") == ["Công chức Văn phòng - Thống kê", "Khối vận Đảng ủy"]
    assert leads("6.1") == []
    assert grid["1.1"].deadline.isoformat() == "2021-11-26"
    assert grid["3.1"].deadline.isoformat() == "2025-10-24"
    assert grid["10.3"].deadline is None
    assert grid["3.1"].action.startswith("Tham mưu UBND xã ban hành các kế hoạch")
    assert not Position.objects.filter(unit=empty_round.unit, name="các đơn vị liên quan").exists()
    assert leads("5.2") == ["Công chức Tư pháp - Hộ tịch", "Công chức Địa chính"]
    assert grid["5.2"].assignee_note == "các đơn vị liên quan"
    assert grid["4.2"].assignee_note == "các ban ngành, đơn vị có liên quan"


def test_the_apps_own_xlsx_export_imports_back_unchanged(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    before = _grid_snapshot(assessment_round)
    client.force_login(compiler)
    exported = client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx").content
    response = _post_file(client, assessment_round, exported, "phu-luc.xlsx")
    assert len(response.context["preview"].rows) == 32
    client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/",
        {"token": response.context["token"]},
    )
    assert _grid_snapshot(assessment_round) == before


def _grid_snapshot(assessment_round):
    return {
        a.item.code: (
            sorted(p.name for p in a.lead_positions.all()),
            a.action,
            a.deadline,
            a.assignee_note,
        )
        for a in Assignment.objects.filter(round=assessment_round)
        .select_related("item__criterion")
        .prefetch_related("lead_positions")
    }


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "trong.docx", "rỗng"),
        (
            b"<html><body>bao cao</body></html>",
            "bao-cao.docx",
            "không phải tệp Word (.docx) hoặc Excel (.xlsx)",
        ),
        (None, "khong-co-bang.docx", "Không tìm thấy bảng phân công"),
    ],
)
def test_bad_files_get_a_clear_message_naming_the_file(
    client, compiler, empty_round, content, name, message
):
    if content is None:
        document = Document()
        document.add_paragraph("Chỉ có chữ, không có bảng.")
        out = BytesIO()
        document.save(out)
        content = out.getvalue()
    client.force_login(compiler)
    response = _post_file(client, empty_round, content, name)
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    if content:
        assert name in errors


def test_officers_and_other_communes_cannot_import(client, ba_thanh, empty_round, other_compiler):
    from dvcq.org.models import Role

    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.OFFICER]))
    assert client.get(f"/ky-danh-gia/{empty_round.pk}/nhap-phu-luc/").status_code == 403
    client.force_login(other_compiler)
    assert client.get(f"/ky-danh-gia/{empty_round.pk}/nhap-phu-luc/").status_code == 404
    assert client.post(f"/ky-danh-gia/{empty_round.pk}/nhap-phu-luc/xac-nhan/").status_code == 404


def test_cooperating_positions_survive_the_xlsx_round_trip(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    row = assessment_round.assignments.get(item__criterion__number=9, item__number=1)
    row.cooperating_positions.set([ba_thanh_positions["Công chức Địa chính"]])
    client.force_login(compiler)
    exported = client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx").content
    response = _post_file(client, assessment_round, exported, "phu-luc.xlsx")
    client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/",
        {"token": response.context["token"]},
    )
    row.refresh_from_db()
    assert [p.name for p in row.lead_positions.all()] == ["Công chức Văn phòng - Thống kê"]
    assert [p.name for p in row.cooperating_positions.all()] == ["Công chức Địa chính"]


def test_two_previews_in_two_tabs_each_confirm_their_own_file(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    row = assessment_round.assignments.get(item__criterion__number=3, item__number=1)
    Assignment.objects.filter(pk=row.pk).update(deadline=date(2025, 9, 9))
    client.force_login(compiler)
    own_export = client.get("/van-ban/annex/ba-thanh/2025/?format=xlsx").content
    first = _post_file(client, assessment_round, own_export, "phu-luc.xlsx").context["token"]
    _post_file(client, assessment_round, seed_annex_docx(), "phu-luc.docx")  # second tab
    client.post(f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/", {"token": first})
    row.refresh_from_db()
    # The first tab's file (the app's own export) was applied, not the seed's Word file.
    assert row.deadline == date(2025, 9, 9)


def test_a_grid_edited_after_the_preview_is_not_overwritten(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(compiler)
    token = _post_file(client, assessment_round, seed_annex_docx(), "phu-luc.docx").context["token"]
    Assignment.objects.filter(
        round=assessment_round, item__criterion__number=3, item__number=1
    ).update(version=9)
    response = client.post(
        f"/ky-danh-gia/{assessment_round.pk}/nhap-phu-luc/xac-nhan/", {"token": token}, follow=True
    )
    assert "đã được sửa sau khi bạn xem trước" in response.text


def test_a_file_of_another_year_is_flagged_as_a_whole(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    from criteria.services import framework_copy

    next_round = round_create(
        unit=ba_thanh, framework=framework_copy(framework=framework_2025, year=2026)
    )
    client.force_login(compiler)
    response = _post_file(client, next_round, seed_annex_docx(), "phu-luc-2025.docx")
    assert "Tệp có vẻ là phụ lục năm 2025" in response.context["preview"].problems[0]
