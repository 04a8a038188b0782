"""The filled scoring sheet of one model (`?model=<id>`): each member's points, the verdict."""

from django.http import Http404
from django.utils.translation import gettext as _

from dvcq import wording
from dvcq.documents.blocks import (
    AnnexHeading,
    Column,
    Paragraph,
    Report,
    Row,
    Table,
)
from dvcq.documents.registry import Finality, ReportKind, register
from dvcq.documents.services import ExportOptions
from dvcq.org.models import Unit

from ..models import (
    Appraisal,
    Part,
    RubricKind,
    Subject,
)
from ..permissions import may_see_appraisal
from ..services.appraisal import aggregate
from .common import party_meta
from .params import ScoresheetParams

# --- the scoring sheet of one model -------------------------------------------------------


def resolve_scoresheet(unit: Unit, year: int, model: str = "") -> Appraisal:
    """The appraisal of model `?model=<id>` of the unit's campaign of that year."""
    if not str(model).isdigit():
        raise Http404
    appraisal = (
        Appraisal.objects.filter(
            model__pk=int(model), model__campaign__unit=unit, model__campaign__year=year
        )
        .select_related("model__campaign__unit__parent", "model__participant", "rubric")
        .first()
    )
    if appraisal is None:
        raise Http404
    return appraisal


def _member_name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def _met_text(value) -> str:
    if value is None:
        return ""
    return "Đạt" if value else "Không đạt"


def _part_total(part: str, results: list, members: int) -> Row:
    """ "Cộng phần I": the part's maximum, each member's sum and the sum of the means."""
    label = "Cộng phần I" if part == Part.GENERAL else f"Cộng phần {part}"
    member_totals = [
        sum(r.values[i] for r in results) if all(r.values[i] is not None for r in results) else None
        for i in range(members)
    ]
    means = [r.mean for r in results]
    mean = sum(means) if all(m is not None for m in means) else None
    return Row(
        ["", label, sum(r.criterion.max_points for r in results), *member_totals, mean],
        kind="total",
    )


def scoresheet_finality(appraisal: Appraisal) -> Finality:
    """The sheet is final once the appraisal is concluded with its result notice (no query)."""
    if appraisal.passed is not None:
        return Finality()
    return Finality(
        reasons=[_("Tổ thẩm định chưa kết luận, chưa có thông báo kết quả thẩm định mô hình.")]
    )


def build_scoresheet(appraisal: Appraisal, options: ExportOptions) -> Report:
    """Four queries: the three of services.aggregate (members, criteria, scores) and the
    unit's document settings."""
    model, rubric = appraisal.model, appraisal.rubric
    campaign = model.campaign
    outcome = aggregate(appraisal)
    checklist = rubric.kind == RubricKind.CHECKLIST
    kind = "text" if checklist else "points"
    members = outcome.members
    columns = [
        Column("STT", 11, align="center"),
        Column("Tiêu chí", 70 if len(members) <= 2 else 110, align="justify"),
        *([] if checklist else [Column("Điểm tối đa", 17, kind="points", align="center")]),
        *[
            Column(_member_name(m), 22, kind=kind, align="center", group="Điểm của thành viên")
            for m in members
        ],
        Column("Kết quả" if checklist else "Điểm bình quân", 22, kind=kind, align="center"),
    ]
    by_part: dict = {}
    for result in outcome.criteria:
        by_part.setdefault(result.criterion.part, []).append(result)
    rows = []
    for part, results in by_part.items():
        rows.append(Row([str(Part(part).label)], kind="group"))
        for result in results:
            criterion = result.criterion
            text = criterion.text + (" (*)" if criterion.is_key else "")
            if checklist:
                values = [_met_text(v) for v in result.values]
                rows.append(Row([str(criterion.number), text, *values, _met_text(result.at_max)]))
            else:
                rows.append(
                    Row(
                        [str(criterion.number), text, criterion.max_points, *result.values]
                        + [result.mean]
                    )
                )
        if not checklist:
            rows.append(_part_total(part, results, len(members)))
    if not checklist:
        rows.append(
            Row(
                [
                    "",
                    "Tổng cộng",
                    sum(r.criterion.max_points for r in outcome.criteria),
                    *[outcome.totals.get(m.pk) for m in members],
                    outcome.total,
                ],
                kind="total",
            )
        )

    blocks = [
        AnnexHeading(
            label=options.label,
            title=f"BIỂU CHẤM ĐIỂM MÔ HÌNH “DÂN VẬN KHÉO” NĂM {campaign.year}",
            attachment=(
                wording.attachment(
                    "Thông báo",
                    appraisal.notice_number,
                    appraisal.notice_date,
                    campaign.organiser,
                    year=campaign.year,
                )
                if appraisal.notice_number
                else f"({rubric.name})"
            ),
        ),
        Paragraph(f"Tên mô hình: {model.name}", indent=False),
        Paragraph(
            f"Tổ chức đăng ký: {model.participant.name}; chủ thể thực hiện: "
            f"{str(Subject(model.subject).label).lower()}"
            + (f" ({model.subject_name})" if model.subject_name else "")
            + ".",
            indent=False,
        ),
        Table(columns, rows, sheet_name="Biểu chấm điểm"),
    ]
    key = [str(c.number) for c in (r.criterion for r in outcome.criteria) if c.is_key]
    if key and not checklist:
        blocks.append(
            Paragraph(
                f"(*) Tiêu chí phải đạt điểm tối đa. Mô hình đạt khi tổng điểm từ "
                f"{wording.points(rubric.pass_total)} điểm trở lên và các tiêu chí "
                f"{', '.join(key)} đạt điểm tối đa.",
                italic=True,
                indent=False,
            )
        )
    if outcome.passed is None:
        verdict = "Kết quả: chưa đủ phiếu chấm của các thành viên tổ thẩm định."
    elif outcome.passed:
        total = (
            f" với tổng điểm bình quân {wording.points(outcome.total)} điểm"
            if outcome.total
            else ""
        )
        verdict = f"Kết quả: Đạt{total}."
    else:
        verdict = "Kết quả: Không đạt."
    blocks.append(Paragraph(verdict, bold=True, indent=False))
    if outcome.passed is False:
        blocks.append(Paragraph("Lý do:", indent=False))
        blocks += [Paragraph(f"- {reason}", indent=False) for reason in outcome.reasons]
    meta = party_meta(
        campaign,
        options,
        show_header=False,
        # Signed by the committee whose result notice the sheet is attached to.
        show_recipients=False,
        landscape=len(members) > 2,
        draft_reasons=scoresheet_finality(appraisal).reasons,
    )
    return Report(
        kind="dvk-scoresheet",
        meta=meta,
        blocks=blocks,
        filename_stem=f"dvk-bieu-cham-{campaign.year}-{model.pk}",
    )


register(
    ReportKind(
        kind="dvk-scoresheet",
        title="Dân vận khéo — biểu chấm điểm của một mô hình",
        resolve=resolve_scoresheet,
        build=build_scoresheet,
        default_style="party",
        default_symbol="TB-ĐU",
        allowed=may_see_appraisal,
        params_form=ScoresheetParams,
        finality=scoresheet_finality,
    )
)
