"""The scorecard's rules: self points, every transition (allowed and refused), the review,
deductions, totals and classification."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from criteria.models import ClassBand, Criterion
from dvcq.locking import Conflict
from scoring.models import Scorecard, Status, Transition
from scoring.selectors import item_scores
from scoring.services import (
    SelfRow,
    classify,
    ineligible_save,
    review_save,
    self_score_save,
    transition,
)
from tests.factories import deduct, score_all

D = Decimal


def _score(scorecard, code):
    return next(s for s in item_scores(scorecard) if s.item.code == code)


def _save_one(scorecard, user, code, points, explanation="Giải trình.", accepted=()):
    score = _score(scorecard, code)
    return self_score_save(
        scorecard=scorecard,
        user=user,
        rows=[SelfRow(score.pk, points, explanation, score.version)],
        accepted=set(accepted),
    )


def _refresh(scorecard) -> Scorecard:
    return Scorecard.objects.select_related("round__unit", "round__framework").get(pk=scorecard.pk)


# --- self points ---------------------------------------------------------------------------


def test_self_points_are_saved_and_totals_stored(scorecard, compiler):
    score_all(scorecard, compiler, short={"1.1": "2.25"})
    scorecard = _refresh(scorecard)
    assert scorecard.self_total == D("99.25")
    result = scorecard.criteria.get(criterion__number=1)
    assert (result.max_points, result.self_points) == (D("9"), D("8.25"))


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (D("3.25"), "vượt điểm tối đa 3,00"),
        (D("-1"), "không được âm"),
        (D("1.1"), "bước 0,25"),
    ],
)
def test_bad_self_points_are_refused_and_nothing_is_saved(scorecard, compiler, points, message):
    good, bad = _score(scorecard, "1.1"), _score(scorecard, "1.2")
    rows = [
        SelfRow(good.pk, D("2"), "x", good.version),
        SelfRow(bad.pk, points, "x", bad.version),
    ]
    with pytest.raises(ValidationError) as refused:
        self_score_save(scorecard=scorecard, user=compiler, rows=rows, accepted=set())
    assert any(m.startswith("Nội dung 1.2:") and message in m for m in refused.value.messages)
    assert _score(scorecard, "1.1").self_points is None  # all or nothing


def test_points_without_accepted_evidence_need_an_explanation(scorecard, compiler):
    with pytest.raises(ValidationError, match="giải trình"):
        _save_one(scorecard, compiler, "2.1", D("3"), explanation="")
    # Accepted evidence: no explanation needed; zero points: none needed either.
    item_id = _score(scorecard, "2.1").item_id
    assert _save_one(scorecard, compiler, "2.1", D("3"), explanation="", accepted=[item_id]) == 1
    assert _save_one(scorecard, compiler, "2.2", D("0"), explanation="") == 1


def test_reviewer_only_item_cannot_be_self_scored(scorecard, compiler):
    item = _score(scorecard, "9.2").item
    item.is_reviewer_only = True
    item.save()
    with pytest.raises(ValidationError, match="đơn vị thẩm định chấm"):
        _save_one(scorecard, compiler, "9.2", D("1"))


def test_only_the_units_compiler_or_leader_self_scores(scorecard, other_compiler, reviewer):
    for user in (other_compiler, reviewer):
        with pytest.raises(PermissionDenied):
            _save_one(scorecard, user, "1.1", D("1"))


def test_a_stale_row_is_refused_but_untouched_rows_never_conflict(scorecard, compiler, leader):
    first, other = _score(scorecard, "1.1"), _score(scorecard, "1.2")
    stale_version = first.version
    _save_one(scorecard, leader, "1.1", D("2"))
    # The compiler's page is older: changing 1.1 is refused with the newer value…
    with pytest.raises(Conflict) as conflict:
        self_score_save(
            scorecard=scorecard,
            user=compiler,
            rows=[SelfRow(first.pk, D("1"), "x", stale_version)],
            accepted=set(),
        )
    assert conflict.value.current[0].self_points == D("2")
    # …while the same stale page saving only 1.2 (1.1 posted unchanged) goes through.
    saved = self_score_save(
        scorecard=scorecard,
        user=compiler,
        rows=[
            SelfRow(first.pk, D("2"), "Giải trình.", stale_version),
            SelfRow(other.pk, D("3"), "x", other.version),
        ],
        accepted=set(),
    )
    assert saved == 1


# --- the workflow --------------------------------------------------------------------------


def test_leader_submits_and_self_points_lock(scorecard, compiler, leader):
    score_all(scorecard, compiler)
    with pytest.raises(PermissionDenied):
        transition(scorecard=scorecard, user=compiler, action="submit")  # leader only
    transition(scorecard=scorecard, user=leader, action="submit", note="Kính gửi tỉnh.")
    scorecard = _refresh(scorecard)
    assert scorecard.status == Status.SUBMITTED and scorecard.submitted_at
    log = Transition.objects.get(scorecard=scorecard)
    assert (log.user, log.from_status, log.to_status, log.note, log.self_total) == (
        leader,
        Status.DRAFTING,
        Status.SUBMITTED,
        "Kính gửi tỉnh.",
        D("100.00"),
    )
    with pytest.raises(ValidationError, match="đã khóa"):
        _save_one(scorecard, compiler, "1.1", D("1"))
    with pytest.raises(ValidationError, match="Đã nộp"):
        transition(scorecard=scorecard, user=leader, action="submit")  # submit twice


def test_submit_is_refused_while_items_are_unscored(scorecard, compiler, leader):
    _save_one(scorecard, compiler, "1.1", D("3"))
    with pytest.raises(ValidationError) as refused:
        transition(scorecard=scorecard, user=leader, action="submit")
    assert "Nội dung 1.2 chưa được chấm điểm." in refused.value.messages
    assert _refresh(scorecard).status == Status.DRAFTING


def test_withdraw_needs_a_reason_and_only_before_review(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    with pytest.raises(ValidationError, match="lý do"):
        transition(scorecard=scorecard, user=compiler, action="withdraw")
    transition(scorecard=scorecard, user=compiler, action="withdraw", note="Sửa nội dung 3.2")
    assert _refresh(scorecard).status == Status.DRAFTING
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="Đang thẩm định"):
        transition(scorecard=scorecard, user=compiler, action="withdraw", note="Muộn")


def test_review_before_submit_is_refused(scorecard, compiler, reviewer):
    score_all(scorecard, compiler)
    with pytest.raises(ValidationError):
        transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="Đang thẩm định"):
        deduct(scorecard, reviewer, "1.1", "1")


def test_only_the_reviewing_level_reviews(scorecard, compiler, leader, other_reviewer):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    for user in (other_reviewer, compiler, leader):
        with pytest.raises(PermissionDenied):
            transition(scorecard=scorecard, user=user, action="start_review")


def test_reviewer_returns_a_submission_with_a_reason(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="lý do"):
        transition(scorecard=scorecard, user=reviewer, action="return")
    transition(scorecard=scorecard, user=reviewer, action="return", note="Thiếu minh chứng 5.1")
    scorecard = _refresh(scorecard)
    assert scorecard.status == Status.DRAFTING
    assert _save_one(scorecard, compiler, "5.1", D("2")) == 1  # editable again


def test_full_review_deductions_totals_and_publication(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler, short={"3.4": "1.5"})
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    deduct(scorecard, reviewer, "1.1", "1", "Chưa thường xuyên.")
    score = _score(scorecard, "2.1")
    review_save(
        item_score=score,
        user=reviewer,
        deductions=[(D("0.5"), "Chậm."), (D("1"), "Thiếu báo cáo.")],
        awarded_points=None,
        version=score.version,
    )
    scorecard = _refresh(scorecard)
    assert scorecard.self_total == D("98.50")
    assert scorecard.review_total == D("96.00")
    assert scorecard.classification == ""  # not before the review is finished
    assert [(d.points, d.reason) for d in _score(scorecard, "2.1").deductions.all()] == [
        (D("0.50"), "Chậm."),
        (D("1.00"), "Thiếu báo cáo."),
    ]
    transition(scorecard=scorecard, user=reviewer, action="finish_review")
    scorecard = _refresh(scorecard)
    assert scorecard.classification == "excellent"
    with pytest.raises(ValidationError):
        deduct(scorecard, reviewer, "1.2", "1")  # finished: reopen first
    transition(scorecard=scorecard, user=reviewer, action="publish")
    scorecard = _refresh(scorecard)
    assert scorecard.status == Status.PUBLISHED and scorecard.published_at
    actions = list(scorecard.log.values_list("action", flat=True))
    assert actions == ["submit", "start_review", "finish_review", "publish"]
    assert scorecard.log.last().review_total == D("96.00")
    assert scorecard.criteria.get(criterion__number=2).review_points == D("7.50")


def test_deductions_are_refused_when_bad(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    score = _score(scorecard, "1.1")
    for lines, message in [
        ([(D("1"), "  ")], "cần ghi lý do"),
        ([(D("0"), "x")], "lớn hơn 0"),
        ([(D("-1"), "x")], "lớn hơn 0"),
        ([(D("2"), "x"), (D("2"), "y")], "vượt quá 3,00"),
    ]:
        with pytest.raises(ValidationError, match=message):
            review_save(
                item_score=score,
                user=reviewer,
                deductions=lines,
                awarded_points=None,
                version=score.version,
            )
    assert _score(scorecard, "1.1").review_points == D("3.00")


def test_a_deduction_larger_than_the_items_points_is_refused(scorecard, compiler, leader, reviewer):
    """Item 6.4 (a disciplined official) is worth 3,00: it may lose them all, never more."""
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="vượt quá 3,00"):
        deduct(scorecard, reviewer, "6.4", "9.5", "Có công chức bị kỷ luật khiển trách.")
    assert _score(scorecard, "6.4").review_points == D("3.00")  # nothing saved
    deduct(scorecard, reviewer, "6.4", "3", "Có công chức bị kỷ luật khiển trách.")
    assert _score(scorecard, "6.4").review_points == D("0.00")


def test_a_scale_may_allow_deducting_beyond_an_items_points(scorecard, compiler, leader, reviewer):
    """Only when the province's scale says so (the item's "điểm trừ thêm tối đa")."""
    from criteria.models import Item

    Item.objects.filter(
        criterion__framework=scorecard.round.framework, criterion__number=6, number=4
    ).update(max_penalty_points=D("10"))
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    deduct(scorecard, reviewer, "6.4", "9.5", "Có công chức bị kỷ luật khiển trách.")
    assert _score(scorecard, "6.4").review_points == D("-6.50")
    with pytest.raises(ValidationError, match="vượt quá 13,00"):
        deduct(scorecard, reviewer, "6.4", "13.25")


def test_second_reviewer_on_the_same_item_is_refused(scorecard, compiler, leader, reviewer):
    from tests.factories import UserFactory

    colleague = UserFactory(unit=reviewer.unit, roles=["reviewer"])
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    opened = _score(scorecard, "4.3")  # both open the item
    review_save(
        item_score=opened,
        user=colleague,
        deductions=[(D("1"), "Chưa thường xuyên.")],
        awarded_points=None,
        version=opened.version,
    )
    with pytest.raises(Conflict) as conflict:
        review_save(
            item_score=opened,
            user=reviewer,
            deductions=[(D("0.5"), "Khác.")],
            awarded_points=None,
            version=opened.version,
        )
    newer = conflict.value.current[0]
    assert [d.reason for d in newer.deductions.all()] == ["Chưa thường xuyên."]
    assert _score(scorecard, "4.3").review_points == D("2.00")


def test_reviewer_only_items_need_the_reviewers_points(scorecard, compiler, leader, reviewer):
    item = _score(scorecard, "9.2").item
    item.is_reviewer_only = True
    item.save()
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="9.2"):
        transition(scorecard=scorecard, user=reviewer, action="finish_review")
    score = _score(scorecard, "9.2")
    with pytest.raises(ValidationError, match="từ 0 đến 4,00"):
        review_save(
            item_score=score,
            user=reviewer,
            deductions=[],
            awarded_points=D("5"),
            version=score.version,
        )
    review_save(
        item_score=score, user=reviewer, deductions=[], awarded_points=D("3"), version=score.version
    )
    transition(scorecard=scorecard, user=reviewer, action="finish_review")
    assert _refresh(scorecard).review_total == D("99.00")  # 96 self-scored + 3 from the reviewer


def test_bonus_counts_up_to_the_cap(scorecard, compiler):
    score_all(scorecard, compiler)
    assert _save_one(scorecard, compiler, "10.2", D("5")) == 1
    assert _refresh(scorecard).self_total == D("105.00")
    framework = scorecard.round.framework
    framework.max_bonus_points = D("2")
    framework.save()
    _save_one(scorecard, compiler, "10.2", D("4.5"))
    assert _refresh(scorecard).self_total == D("102.00")


def test_ineligible_needs_a_reason_and_removes_the_class(scorecard, compiler, leader, reviewer):
    score_all(scorecard, compiler)
    transition(scorecard=scorecard, user=leader, action="submit")
    transition(scorecard=scorecard, user=reviewer, action="start_review")
    with pytest.raises(ValidationError, match="lý do"):
        ineligible_save(scorecard=scorecard, user=reviewer, ineligible=True, reason="")
    ineligible_save(
        scorecard=scorecard,
        user=reviewer,
        ineligible=True,
        reason="Có vụ việc khiếu kiện đông người.",
    )
    transition(scorecard=scorecard, user=reviewer, action="finish_review")
    scorecard = _refresh(scorecard)
    assert scorecard.classification == ""
    assert scorecard.class_label == "Không đủ điều kiện xếp loại"


# --- class bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "excellent"),
        ("75.00", "excellent"),
        ("74.75", "good"),
        ("60.00", "good"),
        ("59.99", "complete"),
        ("50", "complete"),
        ("49.75", "incomplete"),
        ("0", "incomplete"),
    ],
)
def test_class_band_edges(framework_2025, total, expected):
    bands = list(framework_2025.bands.prefetch_related("no_deduction_on"))
    assert classify(bands, D(total), set()) == expected


def test_a_deduction_on_a_guarded_criterion_lowers_the_class(framework_2025):
    excellent = ClassBand.objects.get(framework=framework_2025, classification="excellent")
    criterion = Criterion.objects.get(framework=framework_2025, number=6)
    excellent.no_deduction_on.add(criterion)
    bands = list(framework_2025.bands.prefetch_related("no_deduction_on"))
    assert classify(bands, D("90"), {criterion.pk}) == "good"
    assert classify(bands, D("90"), set()) == "excellent"
