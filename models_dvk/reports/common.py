"""What every Dân vận khéo document shares: the campaign it is about, the Party heading,
the "(Kèm theo …)" line, the rows grouped by organisation."""

from dataclasses import replace

from django.http import Http404
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.documents.blocks import (
    BLANK,
    Paragraph,
    Row,
)
from dvcq.documents.registry import Finality
from dvcq.documents.services import ExportOptions, document_meta, document_settings_for
from dvcq.org.models import Unit

from ..models import (
    Campaign,
    DvkModel,
    Field,
    Step,
    Subject,
)
from .data import MAIN_FIELDS, Figures, subject_counts

MOVEMENT = "phong trào thi đua “Dân vận khéo”"
X = "X"
# Districts were abolished on 1 July 2025: a campaign from 2026 on no longer names "huyện".
LAST_YEAR_WITH_DISTRICTS = 2025


def resolve_campaign(unit: Unit, year: int) -> Campaign:
    campaign = Campaign.objects.filter(unit=unit, year=year).select_related("unit__parent").first()
    if campaign is None:
        raise Http404
    return campaign


def results_finality(campaign: Campaign, models: list[DvkModel] | None = None) -> Finality:
    """A document of the campaign's results (Phụ lục 4, the annual report) is final once no
    model is still being appraised. One query, none when the live `models` are given."""
    if models is None:
        models = list(campaign.models.filter(step=Step.APPRAISING).order_by("name"))
    pending = [m.name for m in models if m.step == Step.APPRAISING]
    if not pending:
        return Finality()
    return Finality(
        reasons=[
            _("%(n)s mô hình đang thẩm định, chưa có quyết định công nhận: %(names)s.")
            % {"n": len(pending), "names": "; ".join(pending)}
        ]
    )


def split_number(full: str) -> tuple[str, str]:
    """ "12-HD/ĐU" → ("12", "HD/ĐU"); "" → ("", "")."""
    number, sep, symbol = full.partition("-")
    return (number.strip(), symbol.strip()) if sep else ("", "")


def party_meta(campaign: Campaign, options: ExportOptions, **changes):
    """The Party layout headed by the campaign's organiser rather than the unit's settings."""
    settings = document_settings_for(campaign.unit)
    meta = document_meta(settings, options, campaign.year)
    if meta.style == "party":
        superior = campaign.superior_body or settings.party_superior_body
        meta.issuing_body = [line for line in (superior, campaign.organiser.upper()) if line]
    return replace(meta, **changes)


def attachment_line(campaign: Campaign, options: ExportOptions, document: str) -> str:
    # A Party document number reads "…-BC/ĐU": the blank before the hyphen.
    number = options.attachment_number or f"{BLANK}-BC/ĐU"
    return wording.attachment(
        document, number, options.attachment_date, campaign.organiser, year=campaign.year
    )


def _field_lines(figures: Figures) -> list[str]:
    counts = figures.by_field
    fields = MAIN_FIELDS + [f for f in Field.values if f not in MAIN_FIELDS and counts.get(f)]
    return [f"- Lĩnh vực {Field(f).label}: {counts.get(f, 0)} mô hình" for f in fields]


def footer_rows(figures: Figures, width: int) -> list[Row]:
    """ "Tổng số mô hình theo lĩnh vực" and "Tổng số tập thể, cá nhân" under the table."""
    blank = [""] * (width - 2)
    collective, individual = subject_counts(figures.models)
    rows = [Row(["*", "Tổng số mô hình theo lĩnh vực:", *blank], kind="total")]
    rows += [Row(["", line, *blank]) for line in _field_lines(figures)]
    rows.append(Row(["*", "Tổng số tập thể, cá nhân xây dựng mô hình", *blank], kind="total"))
    rows.append(Row(["", f"- Tập thể: {collective} mô hình", *blank]))
    rows.append(Row(["", f"- Cá nhân: {individual} mô hình", *blank]))
    return rows


def subject_marks(model: DvkModel) -> list[str]:
    return [
        X if model.subject == Subject.COLLECTIVE else "",
        X if model.subject == Subject.INDIVIDUAL else "",
    ]


def grouped_rows(models: list[DvkModel], width: int, cells) -> list[Row]:
    """One numbered row per organisation ("1 | Chi bộ thôn Vàng"), its models under it as "-"."""
    rows, current, number = [], None, 0
    for model in models:
        if model.participant_id != current:
            current, number = model.participant_id, number + 1
            count = sum(1 for m in models if m.participant_id == current)
            rows.append(
                Row([str(number), model.participant.name, count, *[""] * (width - 3)], kind="total")
            )
        rows.append(Row(["-", *cells(model)]))
    return rows


# The first column of both annex tables.
NAME_TITLE = "Xã, phường, thị trấn, cơ quan đơn vị/ Tên mô hình"


def unit_line(campaign: Campaign) -> Paragraph:
    """The "TÊN ĐƠN VỊ……" line above an annex (seed 002): the organiser, in capitals."""
    return Paragraph(campaign.organiser.upper(), bold=True, align="left", indent=False)


def field_order_note() -> str:
    return "; ".join(str(label) for label in Field.labels)


def annex_notes(campaign: Campaign, results: bool) -> list[Paragraph]:
    """The "Ghi chú" under Phụ lục 1 (`results` False) and Phụ lục 4, as seed 002 words them,
    the fields being the app's and "huyện" gone from a campaign after the 2025 reform."""
    places = "phòng, ban, cơ quan, đơn vị, thôn, bản, tổ dân phố, xã, phường"
    if results:
        places = places.removeprefix("phòng, ban, ")
    if campaign.year <= LAST_YEAR_WITH_DISTRICTS:
        places += ", huyện"
    lines = [
        "(2): Chi bộ, phòng, ban, đơn vị, đoàn thể / Tên mô hình (xếp tuần tự theo từng lĩnh "
        "vực sau: KT; VHXH; QPAN; XDĐ&HTCT; …).",
        "(3): Số lượng (1, 2, 3…).",
        f"(4): Địa điểm triển khai ({places}).",
        "(5): Chủ trì (Chi bộ; UBND, HND, HPN…).",
        f"(6): Lĩnh vực ({field_order_note()}).",
    ]
    if results:
        lines += [
            "(7): Tóm tắt quy mô, kết quả đạt được.",
            "(8): Xây dựng mới/duy trì: đánh dấu X vào cột (danh sách sắp xếp loạt mô hình "
            "xây dựng mới lên trên loạt mô hình đang duy trì).",
            "(9): Chủ thể thực hiện (đánh dấu X vào cột tập thể hoặc cá nhân).",
        ]
    else:
        lines += [
            "(7): Quy mô thực hiện (số lượng, diện tích, số hộ…).",
            "(8): Chủ thể thực hiện (đánh dấu X vào cột tập thể hoặc cá nhân).",
        ]
    return [Paragraph("Ghi chú:", bold=True, italic=True, align="left", indent=False)] + [
        Paragraph(line, italic=True, align="left", indent=False) for line in lines
    ]
