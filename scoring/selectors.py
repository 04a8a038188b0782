"""Reads of the scoring app, each in a fixed number of queries whatever the number of rows.

- the scorecard page: criteria with their item rows, evidence status and stored totals;
- the scorecard's history;
- the remediation plan draft (what the plan editor shows and the plan report prints);
- the reviewers' dashboard: every unit below the reviewer for one year, from stored totals.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from criteria.models import AssessmentRound, Assignment, Classification, Criterion, Item
from dvcq import wording
from dvcq.documents.services import ascii_slug
from dvcq.history import Change, Source, changes
from dvcq.org.models import Unit
from evidence.models import ItemStatus
from evidence.selectors import item_statuses

from .models import (
    POINTS,
    CriterionResult,
    Deduction,
    ItemScore,
    RemediationItem,
    RemediationPlan,
    Scorecard,
    Status,
    Transition,
)
from .permissions import REVIEW_DONE


@dataclass
class ItemRow:
    score: ItemScore
    assignment_id: int | None
    evidence: ItemStatus
    # The values the form shows: the stored ones, or what the user typed on a refused save.
    points_input: str = ""
    explanation_input: str = ""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    newer: ItemScore | None = None  # set when a save was refused because of this newer value

    @property
    def item(self):
        return self.score.item

    @property
    def deductions(self):
        return list(self.score.deductions.all())

    @property
    def difference(self) -> Decimal | None:
        if self.score.self_points is None or self.score.review_points is None:
            return None
        return self.score.review_points - self.score.self_points


@dataclass
class CriterionGroup:
    result: CriterionResult | None
    criterion: object
    rows: list[ItemRow]
    newer_note: str | None = None  # set when a notes save was refused because of this value

    @property
    def difference(self) -> Decimal | None:
        r = self.result
        if r is None or r.self_points is None or r.review_points is None:
            return None
        return r.review_points - r.self_points


def item_scores(scorecard: Scorecard) -> list[ItemScore]:
    """Every item score with its item, criterion and deductions, in two queries."""
    return list(
        scorecard.items.select_related("item__criterion")
        .prefetch_related("deductions")
        .order_by("item__criterion__number", "item__number")
    )


def scorecard_groups(scorecard: Scorecard) -> list[CriterionGroup]:
    """Criteria with their item rows, evidence status and stored totals (five queries)."""
    scores = item_scores(scorecard)
    assignments = dict(scorecard.round.assignments.values_list("item_id", "pk"))
    statuses = item_statuses(list(assignments.values()))
    results = {r.criterion_id: r for r in scorecard.criteria.all()}
    groups: dict[int, CriterionGroup] = {}
    for score in scores:
        criterion = score.item.criterion
        group = groups.setdefault(
            criterion.pk, CriterionGroup(results.get(criterion.pk), criterion, [])
        )
        assignment_id = assignments.get(score.item_id)
        group.rows.append(
            ItemRow(
                score=score,
                assignment_id=assignment_id,
                evidence=statuses.get(assignment_id, ItemStatus.NONE),
                points_input=wording.points(score.self_points),
                explanation_input=score.explanation,
                version=score.version,
            )
        )
    return list(groups.values())


def scorecard_changes(scorecard: Scorecard, *, with_review: bool) -> list[Change]:
    """Every recorded change of the scorecard, newest first, in four queries: the card's status
    and ruling, the items' points, the deduction lines (removed ones too), the criterion notes.

    Without `with_review` (the unit before the results are published) only what the unit
    itself writes is shown: the status and the self points."""

    def item_label(row) -> str:
        return _("Nội dung %(code)s") % {"code": row.item.code}

    sources = [
        Source(
            rows=Scorecard.history.filter(id=scorecard.pk).select_related("history_user"),
            fields=["status", "ineligible", "ineligible_reason"] if with_review else ["status"],
            subject=lambda row: _("Phiếu chấm"),
        ),
        Source(
            rows=ItemScore.history.filter(scorecard_id=scorecard.pk).select_related(
                "history_user", "item__criterion"
            ),
            fields=["self_points", "explanation"]
            + (["awarded_points", "review_points"] if with_review else []),
            subject=item_label,
        ),
    ]
    if with_review:
        sources += [
            Source(
                rows=Deduction.history.filter(item_score__scorecard_id=scorecard.pk).select_related(
                    "history_user", "item_score__item__criterion"
                ),
                fields=["points", "reason"],
                subject=lambda row: (
                    _("Nội dung %(code)s — điểm bị trừ") % {"code": row.item_score.item.code}
                ),
            ),
            Source(
                rows=CriterionResult.history.filter(scorecard_id=scorecard.pk).select_related(
                    "history_user", "criterion"
                ),
                fields=["review_note"],
                subject=lambda row: _("Tiêu chí %(n)s") % {"n": row.criterion.number},
            ),
        ]
    return changes(sources)


# --- the remediation plan ------------------------------------------------------------------
# `plan_draft` gathers everything the plan report and the plan editor show: the deducted items
# of year N with their deduction lines, and for each the responsibility and remedy the compiler
# wrote, or the suggested text drawn from the assignment grid. The suggestions are made in one
# place (`suggested_texts`), so the editor pre-fills exactly what the document prints when
# nothing was written. A text equal to its suggestion is stored empty (see services.plan_save):
# it keeps following the grid, while anything the compiler changed stays as they left it.

PLAN_FIELDS = ("legal_bases", "goals", "targets", "implementation")


def lower_first(text: str) -> str:
    text = (text or "").strip()
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """One sentence ending in a single full stop (item texts end in "…", "..." or nothing)."""
    text = text.strip().rstrip(".…; ").strip()
    return f"{text}."


def lead_names(assignment: Assignment | None) -> list[str]:
    return [p.name for p in assignment.lead_positions.all()] if assignment else []


def partner_names(assignment: Assignment | None) -> list[str]:
    if assignment is None:
        return []
    names = [p.name for p in assignment.cooperating_positions.all()]
    if assignment.assignee_note:
        names.append(assignment.assignee_note)
    return names


def suggested_texts(item: Item, assignment: Assignment | None) -> tuple[str, str]:
    """(responsibility, remedy) for a deducted item the compiler has not written yet."""
    leads = lead_names(assignment)
    names = leads + [p.name for p in assignment.cooperating_positions.all()] if assignment else []
    if names:
        responsibility = f"{', '.join(names)} và các ngành có liên quan."
        remedy = f"Giao {', '.join(leads or names)} phối hợp với các ngành có liên quan "
    else:
        # Document text: always Vietnamese, whatever the interface language.
        responsibility = "Các ban, ngành có liên quan."
        remedy = "Giao các ban, ngành có liên quan "
    return responsibility, remedy + sentence(lower_first(item.text))


def suggested_plan_texts(scorecard: Scorecard, next_year: int) -> dict[str, str]:
    """Goals, targets and implementation as seed 001 words them; no extra legal bases."""
    unit = scorecard.round.unit
    word = wording.level_word(unit)
    year = scorecard.round.year
    if scorecard.classification == Classification.EXCELLENT and not scorecard.ineligible:
        aim = "duy trì được xếp loại mức hoàn thành xuất sắc nhiệm vụ"
    else:
        aim = f"nâng mức xếp loại so với năm {year}"
    return {
        "legal_bases": "",
        "goals": (
            f"Tập trung đẩy mạnh để cải thiện và nâng cao chỉ số dân vận chính quyền trong năm "
            f"{next_year} và những năm tiếp theo, góp phần thúc đẩy tăng trưởng kinh tế - xã hội, "
            f"phục vụ ngày càng tốt hơn yêu cầu của tổ chức, cá nhân trên địa bàn {word}."
        ),
        "targets": (
            f"Năm {next_year}, phấn đấu cải thiện chỉ số dân vận chính quyền của UBND {word}, "
            f"{aim} và hoàn thành các chỉ tiêu cụ thể đã được xác định trong kế hoạch năm "
            f"{next_year}."
        ),
        "implementation": "\n".join(
            [
                "1. Khối vận Đảng ủy và các ban, ngành có liên quan",
                f"Căn cứ chức năng, nhiệm vụ được giao, nhiệm vụ, giải pháp của Kế hoạch này và "
                f"nhiệm vụ được phân công năm {next_year}, theo dõi, đôn đốc triển khai thực hiện "
                f"Kế hoạch này; đồng thời xây dựng kế hoạch cụ thể để tham mưu UBND {word} triển "
                f"khai thực hiện đạt kết quả thực chất, thiết thực.",
                "2. Văn phòng - Thống kê",
                f"- Định kỳ tổng hợp tình hình triển khai thực hiện Kế hoạch này của các ban, ngành "
                f"của {word}, báo cáo UBND {word} theo dõi, chỉ đạo trong họp định kỳ quý, 6 tháng, "
                f"9 tháng và năm {next_year}.",
                f"- Tham mưu UBND {word} thông báo bằng văn bản kết quả thực hiện nhiệm vụ được "
                f"giao tại Kế hoạch này làm cơ sở để đánh giá, xếp loại chất lượng tập thể, cá "
                f"nhân liên quan trong thực hiện nhiệm vụ công tác dân vận chính quyền năm "
                f"{next_year}.",
                f"- Tổng hợp, tham mưu UBND {word} tổ chức tự đánh giá, phân loại công tác dân vận "
                f"chính quyền của {word} năm {next_year}.",
            ]
        ),
    }


@dataclass
class DeductedItem:
    """One deducted item of year N as the plan shows it."""

    score: ItemScore
    deductions: list[Deduction]
    assignment: Assignment | None  # of year N+1, or year N's when N+1 has none for the item
    suggested_responsibility: str
    suggested_remedy: str
    stored: RemediationItem | None = None

    @property
    def item(self) -> Item:
        return self.score.item

    @property
    def responsibility(self) -> str:
        return (self.stored and self.stored.responsibility) or self.suggested_responsibility

    @property
    def remedy(self) -> str:
        return (self.stored and self.stored.remedy) or self.suggested_remedy


@dataclass
class PlanDraft:
    scorecard: Scorecard
    next_round: AssessmentRound | None
    plan: RemediationPlan | None
    deducted: list[DeductedItem]
    next_assignments: list[Assignment] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.scorecard.round.year

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def version(self) -> int:
        """0 before the first save (no plan row yet)."""
        return self.plan.version if self.plan else 0

    def text(self, name: str) -> str:
        stored = getattr(self.plan, name, "") if self.plan else ""
        return stored or self.suggestions[name]


def next_round_of(scorecard: Scorecard) -> AssessmentRound | None:
    return (
        AssessmentRound.objects.filter(
            unit_id=scorecard.round.unit_id, framework__year=scorecard.round.year + 1
        )
        .select_related("framework")
        .first()
    )


def plan_draft(scorecard: Scorecard, next_round: AssessmentRound | None) -> PlanDraft:
    """Seven queries: scores, deductions, the plan, its items, and the assignments of both
    years with their two position lists."""
    scores = [
        s
        for s in scorecard.items.select_related("item__criterion")
        .prefetch_related("deductions")
        .order_by("item__criterion__number", "item__number")
        if s.deductions.all()
    ]
    plan = (
        RemediationPlan.objects.filter(scorecard=scorecard)
        .select_related("updated_by")
        .prefetch_related("items")
        .first()
    )
    stored = {i.item_id: i for i in plan.items.all()} if plan else {}
    rounds = [scorecard.round_id] + ([next_round.pk] if next_round else [])
    assignments = list(
        Assignment.objects.filter(round_id__in=rounds)
        .select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
        .order_by("item__criterion__number", "item__number")
    )
    this_year = {a.item.code: a for a in assignments if a.round_id == scorecard.round_id}
    next_year = [a for a in assignments if next_round and a.round_id == next_round.pk]
    next_by_code = {a.item.code: a for a in next_year}
    deducted = []
    for score in scores:
        code = score.item.code
        assignment = next_by_code.get(code) or this_year.get(code)
        responsibility, remedy = suggested_texts(score.item, assignment)
        deducted.append(
            DeductedItem(
                score=score,
                deductions=list(score.deductions.all()),
                assignment=assignment,
                suggested_responsibility=responsibility,
                suggested_remedy=remedy,
                stored=stored.get(score.item_id),
            )
        )
    return PlanDraft(
        scorecard=scorecard,
        next_round=next_round,
        plan=plan,
        deducted=deducted,
        next_assignments=next_year,
        suggestions=suggested_plan_texts(scorecard, scorecard.round.year + 1),
    )


# --- the reviewers' dashboard ----------------------------------------------------------------
# Nothing here adds up item points: totals, classes and criterion figures are the ones the
# scoring services stored at each transition. The per-unit figures are subqueries annotated on
# the unit query, so filtering, sorting and paging happen in the database; criterion results
# and the three-year trend are read for the shown units in one query each. The number of
# queries therefore does not depend on the number of units (pinned in tests, measured in bench/).

PAGE_SIZE = 100
NO_ROUND = "none"
INELIGIBLE = "ineligible"
UNCLASSIFIED = "unclassified"
NO_ROUND_LABEL = gettext_lazy("Chưa có kỳ đánh giá")
INELIGIBLE_LABEL = gettext_lazy("Không đủ điều kiện xếp loại")
UNCLASSIFIED_LABEL = gettext_lazy("Chưa xếp loại")
STATUS_ORDER = [NO_ROUND, *Status.values]
CLASS_ORDER = [*Classification.values, INELIGIBLE, ""]
POINTS_FIELD = DecimalField(**POINTS)
SORTS = {
    "name": ("name",),
    "status": ("status_rank",),
    "self": ("self_total",),
    "review": ("review_shown",),
    "diff": ("diff",),
    "class": ("class_rank",),
    "overdue": ("overdue",),
    "activity": ("last_activity",),
}


@dataclass
class Years:
    """Years with rounds among the visible units (newest first), the default one, and the
    frameworks of each year (one per province, usually one in all)."""

    years: list[int]
    default: int | None
    frameworks: dict[int, list[int]]


def dashboard_years(units: QuerySet) -> Years:
    """The default year is the latest in which a scorecard is past drafting, else the latest."""
    frameworks: dict[int, list[int]] = {}
    active: set[int] = set()
    for framework_id, year, started in (
        AssessmentRound.objects.filter(unit__in=units)
        .values_list("framework_id", "framework__year")
        .annotate(
            started=Count(
                "scorecard", filter=Q(scorecard__isnull=False) & ~Q(scorecard__status="drafting")
            )
        )
        .order_by("-framework__year")
    ):
        frameworks.setdefault(year, []).append(framework_id)
        if started:
            active.add(year)
    years = sorted(frameworks, reverse=True)
    default = max(active) if active else (years[0] if years else None)
    return Years(years, default, frameworks)


def annotated_units(units: QuerySet, year: int, framework_ids: list[int], today: date) -> QuerySet:
    """`units` with the year's stored figures, the overdue evidence count and last activity.

    The scorecard is a LEFT JOIN through the unit's round of the year's framework(s), so its
    fields are plain columns that sorting and filtering can reuse; a unit without a round keeps
    its row with empty figures.
    """
    # The one overdue rule (criteria's `Assignment.objects.with_evidence_state`), the same
    # the officers' task list and the evidence overview show.
    overdue = (
        Assignment.objects.filter(round__unit=OuterRef("pk"), round__framework__year=year)
        .overdue(today)
        .order_by()
        .values("round__unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_transition = (
        Transition.objects.filter(
            scorecard__round__unit=OuterRef("pk"), scorecard__round__framework__year=year
        )
        .order_by()
        .values("scorecard__round__unit")
        .annotate(m=Max("at"))
        .values("m")
    )
    shown = Q(card_status__in=REVIEW_DONE)
    return (
        units.annotate(
            year_round=FilteredRelation("rounds", condition=Q(rounds__framework__in=framework_ids)),
        )
        .annotate(
            card_id=F("year_round__scorecard__id"),
            card_status=F("year_round__scorecard__status"),
            self_total=F("year_round__scorecard__self_total"),
            review_raw=F("year_round__scorecard__review_total"),
            class_raw=F("year_round__scorecard__classification"),
            ineligible=F("year_round__scorecard__ineligible"),
            card_updated_at=F("year_round__scorecard__updated_at"),
            last_transition_at=Subquery(last_transition[:1]),
            overdue=Coalesce(Subquery(overdue[:1]), 0),
        )
        .annotate(
            status_key=Coalesce(F("card_status"), Value(NO_ROUND), output_field=CharField()),
            review_shown=Case(When(shown, then=F("review_raw")), default=None),
            class_key=Case(
                When(shown & Q(ineligible=True), then=Value(INELIGIBLE)),
                When(shown, then=F("class_raw")),
                default=Value(""),
                output_field=CharField(),
            ),
            diff=ExpressionWrapper(F("review_shown") - F("self_total"), output_field=POINTS_FIELD),
            last_activity=Greatest(
                Coalesce("last_transition_at", "card_updated_at"), F("card_updated_at")
            ),
            status_rank=_rank("status_key", STATUS_ORDER),
            class_rank=_rank("class_key", CLASS_ORDER),
        )
    )


def _rank(name: str, order: list[str]) -> Case:
    return Case(
        *(When(**{name: value}, then=Value(n)) for n, value in enumerate(order)),
        default=Value(len(order)),
        output_field=IntegerField(),
    )


def filtered_units(
    units: QuerySet, year: int, framework_ids: list[int], chosen: dict[str, str], today: date
) -> QuerySet:
    found = annotated_units(units, year, framework_ids, today)
    if chosen["q"]:
        # SQLite's LIKE folds ASCII case only: the ASCII slug of the query also matches the
        # unit code ("BA THÀNH" → "ba-thanh").
        found = found.filter(
            Q(name__icontains=chosen["q"])
            | Q(code__icontains=chosen["q"])
            | Q(code__icontains=ascii_slug(chosen["q"]))
        )
    if chosen["kind"]:
        found = found.filter(kind=chosen["kind"])
    if chosen["status"]:
        found = found.filter(status_key=chosen["status"])
    if chosen["classification"] == UNCLASSIFIED:
        found = found.filter(class_key="")
    elif chosen["classification"]:
        found = found.filter(class_key=chosen["classification"])
    return ordered(found, chosen["sort"] or "name")


def ordered(units: QuerySet, sort: str) -> QuerySet:
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
    # Units without a figure go last whichever the direction.
    keys = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return units.order_by(*keys, "name", "pk")


# --- the page's rows -------------------------------------------------------------------------


@dataclass
class HeatCell:
    value: Decimal | None = None
    max_points: Decimal | None = None
    reviewed: bool = False

    # Formatted here rather than with floatformat in the template: a page has 1,000 cells.
    @property
    def text(self) -> str:
        return number_format(self.value, 2) if self.value is not None else ""

    @property
    def title(self) -> str:
        if self.value is None:
            return ""
        kind = _("Thẩm định") if self.reviewed else _("Tự chấm")
        return f"{kind}: {self.text}/{number_format(self.max_points, 2)}"

    @property
    def css(self) -> str:
        return (
            f"{self.level} heat-self"
            if self.value is not None and not self.reviewed
            else self.level
        )

    @property
    def percent(self) -> int | None:
        if self.value is None or not self.max_points:
            return None
        return int(self.value * 100 / self.max_points)

    @property
    def level(self) -> str:
        """CSS class by share of the criterion's maximum (legend on the page)."""
        percent = self.percent
        if percent is None:
            return "heat-none"
        if percent >= 90:
            return "heat-4"
        if percent >= 75:
            return "heat-3"
        if percent >= 50:
            return "heat-2"
        return "heat-1"


@dataclass
class TrendPoint:
    year: int
    value: Decimal | None
    reviewed: bool


@dataclass
class Row:
    unit: Unit
    cells: list[HeatCell] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        if self.unit.card_status is None:
            return str(NO_ROUND_LABEL)
        return str(Status(self.unit.card_status).label)

    @property
    def class_label(self) -> str:
        key = self.unit.class_key
        if key == INELIGIBLE:
            return str(INELIGIBLE_LABEL)
        return str(Classification(key).label) if key else ""

    @property
    def reviewed(self) -> bool:
        return self.unit.card_status in REVIEW_DONE

    @property
    def trend_coords(self) -> list[tuple[str, str]]:
        """Sparkline points in a 60 × 20 box, scaled to 100 points (or the highest value)."""
        values = [p.value for p in self.trend if p.value is not None]
        top = max([Decimal(100), *values])
        return [
            (str(5 + 25 * n), f"{18 - 16 * float(p.value / top):.1f}")
            for n, p in enumerate(self.trend)
            if p.value is not None
        ]

    @property
    def trend_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.trend_coords)

    @property
    def trend_title(self) -> str:
        parts = []
        for point in self.trend:
            if point.value is None:
                parts.append(f"{point.year}: —")
            else:
                kind = _("thẩm định") if point.reviewed else _("tự chấm")
                parts.append(f"{point.year}: {wording.points(point.value)} ({kind})")
        return "; ".join(parts)


def criteria_headers(framework_ids: list[int]) -> list[tuple[int, str]]:
    """Criterion numbers (and titles) of the year's framework(s)."""
    found: dict[int, str] = {}
    for number, title in (
        Criterion.objects.filter(framework__in=framework_ids)
        .values_list("number", "title")
        .order_by("number", "framework_id")
    ):
        found.setdefault(number, title)
    return list(found.items())


def criterion_results(card_ids: list[int]) -> dict[int, dict[int, tuple]]:
    """{scorecard id: {criterion number: (self, review, max)}} in one query."""
    found: dict[int, dict[int, tuple]] = {}
    for card_id, number, self_points, review_points, max_points in CriterionResult.objects.filter(
        scorecard_id__in=card_ids
    ).values_list(
        "scorecard_id", "criterion__number", "self_points", "review_points", "max_points"
    ):
        found.setdefault(card_id, {})[number] = (self_points, review_points, max_points)
    return found


def trends(unit_ids: list[int], year: int) -> dict[int, list[TrendPoint]]:
    """Review total (self total while not reviewed) for year-2, year-1 and year, one query."""
    years = [year - 2, year - 1, year]
    found: dict[int, dict[int, TrendPoint]] = {}
    for unit_id, card_year, status, self_total, review_total in Scorecard.objects.filter(
        round__unit__in=unit_ids, round__framework__year__in=years
    ).values_list(
        "round__unit_id", "round__framework__year", "status", "self_total", "review_total"
    ):
        reviewed = status in REVIEW_DONE and review_total is not None
        value = review_total if reviewed else self_total
        found.setdefault(unit_id, {})[card_year] = TrendPoint(card_year, value, reviewed)
    return {
        pk: [found.get(pk, {}).get(y, TrendPoint(y, None, False)) for y in years] for pk in unit_ids
    }


def build_rows(units: list[Unit], numbers: list[int], year: int) -> list[Row]:
    results = criterion_results([u.card_id for u in units if u.card_id])
    unit_trends = trends([u.pk for u in units], year)
    rows = []
    for unit in units:
        row = Row(unit, trend=unit_trends[unit.pk])
        mine = results.get(unit.card_id, {})
        for number in numbers:
            self_points, review_points, max_points = mine.get(number, (None, None, None))
            if row.reviewed and review_points is not None:
                row.cells.append(HeatCell(review_points, max_points, True))
            else:
                row.cells.append(HeatCell(self_points, max_points, False))
        rows.append(row)
    return rows


# --- summaries and charts ------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    key: str
    width: str = "0"


def summaries(found: QuerySet) -> tuple[dict[str, int], list[Bar], int]:
    """Counts by status and by class over the whole filtered set, in one query."""
    by_status: dict[str, int] = dict.fromkeys(STATUS_ORDER, 0)
    by_class: dict[str, int] = dict.fromkeys(CLASS_ORDER, 0)
    for status, klass, n in (
        found.order_by().values_list("status_key", "class_key").annotate(n=Count("pk"))
    ):
        by_status[status] = by_status.get(status, 0) + n
        by_class[klass] = by_class.get(klass, 0) + n
    labels = dict(Classification.choices) | {INELIGIBLE: INELIGIBLE_LABEL, "": UNCLASSIFIED_LABEL}
    top = max(by_class.values()) or 1
    bars = []
    for key in CLASS_ORDER:
        count = by_class[key]
        # 200 units of width for the longest bar; the label sits above it in HTML.
        bars.append(Bar(str(labels[key]), count, key or UNCLASSIFIED, f"{200 * count / top:.1f}"))
    return by_status, bars, sum(by_status.values())


@dataclass
class Dot:
    x: str
    y: str
    title: str
    lower: bool


def scatter(rows: list[Row]) -> dict:
    """Self total (x) against review total (y) of the page's reviewed units, 240 × 240 box."""
    pairs = [
        (r.unit, r.unit.self_total, r.unit.review_shown)
        for r in rows
        if r.unit.self_total is not None and r.unit.review_shown is not None
    ]
    if not pairs:
        return {"dots": []}
    low = min(min(s, v) for _u, s, v in pairs)
    high = max(max(s, v) for _u, s, v in pairs)
    low = max(Decimal(0), (low // 10) * 10)
    high = max(low + 10, -(-high // 10) * 10)
    span = high - low

    def at(value: Decimal) -> float:
        return float((value - low) / span) * 200

    dots = [
        Dot(
            f"{30 + at(s):.1f}",
            f"{210 - at(v):.1f}",
            f"{unit.name}: {wording.points(s)} → {wording.points(v)}",
            v < s,
        )
        for unit, s, v in pairs
    ]
    return {"dots": dots, "low": low, "high": high}
