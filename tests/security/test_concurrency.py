"""No silent overwrite and no duplicate decision (issue 12, point 8).

Stale pages (every database): a form opened before someone else saved is refused, the newer
value is kept and shown, and a second save from the refused page applies. Parallel requests
(PostgreSQL only: SQLite serialises every write, so it cannot show a race): twenty threads on
their own connections start together behind a barrier; exactly one is accepted and the others
are refused with a message, never with an IntegrityError.
"""

import re
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from criteria.models import Assignment
from dvcq.locking import Conflict
from dvcq.org.models import Role
from evidence.models import ItemReview, ReviewStatus
from evidence.services import review_set, review_token
from models_dvk.models import (
    Appraisal,
    MemberScore,
    ModelEvent,
    Step,
)
from models_dvk.services.appraisal import (
    appraisal_conclude,
    member_scores_save,
    member_sheet_token,
    recognition_record,
)
from models_dvk.services.rubrics import criteria_for
from scoring.models import Scorecard, Status
from scoring.services import review_notes_save, scorecard_for_round
from tests.factories import (
    AssignmentFactory,
    CriterionFactory,
    FrameworkFactory,
    ItemFactory,
    RoundFactory,
    UserFactory,
)

THREADS = 20

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writes need real concurrent connections (PostgreSQL); SQLite serialises them",
)


def run_parallel(prepare, act, n: int = THREADS) -> list:
    """Run `act(i, prepare(i))` in `n` threads released together; returns each thread's result
    or the exception it raised. Each thread reads with its own connection before the barrier
    (so every one starts from the same, soon stale, state) and closes it at the end."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def target(i: int) -> None:
        try:
            prepared = prepare(i)
            barrier.wait(timeout=30)
            outcomes[i] = act(i, prepared)
        except Exception as error:  # noqa: BLE001 — every outcome is asserted by the test
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck on a lock"
    return outcomes


def refused(outcomes, kind) -> list:
    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, kind)]
    assert not unexpected, unexpected  # no IntegrityError, no deadlock, nothing else
    return [o for o in outcomes if isinstance(o, kind)]


def token_of(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


# --- data --------------------------------------------------------------------------------


@pytest.fixture
def second_reviewer(province):
    return UserFactory(
        username="tinh.danhgia2", full_name="Lê Thị Thẩm Định", unit=province,
        roles=[Role.REVIEWER],
    )  # fmt: skip


@pytest.fixture
def card_in_review(province, ba_thanh):
    """A two-criterion scorecard under review (built directly: the workflow is not the point)."""
    framework = FrameworkFactory(owner=province)
    for number in (1, 2):
        ItemFactory(criterion=CriterionFactory(framework=framework, number=number), number=1)
    card = scorecard_for_round(RoundFactory(unit=ba_thanh, framework=framework))
    Scorecard.objects.filter(pk=card.pk).update(status=Status.IN_REVIEW)
    card.refresh_from_db()
    return card


def full_sheet(appraisal, first=None) -> dict:
    """{criterion id: (points, None)}: every criterion at its maximum, the first one at `first`."""
    criteria = criteria_for(appraisal.rubric, appraisal.model)
    scores = {c.pk: (c.max_points, None) for c in criteria}
    if first is not None:
        scores[criteria[0].pk] = (Decimal(first), None)
    return scores


def sheet_post(appraisal, token: str, first: str) -> dict:
    criteria = criteria_for(appraisal.rubric, appraisal.model)
    data = {f"c-{c.pk}": str(c.max_points).replace(".", ",") for c in criteria}
    data[f"c-{criteria[0].pk}"] = first
    return {**data, "token": token}


def scored(appraisal, party, leader) -> None:
    for member in (party, leader):
        member_scores_save(
            appraisal=appraisal, user=party, member=member, scores=full_sheet(appraisal)
        )


@pytest.fixture
def assignment(ba_thanh):
    return AssignmentFactory(round__unit=ba_thanh)


@pytest.fixture
def second_compiler(ba_thanh):
    return UserFactory(
        username="bathanh.vanphong2", full_name="Trần Thị Văn Phòng", unit=ba_thanh,
        roles=[Role.COMPILER],
    )  # fmt: skip


# --- (a) stale pages -----------------------------------------------------------------------


def test_a_stale_page_does_not_reset_another_reviewers_ruling(
    client, card_in_review, reviewer, second_reviewer
):
    url = f"/cham-diem/{card_in_review.pk}/"
    criterion = card_in_review.criteria.get(criterion__number=1).criterion_id
    client.force_login(reviewer)
    stale = token_of(client.get(url).text, "version")

    client.force_login(second_reviewer)
    newer = token_of(client.get(url).text, "version")
    saved = client.post(
        f"{url}nhan-xet/",
        {
            f"note-{criterion}": "Còn đơn thư tồn đọng.",
            "ineligible": "on",
            "reason": "Khiếu kiện đông người.",
            "version": newer,
        },
    )
    assert saved.status_code == 302

    client.force_login(reviewer)
    response = client.post(
        f"{url}nhan-xet/",
        {f"note-{criterion}": "Giải quyết đơn thư tốt.", "reason": "", "version": stale},
    )
    assert response.status_code == 400
    # Who saved the newer values, from the scorecard's history.
    assert f"{second_reviewer} đã lưu nhận xét thẩm định lúc" in response.text
    assert "hãy xem lại rồi lưu lại" in response.text
    # The newer values are shown beside what this reviewer typed, which stays in the form.
    assert "Còn đơn thư tồn đọng." in response.text
    assert "Khiếu kiện đông người." in response.text
    assert "Giải quyết đơn thư tốt." in response.text
    card_in_review.refresh_from_db()
    assert card_in_review.ineligible
    assert card_in_review.ineligible_reason == "Khiếu kiện đông người."
    assert card_in_review.criteria.get(criterion__number=1).review_note == "Còn đơn thư tồn đọng."

    # Having seen the newer values, a second save from the refused page applies.
    again = client.post(
        f"{url}nhan-xet/",
        {
            f"note-{criterion}": "Giải quyết đơn thư tốt.",
            "reason": "",
            "version": token_of(response.text, "version"),
        },
    )
    assert again.status_code == 302
    card_in_review.refresh_from_db()
    assert not card_in_review.ineligible


def test_a_coordinators_stale_entry_does_not_overwrite_a_members_sheet(
    client, appraisal, party, leader
):
    url = f"/dan-van-kheo/tham-dinh/{appraisal.pk}/cham/"
    client.force_login(party)  # opens the leader's paper sheet, still empty
    stale = token_of(client.get(f"{url}?member={leader.pk}").text, "token")

    client.force_login(leader)
    own = token_of(client.get(url).text, "token")
    assert client.post(url, sheet_post(appraisal, own, "4,5")).status_code == 302

    client.force_login(party)
    response = client.post(
        f"{url}?member={leader.pk}", {**sheet_post(appraisal, stale, "3"), "member": leader.pk}
    )
    assert response.status_code == 400
    assert "Người khác đã lưu phiếu chấm của Phạm Văn Chủ Tịch trong lúc bạn nhập" in response.text
    assert 'data-testid="newer-score"' in response.text and "4,50" in response.text
    first = criteria_for(appraisal.rubric, appraisal.model)[0]
    assert MemberScore.objects.get(member=leader, criterion=first).points == 4.5

    # The refused page carries the newer token: saving it again is a deliberate overwrite.
    again = client.post(
        f"{url}?member={leader.pk}",
        {**sheet_post(appraisal, token_of(response.text, "token"), "3"), "member": leader.pk},
    )
    assert again.status_code == 302
    assert MemberScore.objects.get(member=leader, criterion=first).points == 3


def test_a_conclusion_made_meanwhile_is_shown_not_made_twice(client, appraisal, party, leader):
    scored(appraisal, party, leader)
    client.force_login(party)
    page = f"/dan-van-kheo/mo-hinh/{appraisal.model_id}/tham-dinh/"
    client.get(page)  # both coordinators' pages show the conclusion form
    appraisal_conclude(
        appraisal=Appraisal.objects.get(pk=appraisal.pk),
        user=party,
        minutes="Đạt.",
        notice_number="15-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )
    response = client.post(
        f"{page}ket-luan/",
        {
            "minutes": "Không đạt.",
            "notice_number": "16-TB/ĐU",
            "notice_date": "27/09/2026",
        },
    )
    assert response.status_code == 400
    assert "Hội nghị thẩm định đã kết luận: không ghi lại được." in response.text
    assert "15-TB/ĐU" in response.text  # the conclusion that stands
    assert Appraisal.objects.get(pk=appraisal.pk).notice_number == "15-TB/ĐU"


def test_a_stale_evidence_review_is_refused_and_the_newer_one_shown(
    client, assignment, compiler, second_compiler
):
    url = f"/minh-chung/noi-dung/{assignment.pk}/"
    client.force_login(compiler)
    stale = token_of(client.get(url).text, "token")

    client.force_login(second_compiler)
    newer = token_of(client.get(url).text, "token")
    client.post(
        f"{url}xem-xet/",
        {"status": "needs_more", "comment": "Thiếu biên bản hội nghị.", "token": newer},
    )

    client.force_login(compiler)
    response = client.post(
        f"{url}xem-xet/",
        {"status": "needs_more", "comment": "Bổ sung báo cáo quý.", "token": stale},
        follow=True,
    )
    assert "Trần Thị Văn Phòng đã ghi kết quả “Cần bổ sung” lúc" in response.text
    assert "Thiếu biên bản hội nghị." in response.text  # the newer verdict is in the form
    review = ItemReview.objects.get(assignment=assignment)
    assert review.comment == "Thiếu biên bản hội nghị." and review.reviewed_by == second_compiler


# --- (b) parallel requests (PostgreSQL) ----------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_rulings_from_the_same_page_are_accepted_once(
    card_in_review, reviewer, second_reviewer
):
    version = card_in_review.version

    def act(i, card):
        return review_notes_save(
            scorecard=card,
            user=reviewer if i % 2 else second_reviewer,
            notes={},
            ineligible=True,
            reason=f"Lý do {i}",
            version=version,
        )

    outcomes = run_parallel(lambda i: Scorecard.objects.get(pk=card_in_review.pk), act)
    assert len(refused(outcomes, Conflict)) == THREADS - 1
    winner = next(o for o in outcomes if isinstance(o, Scorecard))
    card_in_review.refresh_from_db()
    assert card_in_review.ineligible_reason == winner.ineligible_reason


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_sheets_from_the_same_page_are_accepted_once(appraisal, party, leader):
    token = member_sheet_token(appraisal, leader)

    def act(i, loaded):
        member_scores_save(
            appraisal=loaded,
            user=party if i % 2 else leader,  # the coordinator and the member at once
            member=leader,
            scores=full_sheet(appraisal, first=i % 5),
            token=token,
        )
        return i

    outcomes = run_parallel(lambda i: Appraisal.objects.get(pk=appraisal.pk), act)
    assert len(refused(outcomes, Conflict)) == THREADS - 1
    winner = next(o for o in outcomes if isinstance(o, int))
    first = criteria_for(appraisal.rubric, appraisal.model)[0]
    assert MemberScore.objects.get(member=leader, criterion=first).points == winner % 5


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_sheets_without_a_page_never_break_the_unique_constraint(appraisal, party, leader):
    """The demo and scripts save without a token: one after the other, no 500."""
    outcomes = run_parallel(
        lambda i: Appraisal.objects.get(pk=appraisal.pk),
        lambda i, loaded: member_scores_save(
            appraisal=loaded, user=leader, member=leader, scores=full_sheet(appraisal, first=1)
        ),
    )
    assert refused(outcomes, Conflict) == []
    assert MemberScore.objects.filter(member=leader).count() == len(full_sheet(appraisal))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_conclusions_are_accepted_once(appraisal, party, leader):
    scored(appraisal, party, leader)

    def act(i, loaded):
        return appraisal_conclude(
            appraisal=loaded,
            user=party,
            minutes=f"Biên bản {i}.",
            notice_number=f"{i}-TB/ĐU",
            notice_date=date(2026, 9, 26),
        )

    outcomes = run_parallel(lambda i: Appraisal.objects.get(pk=appraisal.pk), act)
    refusals = refused(outcomes, ValidationError)
    assert len(refusals) == THREADS - 1
    assert all(
        r.messages == ["Hội nghị thẩm định đã kết luận: không ghi lại được."] for r in refusals
    )
    appraisal.refresh_from_db()
    assert appraisal.passed is True and appraisal.version == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_recognitions_record_one_decision(appraisal, party, leader):
    scored(appraisal, party, leader)
    appraisal_conclude(
        appraisal=appraisal,
        user=party,
        minutes="Đạt.",
        notice_number="15-TB/ĐU",
        notice_date=date(2026, 9, 26),
    )

    def act(i, loaded):
        return recognition_record(
            appraisal=loaded, user=party, number=f"{i}-QĐ/ĐU", on=date(2026, 10, 1)
        )

    outcomes = run_parallel(
        lambda i: Appraisal.objects.select_related("model").get(pk=appraisal.pk), act
    )
    refusals = refused(outcomes, ValidationError)
    assert len(refusals) == THREADS - 1
    assert all("không ghi quyết định lại được" in r.messages[0] for r in refusals)
    decisions = ModelEvent.objects.filter(
        model_id=appraisal.model_id, step__in=[Step.RECOGNISED, Step.NOT_RECOGNISED]
    )
    assert decisions.count() == 1
    appraisal.refresh_from_db()
    assert appraisal.decision_number == decisions.get().note


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_first_evidence_reviews_are_accepted_once(assignment, compiler, second_compiler):
    def act(i, loaded):
        return review_set(
            assignment=loaded,
            user=compiler if i % 2 else second_compiler,
            status=ReviewStatus.NEEDS_MORE,
            comment=f"Bổ sung tài liệu {i}.",
            token=review_token(None),  # every page was opened before any verdict
        )

    outcomes = run_parallel(lambda i: Assignment.objects.get(pk=assignment.pk), act)
    assert len(refused(outcomes, Conflict)) == THREADS - 1
    assert ItemReview.objects.filter(assignment=assignment).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_evidence_reviews_without_a_page_never_break_the_unique_constraint(
    assignment, compiler
):
    outcomes = run_parallel(
        lambda i: Assignment.objects.get(pk=assignment.pk),
        lambda i, loaded: review_set(
            assignment=loaded, user=compiler, status=ReviewStatus.NEEDS_MORE, comment=f"Lần {i}."
        ),
    )
    assert refused(outcomes, Conflict) == []
    assert ItemReview.objects.filter(assignment=assignment).count() == 1
