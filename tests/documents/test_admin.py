"""The admin of document settings and Word templates: the same checks as the app's pages."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from dvcq.documents.custom_templates import template_save
from dvcq.documents.models import ReportTemplate, UnitDocumentSettings
from tests.factories import UnitFactory

TEMPLATES = "/quan-tri/documents/reporttemplate/"
SETTINGS = "/quan-tri/documents/unitdocumentsettings/"


def _docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


GOOD = ("MẪU CỦA TỈNH", "{{ co_quan }}", "{{p noi_dung }}", "{{ nguoi_ky }}")


def _upload(content: bytes, name: str = "mau-tinh.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_an_uploaded_template_is_kept_with_the_admin_as_author(client, admin_user, ba_thanh):
    client.force_login(admin_user)
    response = client.post(f"{TEMPLATES}add/", {"kind": "annex", "upload": _upload(_docx(*GOOD))})
    assert response.status_code == 302
    stored = ReportTemplate.objects.get(kind="annex")
    assert stored.original_name == "mau-tinh.docx"
    assert stored.uploaded_by == admin_user
    assert stored.history.latest().history_user == admin_user
    assert "MẪU CỦA TỈNH" in Document(stored.file.open("rb")).paragraphs[0].text


@pytest.mark.parametrize(
    ("paragraphs", "message"),
    [
        (("{{ co_quan.__class__ }}",), "chỗ điền không có trong danh sách"),
        (("{{ nguoi_ky ",), "không dùng được làm mẫu Word"),
    ],
)
def test_a_template_the_templates_page_refuses_is_refused_here_too(
    client, admin_user, paragraphs, message
):
    client.force_login(admin_user)
    response = client.post(
        f"{TEMPLATES}add/", {"kind": "annex", "upload": _upload(_docx(*paragraphs))}
    )
    assert response.status_code == 200
    assert message in response.text
    assert not ReportTemplate.objects.exists()


def test_a_bad_replacement_keeps_the_template_in_use(client, admin_user):
    stored = template_save(kind="annex", upload=_upload(_docx(*GOOD)), user=admin_user)
    client.force_login(admin_user)
    response = client.post(
        f"{TEMPLATES}{stored.pk}/change/",
        {"upload": _upload(b"not a word file", "hong.docx")},
    )
    assert response.status_code == 200
    assert "Tệp “hong.docx” không dùng được làm mẫu Word" in response.text
    stored.refresh_from_db()
    assert stored.original_name == "mau-tinh.docx"
    assert stored.history.count() == 1


def test_going_back_to_the_default_removes_the_file_and_keeps_the_history(client, admin_user):
    stored = template_save(kind="annex", upload=_upload(_docx(*GOOD)), user=admin_user)
    storage, name = stored.file.storage, stored.file.name
    client.force_login(admin_user)
    response = client.post(
        TEMPLATES, {"action": "reset_to_default", "_selected_action": [stored.pk]}, follow=True
    )
    assert "Đã quay về mẫu mặc định cho: annex." in response.text
    assert not ReportTemplate.objects.exists()
    assert not storage.exists(name)
    assert ReportTemplate.history.filter(history_type="-", history_user=admin_user).exists()


def _settings_form(unit, **changes) -> dict:
    data = {
        "unit": unit.pk,
        "admin_issuing_body": "ỦY BAN NHÂN DÂN\nXÃ BA THÀNH",
        "admin_signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "admin_signer_title": "CHỦ TỊCH",
        "admin_signer_name": "Nguyễn Văn A",
        "party_superior_body": "",
        "party_issuing_body": "ĐẢNG ỦY XÃ BA THÀNH",
        "party_signer_authority": "T/M BAN THƯỜNG VỤ",
        "party_signer_title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "party_signer_name": "",
        "recipients": "Đảng ủy xã",
        "margin_top": "20",
        "margin_bottom": "20",
        "margin_left": "30",
        "margin_right": "15",
    }
    return data | changes


def test_document_settings_are_validated_and_saved_with_history(
    client, admin_user, ba_thanh, an_phu
):
    settings = UnitDocumentSettings.objects.create(unit=ba_thanh, admin_issuing_body="UBND")
    client.force_login(admin_user)
    url = f"{SETTINGS}{settings.pk}/change/"
    response = client.post(url, _settings_form(ba_thanh, margin_left="2"))
    assert response.status_code == 200
    assert "lớn hơn hoặc bằng với 5" in response.text
    settings.refresh_from_db()
    assert settings.margin_left == Decimal("30")
    # The unit of saved settings does not move, whatever the POST says
    response = client.post(url, _settings_form(an_phu, admin_signer_name="Trần Thị B"))
    assert response.status_code == 302
    settings.refresh_from_db()
    assert (settings.unit, settings.admin_signer_name) == (ba_thanh, "Trần Thị B")
    assert settings.history.latest().history_user == admin_user


def test_the_settings_list_makes_no_query_per_row(client, admin_user, province):
    for number in range(50):
        unit = UnitFactory(parent=province, name=f"Xã Số {number:02}")
        UnitDocumentSettings.objects.create(unit=unit, admin_issuing_body="UBND")
    client.force_login(admin_user)
    model_admin = admin.site._registry[UnitDocumentSettings]
    counts = []
    for per_page in (5, 50):
        model_admin.list_per_page = per_page
        try:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(SETTINGS).status_code == 200
        finally:
            model_admin.list_per_page = 50
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 16
