"""Every unit below a reviewing unit: the table attached to the results decision."""

from dataclasses import dataclass, replace

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.documents.blocks import BLANK, AnnexHeading, Column, Report, Row, Table
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions, ascii_slug, document_meta, document_settings_for
from dvcq.org.models import Unit

from ..models import Scorecard, Status
from ..permissions import may_see_results

RESULTS_COLUMNS = [
    Column("TT", 12, align="center"),
    Column("Đơn vị", 70),
    Column("Điểm tự chấm", 28, kind="points", align="center"),
    Column("Điểm thẩm định", 28, kind="points", align="center"),
    Column("Xếp loại", 55, align="center"),
    Column("Ghi chú", 54),
]


@dataclass
class Results:
    unit: Unit  # the reviewing unit
    year: int
    scorecards: list[Scorecard]


def resolve_results(unit: Unit, year: int) -> Results:
    """The rounds of `year` this unit reviewed: those recording it as their reviewing body
    (a district's 2024 results stay the district's after its communes moved to the province),
    and those recording none from the units below it."""
    reviewed_here = Q(round__reviewing_unit=unit) | Q(
        round__reviewing_unit__isnull=True, round__unit__in=Unit.objects.below(unit)
    )
    scorecards = list(
        Scorecard.objects.filter(reviewed_here, round__framework__year=year)
        .select_related("round__unit", "round__framework")
        .order_by("round__unit__name")
    )
    if not scorecards:
        raise Http404
    return Results(unit=unit, year=year, scorecards=scorecards)


def _may_see_results(user, results: Results) -> bool:
    return may_see_results(user, results.unit, results.scorecards)


def _reviewed(scorecard: Scorecard) -> bool:
    return scorecard.status in (Status.REVIEWED, Status.PUBLISHED)


def results_finality(results: Results) -> Finality:
    """The list is final once every unit on it is reviewed (no query): until then its rows
    read "Chưa thẩm định xong"."""
    pending = [s.round.unit.name for s in results.scorecards if not _reviewed(s)]
    if not pending:
        return Finality()
    return Finality(
        reasons=[
            _("%(n)s đơn vị chưa thẩm định xong: %(units)s.")
            % {"n": len(pending), "units": ", ".join(pending)}
        ]
    )


def build_results(results: Results, options: ExportOptions) -> Report:
    """One query (the unit's settings); the rows came with `resolve_results`."""
    unit, year = results.unit, results.year
    rows = []
    for number, scorecard in enumerate(results.scorecards, start=1):
        reviewed = _reviewed(scorecard)
        if scorecard.ineligible:
            note = scorecard.ineligible_reason
        elif not reviewed:
            note = f"Chưa thẩm định xong ({scorecard.get_status_display().lower()})"
        else:
            note = ""
        rows.append(
            Row(
                [
                    str(number),
                    scorecard.round.unit.name,
                    scorecard.self_total,
                    scorecard.review_total if reviewed else None,
                    scorecard.class_label if reviewed else "",
                    note,
                ]
            )
        )
    settings = document_settings_for(unit)
    meta = replace(
        document_meta(settings, options, year + 1),
        show_header=False,
        show_signature=False,
        landscape=True,
        draft_reasons=results_finality(results).reasons,
    )
    number = options.attachment_number or f"{BLANK}/QĐ-UBND"
    when = (
        wording.dated(options.attachment_date)
        if options.attachment_date
        else f"ngày{BLANK}/{BLANK}/{year + 1}"
    )
    heading = AnnexHeading(
        label=options.label,
        title=(f"DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, PHÂN LOẠI CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM {year}"),
        attachment=f"(Kèm theo Quyết định số {number} {when} của UBND {wording.level_word(unit)})",
    )
    return Report(
        kind="results",
        meta=meta,
        blocks=[heading, Table(RESULTS_COLUMNS, rows, sheet_name="Kết quả")],
        filename_stem=f"ket-qua-dan-van-{year}-{ascii_slug(unit.code)}",
    )


register(
    ReportKind(
        kind="results",
        title="Danh sách kết quả đánh giá, phân loại các đơn vị (phụ lục quyết định)",
        resolve=resolve_results,
        build=build_results,
        default_symbol="QĐ-UBND",
        default_label="Phụ lục",
        allowed=_may_see_results,
        finality=results_finality,
        # every unit of a province: made by a background job from the export page
        background=True,
    )
)
