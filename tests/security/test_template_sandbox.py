"""A custom Word template can print the documented placeholders and run nothing else."""

import os
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docxtpl import DocxTemplate

from dvcq.documents.custom_templates import (
    PLACEHOLDERS,
    _render,
    sample_report,
    template_environment,
)
from dvcq.documents.models import ReportTemplate

pytestmark = pytest.mark.django_db
EXPORT_URL = "/van-ban/annex/ba-thanh/2025/?format=docx"
UPLOAD_URL = "/van-ban/mau/annex/tai-len/"

PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ request }}",
    "{{ config }}",
    "{{ cycler }}",
    "{{ range(10) }}",
    "{{ co_quan.__class__ }}",
    "{{ co_quan['__class__'] }}",
    "{{ co_quan|attr('__class__') }}",
    "{{ noi_dung.subdocx }}",
    "{{ trich_yeu.upper() }}",
    "{{ trich_yeu|upper }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "{% set x = 1 %}",
    "{% if co_quan.__class__ %}có{% endif %}",
]
# What a leak would print: the working directory, a class or a module.
LEAKS = [os.getcwd(), "<class", "__builtins__", "<module", "<function", "docx.document"]


def _template(*lines: str, header: str = "", title: str = "") -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if title:
        document.core_properties.title = title
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for s in document.sections for p in s.header.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


def _upload(client, content: bytes):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile("mau.docx", content)}, follow=True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_upload_with_a_payload_is_refused_naming_it(client, admin_user, payload):
    client.force_login(admin_user)
    response = _upload(client, _template("{{ co_quan }}", payload, "{{p noi_dung }}"))
    assert "Mẫu dùng chỗ điền không có trong danh sách" in response.text
    first_tag = payload.split("%}")[0] + "%}" if payload.startswith("{%") else payload
    assert first_tag.replace("'", "&#x27;") in response.text
    assert "Mẫu đang dùng không thay đổi" in response.text
    assert not ReportTemplate.objects.exists()
    for leak in LEAKS:
        assert leak not in response.text


@pytest.mark.parametrize(
    ("where", "payload"),
    [("header", "{{ cycler.__init__.__globals__ }}"), ("title", "{{ lipsum.__globals__ }}")],
)
def test_a_payload_in_a_header_or_the_properties_is_refused_too(client, admin_user, where, payload):
    client.force_login(admin_user)
    response = _upload(client, _template("{{p noi_dung }}", **{where: payload}))
    assert payload in response.text
    assert not ReportTemplate.objects.exists()


def test_a_refused_upload_keeps_the_current_template(client, admin_user):
    client.force_login(admin_user)
    _upload(client, _template("MẪU CŨ", "{{p noi_dung }}"))
    stored = ReportTemplate.objects.get(kind="annex")
    response = _upload(client, _template("{{ cycler }}", "{{p noi_dung }}"))
    assert "{{ cycler }}" in response.text
    kept = ReportTemplate.objects.get(kind="annex")
    assert (kept.pk, kept.file.name, kept.original_name) == (
        stored.pk,
        stored.file.name,
        "mau.docx",
    )
    with kept.file.open("rb") as handle:
        assert "MẪU CŨ" in _text(handle.read())


def test_a_template_with_every_placeholder_uploads_and_renders(
    client, admin_user, compiler, ba_thanh_round
):
    markers = [marker for marker, _help in PLACEHOLDERS]
    content = _template(
        "MẪU TỈNH",
        *[m for m in markers if m != "{{p noi_dung }}"],
        "{{p noi_dung }}",
        "{% if loai_van_ban %}LOẠI CÓ{% else %}LOẠI TRỐNG{% endif %}",
        "{% if not trich_yeu %}TRÍCH YẾU TRỐNG{% elif noi_nhan %}TRÍCH YẾU CÓ{% endif %}",
        header="{{ so_ky_hieu }}",
    )
    client.force_login(admin_user)
    response = _upload(client, content)
    assert "Đã dùng mẫu Word mới" in response.text
    assert ReportTemplate.objects.filter(kind="annex").exists()
    client.force_login(compiler)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    text = _text(response.content)
    assert "MẪU TỈNH" in text
    assert "XÃ BA THÀNH" in text
    assert "Nội dung 1" in text  # the annex table where {{p noi_dung }} stood
    # One branch of each if is printed.
    assert ("LOẠI CÓ" in text) != ("LOẠI TRỐNG" in text)
    assert ("TRÍCH YẾU CÓ" in text) != ("TRÍCH YẾU TRỐNG" in text)
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_stored_payload_template_is_refused_at_export(client, compiler, ba_thanh_round, payload):
    # As a template stored before the check existed: written straight into storage.
    stored = ReportTemplate(kind="annex", original_name="cu.docx")
    stored.file.save(
        "annex.docx", ContentFile(_template("{{ co_quan }}", payload, "{{p noi_dung }}"))
    )
    client.force_login(compiler)
    response = client.get(EXPORT_URL, follow=True)
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Mẫu Word “cu.docx” không dùng được nữa" in response.text
    for leak in LEAKS:
        assert leak not in response.text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_render_sandbox_alone_prints_no_secret(payload):
    """Even without the placeholder check, Jinja runs in a sandbox with nothing to reach."""
    template = DocxTemplate(BytesIO(_template("{{ co_quan }}", payload, "{{p noi_dung }}")))
    try:
        template.render(
            {"co_quan": "ỦY BAN", "noi_dung": template.new_subdoc(), "trich_yeu": "x"},
            jinja_env=template_environment(),
            autoescape=True,
        )
    except Exception as error:  # SecurityError, an unknown filter…: refused, not run
        message = str(error)
        assert os.getcwd() not in message
        assert "__builtins__" not in message
        return
    out = BytesIO()
    template.save(out)
    text = _text(out.getvalue())
    assert "ỦY BAN" in text
    for leak in LEAKS:
        assert leak not in text


def test_the_render_refuses_a_payload_even_when_called_directly():
    with pytest.raises(Exception, match="không có trong danh sách"):
        _render(
            BytesIO(_template("{{ cycler.__init__.__globals__.os.getcwd() }}")),
            sample_report("annex"),
        )
