"""A province's own Word file in place of the built-in layout of a report kind (docxtpl).

The template holds the letterhead, page set-up and styles; the engine fills the placeholders
and puts the report's body (tables, paragraphs) where `{{p noi_dung }}` stands.

A Word file is code to Jinja, so a template may only name the documented placeholders: every
`{{ … }}` is one placeholder name, every `{% … %}` is `if [not] <placeholder>`, `elif …`, `else`
or `endif`. No attribute or item access, call, filter, test, loop or assignment: none of the
placeholders needs one, and each is a way out of the template. The check runs at upload and
again before every render (a template stored before it existed is refused at export), and the
render itself runs in a sandbox with no globals, filters or attributes as a second wall.
"""

import re
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .archive_guard import check_office_archive
from .blocks import Column, DocumentMeta, Paragraph, Report, Row, SectionBreak, Table
from .docx_renderer import DocxBody, draft_header_mark, recipient_lines
from .models import ReportTemplate

PLACEHOLDERS = [
    ("{{ co_quan }}", gettext_lazy("Cơ quan ban hành, mỗi dòng một dòng (ỦY BAN NHÂN DÂN / XÃ …)")),
    (
        "{{ so_ky_hieu }}",
        gettext_lazy("Dòng số, ký hiệu: “Số: 25/KH-UBND” hoặc “Số:     /KH-UBND”"),
    ),
    (
        "{{ dia_danh_ngay }}",
        gettext_lazy("Địa danh, ngày tháng: “Ba Thành, ngày 23 tháng 10 năm 2025”"),
    ),
    (
        "{{ loai_van_ban }}",
        gettext_lazy("Tên loại văn bản: KẾ HOẠCH, BÁO CÁO… (trống với phụ lục)"),
    ),
    ("{{ trich_yeu }}", gettext_lazy("Trích yếu nội dung")),
    ("{{p noi_dung }}", gettext_lazy("Toàn bộ nội dung (đoạn văn, bảng); đặt riêng một dòng")),
    ("{{ noi_nhan }}", gettext_lazy("Danh sách nơi nhận, mỗi nơi một dòng")),
    ("{{ tham_quyen_ky }}", gettext_lazy("Thẩm quyền ký: TM. ỦY BAN NHÂN DÂN")),
    ("{{ chuc_vu_ky }}", gettext_lazy("Chức vụ người ký: CHỦ TỊCH")),
    ("{{ nguoi_ky }}", gettext_lazy("Họ tên người ký")),
]
# The only statement a template may hold, shown under the placeholders.
CONDITION = (
    "{% if tên %}…{% else %}…{% endif %}",
    gettext_lazy(
        "Một đoạn chỉ in khi chỗ điền “tên” (một chỗ điền ở trên, không có p) có giá trị; "
        "“if not tên” khi nó trống; “else” không bắt buộc"
    ),
)
PLACEHOLDER_NAMES = frozenset(
    re.search(r"\w+(?= }})", marker).group() for marker, _help in PLACEHOLDERS
)
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# The tags shown to the administrator when a template is refused.
MAX_REPORTED_TAGS = 5
# A letterhead and a placeholder or two: docxtpl renders the XML as text through Jinja, about
# 25 MB of memory for every MB of it.
MAX_TEMPLATE_XML_BYTES = 2 * 1024 * 1024


class CustomTemplateError(Exception):
    """The stored template of a kind can no longer be rendered."""


class _TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja that can print a value and branch on it, and nothing else.

    The context holds python-docx objects (the body sub-document can save files), so even public
    attributes and methods stay out of reach.
    """

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False

    def is_safe_callable(self, obj) -> bool:
        return False

    def getitem(self, obj, argument):
        return self.unsafe_undefined(obj, str(argument))


def template_environment() -> _TemplateSandbox:
    env = _TemplateSandbox(autoescape=True)
    env.globals.clear()  # range, dict, lipsum, cycler, joiner, namespace
    env.filters.clear()
    env.tests.clear()
    return env


def _jinja_sources(template: DocxTemplate) -> list[str]:
    """Every text docxtpl hands to Jinja: body, headers, footers, footnotes, properties."""
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    footnotes = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    for part in template.docx.part.package.parts:
        if part.content_type == footnotes:
            blob = part.blob
            sources.append(template.patch_xml(blob.decode() if isinstance(blob, bytes) else blob))
    properties = template.docx.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        sources.append(getattr(properties, name) or "")
    return sources


def _tag_allowed(block: bool, tokens: list[tuple[str, str]]) -> bool:
    names = [value for kind, value in tokens if kind == "name"]
    if len(names) != len(tokens):  # an operator, string or number: access, call, filter…
        return False
    if not block:
        return len(names) == 1 and names[0] in PLACEHOLDER_NAMES
    match names:
        case ["else"] | ["endif"]:
            return True
        case ["if" | "elif", name] | ["if" | "elif", "not", name]:
            return name in PLACEHOLDER_NAMES
    return False


def _refused_tags(source: str, env: _TemplateSandbox) -> list[str]:
    """The `{{ … }}` and `{% … %}` tags of one Jinja source that the module docstring forbids."""
    refused = []
    tag = None  # (the tag's text, its tokens without whitespace) while inside one
    for _line, kind, value in env.lex(source):
        if kind in ("variable_begin", "block_begin"):
            tag = ([value], [])
        elif tag is not None:
            tag[0].append(value.strip() if kind in ("variable_end", "block_end") else value)
            if kind in ("variable_end", "block_end"):
                if not _tag_allowed(kind == "block_end", tag[1]):
                    refused.append("".join(tag[0]))
                tag = None
            elif kind != "whitespace":
                tag[1].append((kind, value))
    return refused


def template_check(template: DocxTemplate, env: _TemplateSandbox) -> None:
    """Raise ValidationError naming each tag that is not a documented placeholder."""
    refused: list[str] = []
    for source in _jinja_sources(template):
        try:
            tags = _refused_tags(source, env)
            env.parse(source)
        except TemplateSyntaxError as error:
            raise ValidationError(
                _("Mẫu có chỗ điền viết sai (%(error)s).") % {"error": error.message},
                code="template_syntax",
            ) from error
        refused += [tag for tag in tags if tag not in refused]
    if refused:
        shown = ", ".join(refused[:MAX_REPORTED_TAGS])
        if len(refused) > MAX_REPORTED_TAGS:
            shown += _(" và %(count)s chỗ khác") % {"count": len(refused) - MAX_REPORTED_TAGS}
        raise ValidationError(
            _(
                "Mẫu dùng chỗ điền không có trong danh sách: %(tags)s. Chỉ dùng được các chỗ "
                "điền trong danh sách, viết đúng như trong danh sách (có thể kèm "
                "{%% if tên %%}…{%% endif %%})."
            )
            % {"tags": shown},
            code="template_placeholder",
        )


def _render(source, report: Report) -> bytes:
    template = DocxTemplate(source)
    env = template_environment()
    template_check(template, env)
    body = template.new_subdoc()
    writer = DocxBody(body.subdocx, report.meta)
    for block in report.blocks:
        if not isinstance(block, SectionBreak):  # a sub-document has no sections of its own
            writer.add(block)
    meta = report.meta
    template.render(
        {
            "co_quan": Listing("\n".join(meta.issuing_body)),
            "so_ky_hieu": meta.number_line,
            "dia_danh_ngay": meta.date_line,
            "loai_van_ban": meta.doc_type,
            "trich_yeu": meta.subject,
            "noi_dung": body,
            "noi_nhan": Listing(
                "\n".join(recipient_lines(meta.recipients)) if meta.show_recipients else ""
            ),
            "tham_quyen_ky": meta.signer_authority,
            "chuc_vu_ky": meta.signer_title,
            "nguoi_ky": meta.signer_name,
        },
        jinja_env=env,
        autoescape=True,
    )
    if meta.is_draft:
        for index, section in enumerate(template.docx.sections):
            draft_header_mark(section, first=index == 0)
    out = BytesIO()
    template.save(out)
    return out.getvalue()


def custom_template(kind: str) -> ReportTemplate | None:
    """The custom Word template of a report kind, or None when it uses the built-in layout."""
    return ReportTemplate.objects.filter(kind=kind).first()


_LOOK_UP = object()


def render_with_template(report: Report, stored=_LOOK_UP) -> bytes | None:
    """The report through its kind's custom template (`stored`, looked up when not given), or
    None when the kind has none."""
    if stored is _LOOK_UP:
        stored = custom_template(report.kind)
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as handle:
            return _render(BytesIO(handle.read()), report)
    except ValidationError as error:  # a template stored before the placeholder check
        raise CustomTemplateError(
            _(
                "Mẫu Word “%(name)s” không dùng được nữa: %(error)s Quản trị hệ thống cần tải mẫu khác hoặc quay về mẫu mặc định."
            )
            % {"name": stored.original_name, "error": " ".join(error.messages)}
        ) from error
    except Exception as error:  # docxtpl, Jinja and lxml each raise their own kinds
        raise CustomTemplateError(
            _(
                "Mẫu Word “%(name)s” không dùng được nữa (%(error)s). Quản trị hệ thống cần tải mẫu khác hoặc quay về mẫu mặc định."
            )
            % {"name": stored.original_name, "error": error}
        ) from error


def sample_report(kind: str) -> Report:
    meta = DocumentMeta(
        issuing_body=["ỦY BAN NHÂN DÂN", "XÃ MẪU"],
        number="1",
        place="Mẫu",
        year=2025,
        doc_type="KẾ HOẠCH",
        subject="Văn bản thử mẫu",
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        recipients=["Đảng ủy xã"],
    )
    table = Table([Column("TT", 15), Column("Nội dung", 100)], [Row(["1", "Thử"])])
    return Report(kind, meta, [Paragraph("Đoạn văn thử."), table], "mau-thu")


def template_check_upload(*, kind: str, upload) -> bytes:
    """The content of `upload` once a sample report of `kind` renders through it; otherwise a
    ValidationError naming the file (size, archive, placeholders, a broken file)."""
    name = getattr(upload, "name", "mau.docx")
    if upload.size == 0 or upload.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” rỗng hoặc lớn hơn 5 MB.") % {"name": name}, code="template_size"
        )
    check_office_archive(upload, name=name, max_part_bytes=MAX_TEMPLATE_XML_BYTES)
    content = upload.read()
    try:
        _render(BytesIO(content), sample_report(kind))
    except ValidationError as error:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không dùng được làm mẫu Word: %(error)s Mẫu đang dùng không thay đổi."
            )
            % {"name": name, "error": " ".join(error.messages)},
            code=error.error_list[0].code,
        ) from error
    except Exception as error:  # any failure means the file cannot serve as a template
        raise ValidationError(
            _(
                "Tệp “%(name)s” không dùng được làm mẫu Word: %(error)s. Mẫu đang dùng không thay đổi."
            )
            % {"name": name, "error": error},
            code="template_broken",
        ) from error
    return content


@transaction.atomic
def template_save(*, kind: str, upload, user) -> ReportTemplate:
    """Keep `upload` as the template of `kind` once a sample report renders through it."""
    name = getattr(upload, "name", "mau.docx")
    content = template_check_upload(kind=kind, upload=upload)
    previous = ReportTemplate.objects.filter(kind=kind).first()
    old_file = previous.file.name if previous else None
    stored = previous or ReportTemplate(kind=kind)
    stored.original_name = name[:255]
    stored.uploaded_by = user
    stored.file.save(f"{kind}.docx", ContentFile(content), save=False)
    stored.full_clean()
    stored._history_user = user
    stored.save()
    if old_file and old_file != stored.file.name:
        stored.file.storage.delete(old_file)
    return stored


def template_delete(*, kind: str) -> None:
    """Back to the built-in layout."""
    for stored in ReportTemplate.objects.filter(kind=kind):
        stored.file.delete(save=False)
        stored.delete()
