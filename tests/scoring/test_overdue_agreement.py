"""One overdue rule: the officer's task list, the compiler's evidence overview and the
reviewer's dashboard show the same late items for the same round."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from criteria.models import Assignment
from dvcq.org.models import Role, Unit
from evidence.models import EvidenceFile, ItemReview
from evidence.services import file_add, file_replace, record_create, record_delete, review_set
from tests.evidence import files
from tests.factories import (
    AssignmentFactory,
    CriterionFactory,
    FrameworkFactory,
    PositionFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 1)
PAST, LATER = date(2025, 10, 24), date(2025, 12, 31)


def _at(day: int, month: int = 10) -> datetime:
    return datetime(2025, month, day, 9, 0, tzinfo=UTC)


def _upload(assignment, user, on: datetime):
    record = record_create(
        assignment=assignment,
        user=user,
        number=f"{assignment.pk}-{on:%m%d}/BC-UBND",
        issued_on=date(2025, 9, 1),
        issuer="UBND xã",
        summary="Báo cáo",
    )
    upload = SimpleUploadedFile("bao-cao.pdf", files.pdf(f"item {assignment.pk} {on}"))
    filed = file_add(record=record, upload=upload, user=user)
    EvidenceFile.objects.filter(pk=filed.file.pk).update(uploaded_at=on)


def _verdict(assignment, user, status: str, on: datetime):
    review_set(assignment=assignment, user=user, status=status, comment="Xem lại.")
    ItemReview.objects.filter(assignment=assignment).update(reviewed_at=on)


@pytest.fixture
def world(ba_thanh, province, compiler, reviewer):
    """One round of Ba Thành, one item in each evidence state, all led by one officer."""
    framework = FrameworkFactory(owner=province, year=2025)
    criterion = CriterionFactory(framework=framework, number=1)
    assessment_round = RoundFactory(unit=ba_thanh, framework=framework)
    position = PositionFactory(unit=ba_thanh, name="Công chức Văn phòng - Thống kê")
    officer = UserFactory(unit=ba_thanh, roles=[Role.OFFICER], positions=[position])

    def item(number: int, deadline: date):
        return AssignmentFactory(
            round=assessment_round,
            item__criterion=criterion,
            item__number=number,
            deadline=deadline,
            lead=[position],
        )

    # The dates are chosen so that a verdict compared with another item's uploads (the
    # dashboard's old bug) gives a different count.
    nothing = item(1, PAST)  # no evidence, past the deadline: late
    filed = item(2, PAST)  # filed, not checked yet: not late
    _upload(filed, officer, _at(1))
    needs_more = item(3, PAST)  # "cần bổ sung" after the last upload: late
    _upload(needs_more, officer, _at(3, month=8))
    _verdict(needs_more, compiler, "needs_more", _at(4, month=8))
    refiled = item(4, PAST)  # "cần bổ sung", then a new file: filed again, not late
    _upload(refiled, officer, _at(1, month=8))
    _verdict(refiled, compiler, "needs_more", _at(2, month=8))
    _upload(refiled, officer, _at(20))
    accepted = item(5, PAST)  # accepted: not late
    _upload(accepted, officer, _at(1))
    _verdict(accepted, compiler, "accepted", _at(5))
    item(6, LATER)  # no evidence, not due yet: not late
    return {
        "round": assessment_round,
        "officer": officer,
        "late": {nothing.item.code, needs_more.item.code},
    }


@time_machine.travel(datetime(2025, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_the_three_pages_show_the_same_overdue_items(client, world, compiler, reviewer, ba_thanh):
    late = world["late"]
    assert late == {"1.1", "1.3"}

    # The officer's "Việc của tôi" on the home page.
    client.force_login(world["officer"])
    home = client.get("/")
    tasks = home.context["tasks"]
    assert len(tasks) == 6
    assert {t.assignment.item.code for t in tasks if t.overdue} == late
    assert len(re.findall(r"list-group-item-danger\" data-testid=\"task\"", home.text)) == 2

    # The compiler's evidence overview, and its "quá hạn" filter.
    client.force_login(compiler)
    url = f"/minh-chung/ky/{world['round'].pk}/"
    rows = client.get(url).context["rows"]
    assert {r["a"].item.code for r in rows if r["overdue"]} == late
    only_late = client.get(url, {"overdue": "1"})
    assert {r["a"].item.code for r in only_late.context["rows"]} == late
    assert only_late.text.count('class="table-danger"') == 2

    # The reviewer's dashboard: the unit's "Minh chứng quá hạn" column.
    client.force_login(reviewer)
    dashboard = client.get("/tong-hop/", {"year": "2025"})
    row = next(r for r in dashboard.context["rows"] if r.unit.pk == ba_thanh.pk)
    assert row.unit.overdue == 2
    cell = re.search(
        r'data-col="overdue"><span class="text-danger fw-semibold">(\d+)</span>', dashboard.text
    )
    assert cell and cell.group(1) == "2"


def test_the_set_form_of_the_rule_agrees_with_the_row_form(world, compiler):
    """`Assignment.objects.overdue` (a set, for the dashboard's counts) and the annotations of
    `with_evidence_state` (per row, for the lists) give the same answer, also for deleted
    records and replaced files."""
    assessment_round, officer = world["round"], world["officer"]
    criterion = assessment_round.framework.criteria.get()

    def item(number: int):
        return AssignmentFactory(
            round=assessment_round, item__criterion=criterion, item__number=number, deadline=PAST
        )

    deleted = item(7)  # its only record deleted: late
    _upload(deleted, officer, _at(1))
    record_delete(record=deleted.evidence_records.get(), user=compiler)
    replaced = item(8)  # "cần bổ sung", then the file replaced by a newer one: not late
    _upload(replaced, officer, _at(1, month=8))
    _verdict(replaced, compiler, "needs_more", _at(2, month=8))
    old = EvidenceFile.objects.get(record__assignments=replaced)
    upload = SimpleUploadedFile("bao-cao-2.pdf", files.pdf("item 8, second version"))
    new = file_replace(old=old, upload=upload, user=officer)
    EvidenceFile.objects.filter(pk=new.pk).update(uploaded_at=_at(20))
    sent_back = item(9)  # the old file was newer than the verdict, the live one is not: late
    _upload(sent_back, officer, _at(1, month=8))
    old = EvidenceFile.objects.get(record__assignments=sent_back)
    upload = SimpleUploadedFile("bao-cao-3.pdf", files.pdf("item 9, second version"))
    new = file_replace(old=old, upload=upload, user=officer)
    EvidenceFile.objects.filter(pk=old.pk).update(uploaded_at=_at(20))
    EvidenceFile.objects.filter(pk=new.pk).update(uploaded_at=_at(3, month=8))
    _verdict(sent_back, compiler, "needs_more", _at(4, month=8))

    mine = Assignment.objects.filter(round=assessment_round)
    by_row = mine.with_evidence_state(TODAY)
    assert {a.item.code for a in by_row if a.is_overdue} == world["late"] | {"1.7", "1.9"}
    assert {a.item.code for a in mine.overdue(TODAY)} == world["late"] | {"1.7", "1.9"}
    assert {a.pk for a in mine.not_owed()} == {a.pk for a in by_row if not a.is_owed}
    # …and counted in a join from the unit, as the dashboard sorts by it.
    late = mine.overdue_condition(TODAY, "rounds__assignments")
    unit = Unit.objects.annotate(late=Count("rounds__assignments", filter=late))
    assert unit.get(pk=assessment_round.unit_id).late == 4
