"""The reviewers' dashboard: every unit below the reviewer for one year, from stored totals, its rows, summaries and charts."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from criteria.models import AssessmentRound, Assignment, Classification, Criterion, Framework
from dvcq import wording
from dvcq.documents.services import ascii_slug
from dvcq.org.models import Unit

from ..models import (
    POINTS,
    CriterionResult,
    Scorecard,
    Status,
    Transition,
)
from ..permissions import REVIEW_DONE

# --- the reviewers' dashboard ----------------------------------------------------------------
# Nothing here adds up item points: totals, classes and criterion figures are the ones the
# scoring services stored at each transition. The per-unit figures are columns of a LEFT JOIN
# on the unit query, so filtering, sorting and paging happen in the database; the overdue count
# and last activity, criterion results and the three-year trend are read for the shown units
# in one query each. The number of queries therefore does not depend on the number of units
# (pinned in tests), nor its time much (measured in bench/ against hand-written SQL).

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
    """The default year is the latest in which a scorecard is past drafting, else the latest.

    Two EXISTS per framework, each stopping at the first round (and the first scorecard past
    drafting) it finds, where a count of every unit's scorecard of every year took a third of
    the page's database time at 3,321 units (bench/bench_dashboard.py)."""
    rounds = AssessmentRound.objects.filter(framework=OuterRef("pk"), unit__in=units)
    started = Scorecard.objects.filter(
        round__framework=OuterRef("pk"), round__unit__in=units
    ).exclude(status=Status.DRAFTING)
    frameworks: dict[int, list[int]] = {}
    active: set[int] = set()
    for framework_id, year, is_started in (
        Framework.objects.filter(Exists(rounds))
        .annotate(started=Exists(started))
        .values_list("pk", "year", "started")
        .order_by("-year", "pk")
    ):
        frameworks.setdefault(year, []).append(framework_id)
        if is_started:
            active.add(year)
    years = sorted(frameworks, reverse=True)
    default = max(active) if active else (years[0] if years else None)
    return Years(years, default, frameworks)


def annotated_units(units: QuerySet, framework_ids: list[int]) -> QuerySet:
    """`units` with the year's stored figures.

    The scorecard is a LEFT JOIN through the unit's round of the year's framework(s), so its
    fields are plain columns that sorting and filtering can reuse; a unit without a round keeps
    its row with empty figures.
    """
    shown = Q(card_status__in=REVIEW_DONE)
    return (
        units.order_by()
        .annotate(
            year_round=FilteredRelation("rounds", condition=Q(rounds__framework__in=framework_ids)),
        )
        .annotate(
            round_pk=F("year_round__id"),
            card_id=F("year_round__scorecard__id"),
            card_status=F("year_round__scorecard__status"),
            self_total=F("year_round__scorecard__self_total"),
            review_raw=F("year_round__scorecard__review_total"),
            class_raw=F("year_round__scorecard__classification"),
            ineligible=F("year_round__scorecard__ineligible"),
            card_updated_at=F("year_round__scorecard__updated_at"),
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


def filtered_units(units: QuerySet, framework_ids: list[int], chosen: dict[str, str]) -> QuerySet:
    """The units the filters in `chosen` keep, unordered (`ordered` sorts them)."""
    # A unit no longer active (a district after the 2025 reform) shows only in a year it has
    # a scorecard of its own.
    found = annotated_units(units, framework_ids).filter(
        Q(is_active=True) | Q(card_id__isnull=False)
    )
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
    return found


# The overdue count and the last activity are not stored. The page reads them for its shown
# units only (`shown_units`); a sort by one of them needs every unit's, and gets them grouped:
# one join of the year's assignments (or transitions) counted per unit, under twice the time of
# the hand-written GROUP BY. A subquery per unit runs a little slower and, on PostgreSQL, is
# estimated far above JIT's threshold: compiling it took seconds (deploy/postgresql-dvcq.conf).


def ordered(found: QuerySet, sort: str, framework_ids: list[int], today: date) -> QuerySet:
    """`found` in the order `sort` names (a key of SORTS, "-" for descending)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-") if sort.lstrip("-") in SORTS else "name"
    if key == "overdue":
        # The one overdue rule (criteria's `Assignment.objects.with_evidence_state`), the same
        # the officers' task list and the evidence overview show.
        late = Assignment.objects.filter(round__framework__in=framework_ids).overdue_condition(
            today, "year_round__assignments"
        )
        found = found.annotate(overdue=Count("year_round__assignments", filter=late))
    elif key == "activity":
        found = found.annotate(
            last_activity=Greatest(
                Coalesce(Max("year_round__scorecard__log__at"), "card_updated_at"),
                F("card_updated_at"),
            )
        )
    # Units without a figure go last whichever the direction.
    keys = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in SORTS[key]
    ]
    return found.order_by(*keys, "name", "pk")


def shown_units(
    page: list[tuple[int, int | None]], framework_ids: list[int], today: date
) -> list[Unit]:
    """The units of `page` (unit and round ids, as `ordered(…).values_list("pk", "round_pk")`
    gives them) in that order, with their stored figures, `overdue` (evidence items past their
    deadline and still owed) and `last_activity` (the last transition or save of the
    scorecard), in one query.

    The overdue count is grouped, as for the sort; the last transition is a lookup by
    scorecard, made once per unit."""
    ids = [pk for pk, _round in page]
    late = Assignment.objects.filter(round__in=[r for _pk, r in page if r]).overdue_condition(
        today, "year_round__assignments"
    )
    last_transition = (
        Transition.objects.filter(scorecard=OuterRef("card_id")).order_by("-at").values("at")[:1]
    )
    found = annotated_units(Unit.objects.filter(pk__in=ids), framework_ids).annotate(
        overdue=Count("year_round__assignments", filter=late),
        last_transition_at=Subquery(last_transition),
    )
    by_pk = {}
    for unit in found:
        moments = [at for at in (unit.last_transition_at, unit.card_updated_at) if at]
        unit.last_activity = max(moments, default=None)
        by_pk[unit.pk] = unit
    return [by_pk[pk] for pk in ids]


# --- the page's rows -------------------------------------------------------------------------


# A page has 100 rows of 11 cells: every figure is formatted once, here, with `wording`'s
# plain formatting rather than a template filter per cell (number_format and the template's
# lookups were most of the page's time).


@dataclass
class HeatCell:
    value: Decimal | None = None
    max_points: Decimal | None = None
    reviewed: bool = False
    # "Thẩm định" or "Tự chấm", translated once per page by `build_rows`.
    label: str = ""

    @cached_property
    def text(self) -> str:
        return wording.points(self.value)

    @cached_property
    def title(self) -> str:
        if self.value is None:
            return ""
        return f"{self.label}: {self.text}/{wording.points(self.max_points)}"

    @cached_property
    def css(self) -> str:
        return (
            f"{self.level} heat-self"
            if self.value is not None and not self.reviewed
            else self.level
        )

    @cached_property
    def percent(self) -> int | None:
        if self.value is None or not self.max_points:
            return None
        return int(self.value * 100 / self.max_points)

    @cached_property
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
    # The bonus ("điểm thưởng") apart from the criteria: the criteria's cells and this one
    # add up to the unit's total.
    bonus: HeatCell = field(default_factory=HeatCell)

    @cached_property
    def status_label(self) -> str:
        if self.unit.card_status is None:
            return str(NO_ROUND_LABEL)
        return str(Status(self.unit.card_status).label)

    @cached_property
    def class_label(self) -> str:
        key = self.unit.class_key
        if key == INELIGIBLE:
            return str(INELIGIBLE_LABEL)
        return str(Classification(key).label) if key else ""

    @cached_property
    def reviewed(self) -> bool:
        return self.unit.card_status in REVIEW_DONE

    @cached_property
    def self_text(self) -> str:
        return wording.points(self.unit.self_total)

    @cached_property
    def review_text(self) -> str:
        return wording.points(self.unit.review_shown)

    @cached_property
    def trend_coords(self) -> list[tuple[str, str]]:
        """Sparkline points in a 60 × 20 box, scaled to 100 points (or the highest value)."""
        values = [p.value for p in self.trend if p.value is not None]
        top = max([Decimal(100), *values])
        return [
            (str(5 + 25 * n), f"{18 - 16 * float(p.value / top):.1f}")
            for n, p in enumerate(self.trend)
            if p.value is not None
        ]

    @cached_property
    def trend_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.trend_coords)

    @cached_property
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


def criterion_results(
    card_ids: list[int] | QuerySet, *, maximum: bool = True
) -> dict[int, dict[int, tuple]]:
    """{scorecard id: {criterion number: (self, review, max)}} in one query; max is None
    without `maximum` (the spreadsheet does not print it: 33,000 fewer decimals to read).

    `card_ids` is a page's ids or, for every unit, a query of them (a subquery, not thousands
    of numbers in the SQL). Unordered: the model's default order would join the scorecard, its
    round, framework and unit to sort rows that land in a dict."""
    fields = ["scorecard_id", "criterion__number", "self_points", "review_points"]
    found: dict[int, dict[int, tuple]] = {}
    for card_id, number, self_points, review_points, *rest in (
        CriterionResult.objects.filter(scorecard_id__in=card_ids)
        .order_by()
        .values_list(*fields, *(["max_points"] if maximum else []))
    ):
        max_points = rest[0] if rest else None
        found.setdefault(card_id, {})[number] = (self_points, review_points, max_points)
    return found


def trends(unit_ids: list[int], year: int) -> dict[int, list[TrendPoint]]:
    """Review total (self total while not reviewed) for year-2, year-1 and year, one query."""
    years = [year - 2, year - 1, year]
    found: dict[int, dict[int, TrendPoint]] = {}
    for unit_id, card_year, status, self_total, review_total in (
        Scorecard.objects.filter(round__unit__in=unit_ids, round__framework__year__in=years)
        .order_by()
        .values_list(
            "round__unit_id", "round__framework__year", "status", "self_total", "review_total"
        )
    ):
        reviewed = status in REVIEW_DONE and review_total is not None
        value = review_total if reviewed else self_total
        found.setdefault(unit_id, {})[card_year] = TrendPoint(card_year, value, reviewed)
    return {
        pk: [found.get(pk, {}).get(y, TrendPoint(y, None, False)) for y in years] for pk in unit_ids
    }


def bonus_part(total: Decimal | None, criteria: list[Decimal | None]) -> Decimal | None:
    """The bonus counted in `total`: what the criteria's points (bonus items apart, as the
    scorecard stores them) leave of it. No query."""
    if total is None:
        return None
    return total - sum((v for v in criteria if v is not None), Decimal(0))


def build_rows(units: list[Unit], numbers: list[int], year: int) -> list[Row]:
    results = criterion_results([u.card_id for u in units if u.card_id])
    unit_trends = trends([u.pk for u in units], year)
    labels = {True: _("Thẩm định"), False: _("Tự chấm")}
    rows = []
    for unit in units:
        row = Row(unit, trend=unit_trends[unit.pk])
        mine = results.get(unit.card_id, {})
        for number in numbers:
            self_points, review_points, max_points = mine.get(number, (None, None, None))
            if row.reviewed and review_points is not None:
                row.cells.append(HeatCell(review_points, max_points, True, labels[True]))
            else:
                row.cells.append(HeatCell(self_points, max_points, False, labels[False]))
        if any(cell.value is not None for cell in row.cells):
            total = unit.review_shown if row.reviewed else unit.self_total
            row.bonus = HeatCell(
                bonus_part(total, [c.value for c in row.cells]), None, row.reviewed
            )
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
