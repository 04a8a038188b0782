from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx import Document

from criteria.reports.annex import build_annex
from dvcq.documents.models import ReportTemplate, UnitDocumentSettings
from dvcq.documents.services import ExportOptions
from dvcq.org.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/van-ban/annex/ba-thanh/2025/"


def _docx_text(content: bytes) -> list[str]:
    document = Document(BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def test_the_annex_builder_runs_a_fixed_number_of_queries(
    ba_thanh_round, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        report = build_annex(ba_thanh_round, ExportOptions(label="Phụ lục I"))
    table = report.tables[0]
    assert sum(1 for row in table.rows if row.kind == "data") == 32
    assert sum(1 for row in table.rows if row.kind == "group") == 10


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")])
def test_each_format_downloads_with_a_readable_name(client, compiler, ba_thanh_round, fmt, magic):
    client.force_login(compiler)
    response = client.get(f"{URL}?format={fmt}")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="phu-luc-phan-cong-2025-ba-thanh.{fmt}"'
    )


def test_the_annex_docx_is_landscape_with_the_four_columns_of_seed_000(
    client, compiler, ba_thanh_round
):
    client.force_login(compiler)
    document = Document(
        BytesIO(client.get(f"{URL}?format=docx&attachment_number=25/KH-UBND").content)
    )
    section = document.sections[0]
    assert section.page_width > section.page_height
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == [
        "Phụ lục I",
        "PHÂN CÔNG NHIỆM VỤ THỰC HIỆN CẢI THIỆN VÀ NÂNG CAO ĐIỂM DÂN VẬN CỦA XÃ BA THÀNH NĂM 2025",
        "(Kèm theo Kế hoạch số 25/KH-UBND ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/2025 của UBND xã)",
    ]
    table = document.tables[0]
    assert len(table.columns) == 4
    assert table.rows[1].cells[0].text.startswith("Tiêu chí 1:")
    assert table.rows[2].cells[0].text == "Nội dung 1"


def test_the_export_form_overrides_number_date_and_signer(client, compiler, ba_thanh_round):
    UnitDocumentSettings.objects.create(
        unit=compiler.unit,
        admin_issuing_body="ỦY BAN NHÂN DÂN\nXÃ BA THÀNH",
        admin_signer_name="Phạm Văn Chủ Tịch",
    )
    client.force_login(compiler)
    page = client.get(URL)
    assert page.context["form"].initial["signer_name"] == "Phạm Văn Chủ Tịch"
    response = client.get(f"{URL}?format=xlsx&label=Phụ lục II")
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    # seed 000's grid still has warnings: the draft's note comes first, then the label
    assert sheet["A1"].value.startswith("DỰ THẢO: ")
    assert sheet["A2"].value == "Phụ lục II"


def test_an_impossible_date_in_the_form_is_refused(client, compiler, ba_thanh_round):
    client.force_login(compiler)
    response = client.get(f"{URL}?format=pdf&attachment_date=31/11/2026")
    assert response.status_code == 200
    assert "Ngày 31/11/2026 không tồn tại." in response.text


def test_other_communes_and_missing_years_are_404(client, other_compiler, compiler, ba_thanh_round):
    client.force_login(other_compiler)
    assert client.get(f"{URL}?format=pdf").status_code == 404
    assert client.get(URL).status_code == 404
    client.force_login(compiler)
    assert client.get("/van-ban/annex/ba-thanh/2031/").status_code == 404
    assert client.get("/van-ban/khong-co/ba-thanh/2025/").status_code == 404


def test_the_reviewer_exports_a_commune_below(client, reviewer, ba_thanh_round):
    client.force_login(reviewer)
    assert client.get(f"{URL}?format=docx").status_code == 200


def test_render_report_command(ba_thanh_round, tmp_path, capsys):
    call_command("render_report", "--list")
    assert "annex" in capsys.readouterr().out
    target = tmp_path / "phu-luc.pdf"
    call_command(
        "render_report",
        "annex",
        "--unit",
        "ba-thanh",
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        str(target),
    )
    assert target.read_bytes().startswith(b"%PDF")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("render_report", "annex", "--unit", "khong-co", "--year", "2025")


def test_compiler_edits_the_units_document_settings(client, compiler, ba_thanh_round, ba_thanh):
    client.force_login(compiler)
    page = client.get("/van-ban/thiet-lap/")
    form = page.context["form"]
    data = {
        name: form.initial.get(name, field.initial) or "" for name, field in form.fields.items()
    }
    data.update(admin_signer_name="Lê Văn Ký", margin_left="35")
    response = client.post("/van-ban/thiet-lap/", data)
    assert response.status_code == 302
    saved = UnitDocumentSettings.objects.get(unit=ba_thanh)
    assert saved.admin_signer_name == "Lê Văn Ký"
    document = Document(BytesIO(client.get(f"{URL}?format=docx").content))
    assert round(document.sections[0].left_margin.mm) == 35


def test_officers_cannot_change_document_settings(client, ba_thanh):
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.OFFICER]))
    assert client.get("/van-ban/thiet-lap/").status_code == 403


def _template_docx(body_marker="{{p noi_dung }}", broken=False) -> bytes:
    document = Document()
    document.add_paragraph("SỞ NỘI VỤ TỈNH MẪU — MẪU RIÊNG")
    document.add_paragraph("{{ co_quan }}")
    document.add_paragraph("{{ so_ky_hieu }} — {{ dia_danh_ngay }}")
    document.add_paragraph(body_marker)
    document.add_paragraph(
        "{{ tham_quyen_ky }} {{ nguoi_ky " if broken else "{{ tham_quyen_ky }} {{ nguoi_ky }}"
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_admin_replaces_the_template_and_goes_back(
    client, admin_user, compiler, ba_thanh_round, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    page = client.get("/van-ban/mau/")
    assert "{{p noi_dung }}" in page.text
    response = client.post(
        "/van-ban/mau/annex/tai-len/",
        {"file": SimpleUploadedFile("mau-tinh.docx", _template_docx())},
    )
    assert response.status_code == 302
    assert ReportTemplate.objects.get(kind="annex").original_name == "mau-tinh.docx"
    client.force_login(compiler)
    texts = _docx_text(client.get(f"{URL}?format=docx").content)
    assert "SỞ NỘI VỤ TỈNH MẪU — MẪU RIÊNG" in texts
    assert "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH" in texts
    assert "Nội dung 1" in texts  # the annex table went where {{p noi_dung }} stood
    client.force_login(admin_user)
    client.post("/van-ban/mau/annex/mac-dinh/")
    assert not ReportTemplate.objects.exists()
    client.force_login(compiler)
    assert "SỞ NỘI VỤ TỈNH MẪU — MẪU RIÊNG" not in _docx_text(
        client.get(f"{URL}?format=docx").content
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "không dùng được làm mẫu Word"),
        (b"not a word file", "không dùng được làm mẫu Word"),
        (b"", "rỗng"),
    ],
)
def test_a_broken_template_is_refused_and_the_default_still_works(
    client, admin_user, compiler, ba_thanh_round, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    content = _template_docx(broken=True) if content is None else content
    response = client.post(
        "/van-ban/mau/annex/tai-len/",
        {"file": SimpleUploadedFile("hong.docx", content)},
        follow=True,
    )
    assert message in response.text
    assert not ReportTemplate.objects.exists()
    client.force_login(compiler)
    assert client.get(f"{URL}?format=docx").status_code == 200


def test_only_admins_manage_templates(client, compiler):
    client.force_login(compiler)
    assert client.get("/van-ban/mau/").status_code == 403
    assert client.post("/van-ban/mau/annex/mac-dinh/").status_code == 403
