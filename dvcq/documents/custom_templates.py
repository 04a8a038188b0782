"""A province's own Word file in place of the built-in layout of a report kind (docxtpl).

The template holds the letterhead, page set-up and styles; the engine fills the placeholders
and puts the report's body (tables, paragraphs) where `{{p noi_dung }}` stands.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate, Listing

from .blocks import Column, DocumentMeta, Paragraph, Report, Row, SectionBreak, Table
from .docx_renderer import DocxBody, recipient_lines
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
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class CustomTemplateError(Exception):
    """The stored template of a kind can no longer be rendered."""


def _render(source, report: Report) -> bytes:
    template = DocxTemplate(source)
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
        autoescape=True,
    )
    out = BytesIO()
    template.save(out)
    return out.getvalue()


def render_with_template(report: Report) -> bytes | None:
    """The report through its kind's custom template, or None when the kind has none."""
    stored = ReportTemplate.objects.filter(kind=report.kind).first()
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as handle:
            return _render(BytesIO(handle.read()), report)
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


@transaction.atomic
def template_save(*, kind: str, upload, user) -> ReportTemplate:
    """Keep `upload` as the template of `kind` once a sample report renders through it."""
    name = getattr(upload, "name", "mau.docx")
    if upload.size == 0 or upload.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” rỗng hoặc lớn hơn 5 MB.") % {"name": name}, code="template_size"
        )
    content = upload.read()
    try:
        _render(BytesIO(content), sample_report(kind))
    except Exception as error:  # any failure means the file cannot serve as a template
        raise ValidationError(
            _(
                "Tệp “%(name)s” không dùng được làm mẫu Word: %(error)s. Mẫu đang dùng không thay đổi."
            )
            % {"name": name, "error": error},
            code="template_broken",
        ) from error
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
