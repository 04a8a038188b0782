"""From a unit's settings and the export form to a rendered file."""

import datetime
from dataclasses import dataclass, field

from django.utils.text import slugify

from dvcq.http import CONTENT_TYPES
from dvcq.org.models import Unit

from .blocks import DocumentMeta, Report
from .doc_cache import cached_render, document_key
from .docx_renderer import render_docx
from .models import UnitDocumentSettings
from .pdf_renderer import render_pdf
from .xlsx_renderer import render_xlsx


@dataclass
class ExportOptions:
    """What the person exporting may set: number, date, signer, recipients, attachment."""

    style: str = "admin"
    number: str = ""
    symbol: str = "KH-UBND"
    date: datetime.date | None = None
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    label: str = ""
    attachment_number: str = ""
    attachment_date: datetime.date | None = None


def ascii_slug(text: str) -> str:
    """Readable file names without diacritics: "Ba Thành" → "ba-thanh" (đ → d too)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def document_settings_for(unit: Unit) -> UnitDocumentSettings:
    """The unit's saved settings, or defaults derived from its names (not saved)."""
    saved = UnitDocumentSettings.objects.filter(unit=unit).first()
    if saved:
        saved.unit = unit  # already loaded: the place name is read from it without a query
        return saved
    official = unit.official_name.strip()
    prefix = "ỦY BAN NHÂN DÂN"
    lines = [prefix, official[len(prefix) :].strip()] if official.startswith(prefix) else [official]
    superior = unit.parent
    return UnitDocumentSettings(
        unit=unit,
        admin_issuing_body="\n".join(line for line in lines if line),
        party_issuing_body=f"ĐẢNG ỦY {unit.name.upper()}",
        party_superior_body=f"ĐẢNG BỘ {superior.name.upper()}" if superior else "",
    )


def party_symbol(symbol: str) -> str:
    """ "KH-UBND" → "KH/ĐU": the same kind of document issued by the Party committee."""
    return f"{symbol.split('-', 1)[0]}/ĐU"


def export_options_defaults(
    settings: UnitDocumentSettings, style: str, symbol: str = "KH-UBND"
) -> ExportOptions:
    party = style == "party"
    return ExportOptions(
        style=style,
        symbol=party_symbol(symbol) if party else symbol,
        signer_authority=settings.party_signer_authority
        if party
        else settings.admin_signer_authority,
        signer_title=settings.party_signer_title if party else settings.admin_signer_title,
        signer_name=settings.party_signer_name if party else settings.admin_signer_name,
        recipients=[line for line in settings.recipients.splitlines() if line.strip()],
    )


def document_meta(
    settings: UnitDocumentSettings, options: ExportOptions, year: int
) -> DocumentMeta:
    party = options.style == "party"
    if party:
        issuing = [
            line for line in (settings.party_superior_body, settings.party_issuing_body) if line
        ]
    else:
        issuing = [
            line.strip() for line in settings.admin_issuing_body.splitlines() if line.strip()
        ]
    return DocumentMeta(
        style=options.style,
        issuing_body=issuing,
        number=options.number,
        symbol=options.symbol,
        place=settings.unit.place_name,
        date=options.date,
        year=year,
        signer_authority=options.signer_authority,
        signer_title=options.signer_title,
        signer_name=options.signer_name,
        recipients=options.recipients,
        margins_mm=(
            float(settings.margin_top),
            float(settings.margin_bottom),
            float(settings.margin_left),
            float(settings.margin_right),
        ),
    )


def render_report(report: Report, fmt: str) -> tuple[str, str, bytes]:
    """(filename, content type, bytes), as every exporter returns them. A document rendered
    before from the same content comes from the cache (see doc_cache) without rendering."""
    if fmt == "docx":
        from .custom_templates import custom_template, render_with_template

        template = custom_template(report.kind)

        def render() -> bytes:
            return render_with_template(report, template) or render_docx(report)

    elif fmt == "pdf":
        template = None

        def render() -> bytes:
            return render_pdf(report)

    elif fmt == "xlsx":
        template = None

        def render() -> bytes:
            return render_xlsx(report)

    else:
        raise ValueError(fmt)
    content = cached_render(document_key(report, fmt, template), render)
    return f"{report.filename_stem}.{fmt}", CONTENT_TYPES[fmt], content
