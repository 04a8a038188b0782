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
from dvcq.http import as_id
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
    if as_id(str(model)) is None:
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


# The group rows of the sheet as seed 002 words them.
PART_ROWS = {
    Part.GENERAL: ("I", "Các tiêu chí chung về mô hình “Dân vận khéo”"),
    Part.COLLECTIVE: ("II.1", "Đối với mô hình do tập thể thực hiện"),
    Part.INDIVIDUAL: ("II.2", "Đối với mô hình do cá nhân thực hiện"),
    Part.CHECKLIST: ("", "Tiêu chí đánh giá mô hình “Dân vận khéo”"),
}
SUBJECT_PART = (
    "II",
    "Tiêu chí đánh giá chủ thể thực hiện (Chọn chủ thể phù hợp để tiến hành đánh giá)",
)
KEY_NOTE = "Phải đạt điểm tối đa"
# Text width of the page in mm: A4 less the decree's margins (left 30, right 15).
TEXT_WIDTH = {False: 165, True: 252}


def _sums(results: list, members: int) -> list:
    """The part's maximum, each member's sum and the sum of the means (None while a member
    has not scored every criterion of the part)."""
    member_totals = [
        sum(r.values[i] for r in results) if all(r.values[i] is not None for r in results) else None
        for i in range(members)
    ]
    means = [r.mean for r in results]
    mean = sum(means) if all(m is not None for m in means) else None
    return [sum(r.criterion.max_points for r in results), *member_totals, mean]


def _note(result) -> str:
    return "; ".join(([KEY_NOTE] if result.criterion.is_key else []) + result.notes)


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"


def _whole(value) -> str:
    """ "75" for 75,00 (the seed's "75 điểm"), else "75,50"."""
    return str(int(value)) if value == int(value) else wording.points(value)


def pass_rule(rubric, criteria) -> str:
    """The sentence under the sheet (seed 002), from the rubric's data."""
    key = sorted({c.number for c in criteria if c.is_key})
    rule = (
        f"Mô hình “Dân vận khéo” phải đạt tổng từ {_whole(rubric.pass_total)} điểm (I+II) trở lên"
    )
    if key:
        rule += f"; trong đó các tiêu chí {_and_list([str(n) for n in key])} phải đạt điểm tối đa"
    return rule + "."


def _columns(members: list, checklist: bool, landscape: bool) -> list[Column]:
    kind = "text" if checklist else "points"
    score = 20 if checklist else 18
    fixed = [
        Column("STT", 11, align="center"),
        None,  # the criterion's text takes what the others leave of the text width
        *([] if checklist else [Column("Điểm tối đa", 15, kind="points", align="center")]),
        *[
            Column(_member_name(m), score, kind=kind, align="center", group="Điểm đánh giá")
            for m in members
        ],
        Column(
            "Kết quả" if checklist else "Bình quân",
            score,
            kind=kind,
            align="center",
            group="Điểm đánh giá",
        ),
        Column("Ghi chú", 28 if landscape else 24, align="left"),
    ]
    rest = TEXT_WIDTH[landscape] - sum(c.width_mm for c in fixed if c)
    fixed[1] = Column("Tiêu chí", rest, align="justify")
    return fixed


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
    members = outcome.members
    landscape = len(members) > 2
    columns = _columns(members, checklist, landscape)
    by_part: dict = {}
    for result in outcome.criteria:
        by_part.setdefault(result.criterion.part, []).append(result)
    rows = []
    subject_parts = [p for p in by_part if p in (Part.COLLECTIVE, Part.INDIVIDUAL)]
    first_subject_part = subject_parts[0] if subject_parts else None
    for part, results in by_part.items():
        number, title = PART_ROWS.get(part, ("", str(Part(part).label)))
        blank = [""] * (len(columns) - 2)
        if checklist:
            rows.append(Row([number, title, *blank], kind="total"))
        else:
            if part == first_subject_part:
                # Part II (25 points) above the variant of the model's subject (II.1 or II.2).
                subject = [r for p in subject_parts for r in by_part[p]]
                rows.append(Row([*SUBJECT_PART, *_sums(subject, len(members)), ""], kind="total"))
                rows.append(Row([number, title, *blank], kind="total"))
            else:
                rows.append(Row([number, title, *_sums(results, len(members)), ""], kind="total"))
        for result in results:
            criterion = result.criterion
            if checklist:
                values = [_met_text(v) for v in result.values]
                rows.append(
                    Row(
                        [str(criterion.number), criterion.text, *values]
                        + [_met_text(result.at_max), _note(result)]
                    )
                )
            else:
                rows.append(
                    Row(
                        [str(criterion.number), criterion.text, criterion.max_points]
                        + [*result.values, result.mean, _note(result)]
                    )
                )
    if not checklist:
        rows.append(
            Row(
                [
                    "",
                    "Tổng cộng I + II",
                    sum(r.criterion.max_points for r in outcome.criteria),
                    *[outcome.totals.get(m.pk) for m in members],
                    outcome.total,
                    "",
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
    if not checklist:
        blocks.append(
            Paragraph(
                pass_rule(rubric, [r.criterion for r in outcome.criteria]),
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
        landscape=landscape,
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
