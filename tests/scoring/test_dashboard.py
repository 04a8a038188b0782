"""The reviewers' dashboard: who may open it, what it shows, and that it stays fast."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from criteria.models import Assignment
from criteria.services import framework_copy, framework_load_default
from dvcq.org.models import Role, UnitKind
from evidence.models import EvidenceFile, EvidenceRecord
from scoring.models import CriterionResult, ItemScore, Scorecard, Status
from scoring.selectors import item_scores
from scoring.services import scorecard_for_round, store_totals
from tests.factories import ProvinceFactory, RoundFactory, UnitFactory, UserFactory

URL = "/tong-hop/"
D = Decimal


def scored(unit, framework, status=Status.DRAFTING, short=None, deduct=None) -> Scorecard:
    """A scorecard through the services: every item self-scored at its maximum except `short`
    ({code: points}), review points less `deduct` ({code: points}), totals stored."""
    card = scorecard_for_round(RoundFactory(unit=unit, framework=framework))
    scores = item_scores(card)
    for score in scores:
        if score.item.is_bonus:
            continue
        score.self_points = (short or {}).get(score.item.code, score.item.max_points)
        if status in (Status.IN_REVIEW, Status.REVIEWED, Status.PUBLISHED):
            score.review_points = score.self_points - (deduct or {}).get(score.item.code, 0)
    ItemScore.objects.bulk_update(scores, ["self_points", "review_points"])
    Scorecard.objects.filter(pk=card.pk).update(status=status)
    card.refresh_from_db()
    store_totals(card)
    card.refresh_from_db()
    return card


def rows(response) -> list[str]:
    return [row.unit.code for row in response.context["rows"]]


@pytest.fixture
def season(framework_2025, province, ba_thanh, an_phu):
    """Ba Thành published (self 96,00, reviewed 90,00), An Phú submitted, Sơn Tịnh without round."""
    son_tinh = UnitFactory(code="son-tinh", name="Xã Sơn Tịnh", parent=province)
    return {
        "ba_thanh": scored(
            ba_thanh,
            framework_2025,
            Status.PUBLISHED,
            short={"3.4": D("1.50"), "5.3": D("3.00"), "8.3": D("1.50")},
            deduct={"1.1": D("1.00"), "6.4": D("3.00"), "2.2": D("2.00")},
        ),
        "an_phu": scored(an_phu, framework_2025, Status.SUBMITTED, short={"2.3": D("2.00")}),
        "son_tinh": son_tinh,
    }


@pytest.fixture
def other_province_card(framework_2025):
    other = ProvinceFactory(code="binh-dinh", name="Tỉnh Bình Định")
    unit = UnitFactory(code="nhon-ly", name="Xã Nhơn Lý", parent=other)
    framework = framework_load_default(owner=other)
    return scored(unit, framework, Status.PUBLISHED)


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COMPILER, Role.OFFICER, Role.LEADER])
def test_unit_roles_are_refused(client, ba_thanh, role):
    client.force_login(UserFactory(unit=ba_thanh, roles=[role]))
    assert client.get(URL).status_code == 403
    assert client.get("/tong-hop/2025/bang-diem.xlsx").status_code == 403


def test_a_commune_reviewer_role_sees_only_units_below_it(client, season, ba_thanh):
    # A reviewer grant in a commune (no unit below it) sees nothing, not the commune itself.
    client.force_login(UserFactory(unit=ba_thanh, roles=[Role.REVIEWER]))
    response = client.get(URL)
    assert response.status_code == 200 and rows(response) == []


def test_reviewer_sees_every_unit_below_and_nothing_else(
    client, reviewer, season, other_province_card, province, framework_2025
):
    scored(province, framework_2025, Status.SUBMITTED)  # the reviewer's own unit
    client.force_login(reviewer)
    response = client.get(URL)
    assert rows(response) == ["an-phu", "ba-thanh", "son-tinh"]
    assert "Nhơn Lý" not in response.text and "Tỉnh Quảng Ngãi</a>" not in response.text
    assert response.context["total"] == 3


def test_menu_entry_for_reviewers_only(client, reviewer, compiler):
    client.force_login(reviewer)
    assert "Tổng hợp chấm điểm" in client.get("/").text
    client.force_login(compiler)
    assert "Tổng hợp chấm điểm" not in client.get("/").text


def test_superuser_sees_units_of_every_province(client, season, other_province_card):
    client.force_login(UserFactory(unit=None, is_superuser=True, is_staff=True))
    assert {"ba-thanh", "an-phu", "son-tinh", "nhon-ly"} <= set(rows(client.get(URL)))


# --- what it shows ---------------------------------------------------------------------------


def test_rows_show_stored_totals_difference_class_and_link(client, reviewer, season):
    card = season["ba_thanh"]
    assert (card.self_total, card.review_total) == (D("96.00"), D("90.00"))
    client.force_login(reviewer)
    response = client.get(URL)
    by_code = {row.unit.code: row for row in response.context["rows"]}
    ba_thanh = by_code["ba-thanh"]
    assert ba_thanh.status_label == "Đã công bố"
    assert ba_thanh.class_label == "Hoàn thành xuất sắc nhiệm vụ"
    assert ba_thanh.unit.diff == D("-6.00")
    html = response.text
    assert "96,00" in html and "90,00" in html
    assert '<span class="text-danger fw-semibold">−6,00</span>' in html
    assert f'href="/cham-diem/{card.pk}/"' in html
    # Submitted: self total only, no review figure nor class yet.
    an_phu = by_code["an-phu"]
    assert an_phu.unit.self_total == D("99.00") and an_phu.unit.review_shown is None
    assert an_phu.class_label == "" and an_phu.unit.diff is None
    assert by_code["son-tinh"].status_label == "Chưa có kỳ đánh giá"


def test_figures_come_from_the_stored_totals_not_the_items(client, reviewer, season):
    # A stored total that no longer matches the items is shown as stored.
    card = season["ba_thanh"]
    Scorecard.objects.filter(pk=card.pk).update(self_total=D("91.25"))
    CriterionResult.objects.filter(scorecard=card, criterion__number=3).update(
        review_points=D("7.25")
    )
    client.force_login(reviewer)
    html = client.get(URL).text
    assert "91,25" in html
    assert ">7,25</td>" in html


def test_heat_table_colours_review_points_and_marks_self_points(client, reviewer, season):
    client.force_login(reviewer)
    response = client.get(URL)
    by_code = {row.unit.code: row for row in response.context["rows"]}
    ba_thanh = by_code["ba-thanh"].cells
    # Criterion 6: 12 points, 3 deducted → 9,00 = 75 % (reviewed figure).
    assert (ba_thanh[5].value, ba_thanh[5].reviewed, ba_thanh[5].level) == (
        D("9.00"),
        True,
        "heat-3",
    )
    assert ba_thanh[0].level == "heat-3"  # 8/9 = 88 %
    assert ba_thanh[3].level == "heat-4"
    # An Phú is not reviewed: self points, drawn as such.
    an_phu = by_code["an-phu"].cells
    assert an_phu[1].value == D("8.00") and not an_phu[1].reviewed
    assert [n for n, _t in response.context["headers"]] == list(range(1, 11))
    table = response.text.split('data-testid="heat-table"')[1]
    assert "heat-self" in table and "TC 10" in table


def test_charts_show_the_class_distribution_and_self_against_review(client, reviewer, season):
    client.force_login(reviewer)
    response = client.get(URL)
    counts = {bar.key: bar.count for bar in response.context["bars"]}
    assert counts["excellent"] == 1 and counts["unclassified"] == 2 and counts["good"] == 0
    assert 'data-class="excellent" data-count="1"' in response.text
    dots = response.context["scatter"]["dots"]
    assert [d.title for d in dots] == ["Xã Ba Thành: 96,00 → 90,00"] and dots[0].lower
    assert "<circle" in response.text.split('data-testid="scatter-chart"')[1]


def test_filters_and_search(client, reviewer, season, province):
    UnitFactory(code="phuong-1", name="Phường Một", parent=province, kind=UnitKind.WARD)
    client.force_login(reviewer)
    assert rows(client.get(URL, {"status": "published"})) == ["ba-thanh"]
    assert rows(client.get(URL, {"status": "none"})) == ["phuong-1", "son-tinh"]
    assert rows(client.get(URL, {"classification": "excellent"})) == ["ba-thanh"]
    assert rows(client.get(URL, {"classification": "unclassified", "kind": "commune"})) == [
        "an-phu",
        "son-tinh",
    ]
    assert rows(client.get(URL, {"kind": "ward"})) == ["phuong-1"]
    assert rows(client.get(URL, {"q": "An Ph"})) == ["an-phu"]
    assert rows(client.get(URL, {"q": "son-tinh"})) == ["son-tinh"]
    # A value that is not a choice is ignored, not an error page.
    assert len(rows(client.get(URL, {"status": "bogus"}))) == 4


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["an-phu", "ba-thanh", "son-tinh"]),
        ("-name", ["son-tinh", "ba-thanh", "an-phu"]),
        ("self", ["ba-thanh", "an-phu", "son-tinh"]),
        ("-self", ["an-phu", "ba-thanh", "son-tinh"]),  # no figure: last either way
        ("status", ["son-tinh", "an-phu", "ba-thanh"]),
        ("-diff", ["ba-thanh", "an-phu", "son-tinh"]),
        ("class", ["ba-thanh", "an-phu", "son-tinh"]),
    ],
)
def test_sort_order(client, reviewer, season, sort, expected):
    client.force_login(reviewer)
    assert rows(client.get(URL, {"sort": sort})) == expected


def test_overdue_evidence_counts_items_past_deadline_without_a_live_file(
    client, reviewer, season, compiler
):
    assessment_round = season["an_phu"].round
    items = list(
        assessment_round.framework.criteria.get(number=1).items.order_by("number")
    )  # 1.1, 1.2, 1.3
    today = timezone.localdate()
    past, future = today - timedelta(days=3), today + timedelta(days=3)
    a1, a2, a3 = (
        Assignment.objects.create(round=assessment_round, item=item, deadline=deadline)
        for item, deadline in zip(items, [past, past, future], strict=True)
    )
    record = EvidenceRecord.objects.create(
        round=assessment_round, summary="Kế hoạch", created_by=compiler
    )
    record.assignments.set([a2, a3])
    EvidenceFile.objects.create(
        record=record,
        file="evidence/x.pdf",
        original_name="ke-hoach.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=compiler,
    )
    client.force_login(reviewer)
    by_code = {row.unit.code: row for row in client.get(URL).context["rows"]}
    assert by_code["an-phu"].unit.overdue == 1  # a1 only: a2 has a file, a3 is not due yet
    # A deleted record no longer counts as evidence.
    EvidenceRecord.objects.filter(pk=record.pk).update(deleted_at=timezone.now())
    by_code = {row.unit.code: row for row in client.get(URL).context["rows"]}
    assert by_code["an-phu"].unit.overdue == 2
    assert by_code["ba-thanh"].unit.overdue == 0


def test_sort_by_overdue_and_by_last_activity(client, reviewer, season):
    from scoring.models import Transition

    past = timezone.localdate() - timedelta(days=3)
    for card, n in ((season["an_phu"], 2), (season["ba_thanh"], 1)):
        for item in card.round.framework.criteria.get(number=1).items.order_by("number")[:n]:
            Assignment.objects.create(round=card.round, item=item, deadline=past)
    Transition.objects.create(
        scorecard=season["ba_thanh"],
        action="submit",
        from_status="drafting",
        to_status="submitted",
        user=reviewer,
    )
    Transition.objects.update(at=timezone.now() + timedelta(days=2))
    client.force_login(reviewer)
    assert rows(client.get(URL, {"sort": "-overdue"})) == ["an-phu", "ba-thanh", "son-tinh"]
    assert rows(client.get(URL, {"sort": "overdue"})) == ["son-tinh", "ba-thanh", "an-phu"]
    # No scorecard, no activity: last either way.
    assert rows(client.get(URL, {"sort": "-activity"})) == ["ba-thanh", "an-phu", "son-tinh"]
    assert rows(client.get(URL, {"sort": "activity"})) == ["an-phu", "ba-thanh", "son-tinh"]
    # The spreadsheet, which prints neither figure, sorts by them alike.
    response = client.get("/tong-hop/2025/bang-diem.xlsx", {"sort": "-overdue"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["an-phu", "ba-thanh", "son-tinh"]


def test_last_activity_is_the_latest_transition_or_update(client, reviewer, season):
    from scoring.models import Transition

    card = season["an_phu"]
    later = timezone.now() + timedelta(days=2)
    Transition.objects.create(
        scorecard=card,
        action="submit",
        from_status="drafting",
        to_status="submitted",
        user=reviewer,
    )
    Transition.objects.filter(scorecard=card).update(at=later)
    client.force_login(reviewer)
    by_code = {row.unit.code: row for row in client.get(URL).context["rows"]}
    assert by_code["an-phu"].unit.last_activity == later
    assert by_code["ba-thanh"].unit.last_activity == season["ba_thanh"].updated_at
    assert by_code["son-tinh"].unit.last_activity is None


def test_year_selector_defaults_to_the_latest_year_past_drafting_and_shows_a_trend(
    client, reviewer, framework_2025, ba_thanh, an_phu
):
    framework_2024 = framework_copy(framework=framework_2025, year=2024)
    framework_2026 = framework_copy(framework=framework_2025, year=2026)
    scored(ba_thanh, framework_2024, Status.PUBLISHED, deduct={"1.1": D("1.50")})
    scored(ba_thanh, framework_2025, Status.SUBMITTED, short={"1.1": D("2.00")})
    scored(an_phu, framework_2026, Status.DRAFTING)
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.context["year"] == 2025 and response.context["years"] == [2026, 2025, 2024]
    ba = {row.unit.code: row for row in response.context["rows"]}["ba-thanh"]
    assert [(p.year, p.value, p.reviewed) for p in ba.trend] == [
        (2023, None, False),
        (2024, D("98.50"), True),
        (2025, D("99.00"), False),
    ]
    assert ba.trend_title == "2023: —; 2024: 98,50 (thẩm định); 2025: 99,00 (tự chấm)"
    assert client.get(URL, {"year": "2026"}).context["year"] == 2026


def test_years_come_from_the_reviewers_own_units(
    client, reviewer, framework_2025, ba_thanh, other_province_card
):
    """Another province's year (its framework, its submitted scorecard) is neither listed nor
    the default: only rounds of the reviewer's units count, and only their scorecards make a
    year the default."""
    scored(ba_thanh, framework_2025, Status.DRAFTING)
    other_year = framework_copy(framework=other_province_card.round.framework, year=2027)
    scored(other_province_card.round.unit, other_year, Status.SUBMITTED)
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.context["years"] == [2025] and response.context["year"] == 2025


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_has_every_unit_and_criterion_for_the_reviewer_only(
    client, reviewer, season, other_province_card
):
    client.force_login(reviewer)
    response = client.get("/tong-hop/2025/bang-diem.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-cham-diem-2025.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:8] == (
        "Mã đơn vị",
        "Tên đơn vị",
        "Trạng thái",
        "Tổng điểm tự chấm",
        "Tổng điểm thẩm định",
        "Xếp loại",
        "TC 1 tự chấm",
        "TC 1 thẩm định",
    )
    assert values[0][-3:] == ("TC 10 thẩm định", "Điểm thưởng tự chấm", "Điểm thưởng thẩm định")
    assert len(values[0]) == 28
    assert sheet.freeze_panes == "C2"
    codes = [row[0] for row in values[1:]]
    assert codes == ["an-phu", "ba-thanh", "son-tinh"]  # never Nhơn Lý of another province
    ba_thanh = values[2]
    assert ba_thanh[2:6] == ("Đã công bố", 96, 90, "Hoàn thành xuất sắc nhiệm vụ")
    assert ba_thanh[6:8] == (9, 8)  # criterion 1: self 9,00, reviewed 8,00
    assert ba_thanh[16:18] == (12, 9)  # criterion 6
    assert sheet.cell(row=3, column=4).number_format == "0.00"
    an_phu = values[1]
    assert an_phu[4] is None and an_phu[8:10] == (8, None)  # not reviewed: no review figures


def test_xlsx_follows_the_page_filters(client, reviewer, season):
    client.force_login(reviewer)
    response = client.get("/tong-hop/2025/bang-diem.xlsx", {"status": "submitted"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["an-phu"]


# --- speed -----------------------------------------------------------------------------------


def _units_with_cards(province, framework, n: int) -> None:
    statuses = [Status.DRAFTING, Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED, None]
    for i in range(n):
        unit = UnitFactory(parent=province)
        status = statuses[i % len(statuses)]
        if status:
            card = scored(unit, framework, status, deduct={"1.1": D("0.50")})
            assessment_round = card.round
            item = framework.criteria.get(number=2).items.first()
            Assignment.objects.create(round=assessment_round, item=item, deadline=date(2000, 1, 1))


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow_with_units(
    client, reviewer, province, framework_2025, django_assert_num_queries, n
):
    framework_2024 = framework_copy(framework=framework_2025, year=2024)
    _units_with_cards(province, framework_2025, n)
    for unit in list(province.children.all())[:3]:
        scored(unit, framework_2024, Status.PUBLISHED)
    client.force_login(reviewer)
    # session, user, role grants, reviewer's unit, unit tree (one level below the communes),
    # years, summary, count, criteria, page, criterion results, trend, notification count.
    with django_assert_num_queries(13):
        response = client.get(URL, {"sort": "-overdue"})
    assert len(response.context["rows"]) == n
    # session, user, role grants, reviewer's unit, unit tree, years, criteria, units, criterion
    # results (by subquery, not a list of ids).
    with django_assert_num_queries(9):
        response = client.get("/tong-hop/2025/bang-diem.xlsx")
    assert load_workbook(BytesIO(response.content)).active.max_row == n + 1


def test_search_ignores_case_and_accents(client, reviewer, ba_thanh, framework_2025):
    from criteria.services import round_create

    round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(reviewer)
    for query in ("BA THÀNH", "ba thanh", "Ba Thành"):
        html = client.get("/tong-hop/", {"year": 2025, "q": query}).content.decode()
        assert "Xã Ba Thành" in html, query


def test_export_of_a_year_without_rounds_is_not_found(client, reviewer, province):
    client.force_login(reviewer)
    assert client.get("/tong-hop/2030/bang-diem.xlsx").status_code == 404
