"""The appraisal of a model: the team and its plan, the members' sheets, the aggregate and the
pass rule, the conference's conclusion and the recognition decision.

Writes lock the appraisal (and its model) and check its state again inside the transaction,
so of parallel requests — two sheets, twenty "conclude" clicks — one runs at a time."""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dvcq import wording
from dvcq.history import delete_with_history, record_history
from dvcq.locking import Conflict, bump, fingerprint

from ..models import (
    PART_FOR_SUBJECT,
    Appraisal,
    DvkModel,
    MemberScore,
    ModelEvent,
    Part,
    Rubric,
    RubricCriterion,
    RubricKind,
    Step,
)
from ..notifications import notify_appraisal_result
from ..permissions import may_coordinate, may_score
from .refusals import Errors, add, not_in_future, refuse
from .rubrics import criteria_for, rubric_for

REPORT_DAYS_BEFORE = 3  # the model's report reaches the team ≥ 3 days before the conference


def _lock_appraisal(appraisal: Appraisal) -> Appraisal:
    """The appraisal read again, its model row and then its own row locked until the
    transaction ends (the model first, as model_step and appraisal_setup lock it): of parallel
    writes — two sheets, twenty "conclude" clicks — one runs at a time and each one checks
    what the previous one saved."""
    model = (
        DvkModel.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=appraisal.model_id)
    )
    locked = (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("rubric")
        .get(pk=appraisal.pk)
    )
    locked.model = model
    return locked


def member_sheet_token(appraisal: Appraisal, member) -> str:
    """A fingerprint of the member's saved sheet (an empty sheet has one too). The score page
    sends it back; a save whose token no longer matches is refused (Conflict)."""
    rows = (
        appraisal.scores.filter(member=member)
        .order_by("criterion_id")
        .values_list("criterion_id", "points", "met")
    )
    return fingerprint(*rows)


def report_warning(appraisal: Appraisal) -> str:
    """Shown (not refused) when the model's report reached the team too late."""
    received, conference = appraisal.report_received_on, appraisal.conference_on
    if not received or not conference:
        return ""
    days = (conference - received).days
    if days >= REPORT_DAYS_BEFORE:
        return ""
    return _(
        "Báo cáo của mô hình đến tổ thẩm định ngày %(received)s, chỉ %(days)s ngày trước hội nghị "
        "ngày %(conference)s (cần ít nhất %(need)s ngày, tức chậm nhất ngày %(latest)s)."
    ) % {
        "received": wording.day(received),
        "days": days,
        "conference": wording.day(conference),
        "need": REPORT_DAYS_BEFORE,
        "latest": wording.day(conference - timedelta(days=REPORT_DAYS_BEFORE)),
    }


def proposed_on(model: DvkModel) -> date | None:
    """The day the model was proposed for appraisal (its step "Thẩm định")."""
    event = model.events.filter(step=Step.APPRAISING).order_by("-on").first()
    return event.on if event else None


def appraisal_date_errors(
    *, model=None, plan_date=None, conference_on=None, report_received_on=None, **_others
) -> Errors:
    """The plan and the conference come after the model was proposed for appraisal (`model`
    given); the plan and the report before the conference (how long before is a warning,
    `report_warning`, not a refusal); the plan's date and the day the report arrived record
    what happened, so not after today (the conference may be ahead)."""
    errors: Errors = {}
    not_in_future(errors, "plan_date", _("ngày kế hoạch thẩm định"), plan_date)
    not_in_future(
        errors, "report_received_on", _("ngày tổ thẩm định nhận báo cáo"), report_received_on
    )
    proposed = proposed_on(model) if model is not None else None
    for name, on, what in [
        ("plan_date", plan_date, _("Ngày kế hoạch thẩm định")),
        ("conference_on", conference_on, _("Ngày hội nghị thẩm định")),
    ]:
        if proposed and on and on < proposed:
            add(
                errors,
                name,
                _("%(what)s (%(day)s) không được trước ngày đề nghị thẩm định (%(proposed)s).")
                % {"what": what, "day": wording.day(on), "proposed": wording.day(proposed)},
            )
    if conference_on and plan_date and plan_date > conference_on:
        add(
            errors,
            "plan_date",
            _("Ngày kế hoạch thẩm định (%(plan)s) không được sau ngày hội nghị (%(conference)s).")
            % {"plan": wording.day(plan_date), "conference": wording.day(conference_on)},
        )
    if conference_on and report_received_on and report_received_on > conference_on:
        add(
            errors,
            "report_received_on",
            _(
                "Ngày tổ thẩm định nhận báo cáo (%(received)s) không được sau ngày hội nghị "
                "(%(conference)s)."
            )
            % {
                "received": wording.day(report_received_on),
                "conference": wording.day(conference_on),
            },
        )
    return errors


@transaction.atomic
def appraisal_open(
    *, model: DvkModel, user, members, rubric: Rubric | None = None, **details
) -> Appraisal:
    """Open the appraisal of a model proposed for recognition (step "Thẩm định")."""
    if not may_coordinate(user, model.campaign):
        raise PermissionDenied
    if model.step != Step.APPRAISING:
        raise ValidationError(
            _("Mô hình phải ở bước “Thẩm định” (hiện: “%(step)s”).")
            % {"step": model.get_step_display()}
        )
    errors = appraisal_date_errors(model=model, **details)
    if not members:
        add(errors, "members", _("Tổ thẩm định cần ít nhất một thành viên."))
    rubric = rubric or rubric_for(model.campaign.year)
    if rubric is None:
        add(
            errors,
            "rubric",
            _("Chưa có biểu chấm điểm cho năm %(year)s.") % {"year": model.campaign.year},
        )
    refuse(errors)
    # update_or_create() without its save(): the history row must name `user`.
    appraisal = Appraisal.objects.select_for_update().filter(model=model).first()
    appraisal = appraisal or Appraisal(model=model)
    appraisal.rubric = rubric
    for name, value in details.items():
        setattr(appraisal, name, value)
    created = appraisal.pk is None
    appraisal.skip_history_when_saving = True  # recorded below, once the team is set
    appraisal.save()
    del appraisal.skip_history_when_saving
    appraisal.members.set(members)
    record_history(
        [appraisal],
        user=user,
        history_type="+" if created else "~",
        extra=lambda a: {"member_names": "; ".join(sorted(str(m) for m in members))},
    )
    return appraisal


@transaction.atomic
def appraisal_setup(
    *, model: DvkModel, user, members, rubric: Rubric | None = None, **details
) -> Appraisal:
    """Open (or correct) the appraisal; the sheet cannot change once a member has scored on it,
    nor anything once the conference has concluded."""
    DvkModel.objects.select_for_update().get(pk=model.pk)  # then read: a conclusion is seen
    existing = Appraisal.objects.filter(model=model).first()
    if existing is not None:
        if existing.passed is not None:
            raise ValidationError(_("Hội nghị thẩm định đã kết luận: không sửa được nữa."))
        if rubric and rubric.pk != existing.rubric_id and existing.scores.exists():
            raise ValidationError(
                _("Đã có thành viên chấm theo “%(rubric)s”: không đổi biểu chấm được nữa.")
                % {"rubric": existing.rubric.name}
            )
    return appraisal_open(model=model, user=user, members=members, rubric=rubric, **details)


def score_errors(model: DvkModel, criterion: RubricCriterion, points, met) -> list[str]:
    label = _("Tiêu chí %(n)s") % {"n": criterion.number}
    if criterion.part == Part.CHECKLIST:
        return (
            [] if met is not None else [_("%(label)s: chọn đạt hoặc không đạt.") % {"label": label}]
        )
    expected = PART_FOR_SUBJECT[model.subject]
    if criterion.part not in (Part.GENERAL, expected):
        return [
            _(
                "%(label)s thuộc phần %(part)s, nhưng mô hình do %(subject)s thực hiện: chấm phần "
                "%(expected)s."
            )
            % {
                "label": label,
                "part": criterion.part,
                "subject": model.get_subject_display().lower(),
                "expected": expected,
            }
        ]
    if points is None:
        return [_("%(label)s: chưa có điểm.") % {"label": label}]
    if points.normalize().as_tuple().exponent < -2:  # 5,001 (but 5,500 is 5,50)
        return [
            _("%(label)s: điểm ghi tối đa hai chữ số thập phân (đã ghi %(points)s).")
            % {"label": label, "points": format(points, "f").replace(".", ",")}
        ]
    if points < 0:
        return [_("%(label)s: điểm không được âm.") % {"label": label}]
    if points > criterion.max_points:
        return [
            _("%(label)s: %(points)s điểm vượt điểm tối đa %(max)s.")
            % {
                "label": label,
                "points": wording.points(points),
                "max": wording.points(criterion.max_points),
            }
        ]
    return []


@transaction.atomic
def member_scores_save(
    *, appraisal: Appraisal, user, member, scores: dict[int, tuple], token: str | None = None
) -> None:
    """One member's whole sheet: {criterion id: (points, met)}; all or nothing. A member scores
    their own sheet; the coordinator may enter a member's paper sheet.

    `token` is member_sheet_token() when the page was opened: a sheet saved since by someone
    else raises Conflict (None skips the check: the demo, scripts). The appraisal is
    locked, so parallel saves run one after the other and never meet the unique constraint."""
    appraisal = _lock_appraisal(appraisal)
    if not may_score(member, appraisal):
        raise ValidationError(_("%(name)s không thuộc tổ thẩm định.") % {"name": member})
    if user.pk != member.pk and not may_coordinate(user, appraisal.model.campaign):
        raise PermissionDenied
    model = appraisal.model
    if model.step != Step.APPRAISING or appraisal.passed is not None:
        raise ValidationError(_("Hội nghị thẩm định đã kết luận: không sửa điểm được nữa."))
    if token is not None and token != member_sheet_token(appraisal, member):
        newer = {s.criterion_id: s for s in appraisal.scores.filter(member=member)}
        raise Conflict(
            newer,
            message=_(
                "Người khác đã lưu phiếu chấm của %(name)s trong lúc bạn nhập; điểm mới được "
                "hiển thị bên dưới, hãy xem lại rồi lưu lại."
            )
            % {"name": member},
        )
    criteria = {c.pk: c for c in appraisal.rubric.criteria.all()}
    wanted = {c.pk for c in criteria_for(appraisal.rubric, model)}
    errors = []
    for criterion_id, (points, met) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Tiêu chí không thuộc biểu chấm này."))
        errors += score_errors(model, criterion, points, met)
    missing = sorted(criteria[c].number for c in wanted - set(scores))
    if missing:
        errors.append(
            _("Chưa chấm các tiêu chí: %(numbers)s.") % {"numbers": ", ".join(map(str, missing))}
        )
    if errors:
        raise ValidationError(errors)
    _sheet_write(appraisal=appraisal, member=member, scores=scores, user=user)


def _sheet_write(*, appraisal: Appraisal, member, scores: dict[int, tuple], user) -> None:
    """Write the sheet in place: a changed criterion keeps its earlier points in the history,
    whose user is who entered the sheet (the member, or the coordinator on their behalf)."""
    existing = {
        s.criterion_id: s for s in MemberScore.objects.filter(appraisal=appraisal, member=member)
    }
    new, changed = [], []
    for criterion_id, (points, met) in scores.items():
        row = existing.pop(criterion_id, None)
        if row is None:
            new.append(
                MemberScore(
                    appraisal=appraisal,
                    member=member,
                    criterion_id=criterion_id,
                    points=points,
                    met=met,
                )
            )
        elif (row.points, row.met) != (points, met):
            row.points, row.met = points, met
            changed.append(row)
    if changed:
        bulk_update_with_history(changed, MemberScore, ["points", "met"], default_user=user)
    if new:
        bulk_create_with_history(new, MemberScore, default_user=user)
    delete_with_history(existing.values(), user=user)


@dataclass
class CriterionResult:
    criterion: RubricCriterion
    values: list  # per member, in member order; None when the member has not scored
    mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None  # max − min across members
    met_count: int = 0
    notes: list[str] = field(default_factory=list)  # the members' notes, in member order

    @property
    def at_max(self) -> bool:
        if self.criterion.part == Part.CHECKLIST:
            return bool(self.values) and self.met_count == len(
                [v for v in self.values if v is not None]
            )
        return self.mean is not None and self.mean >= self.criterion.max_points


@dataclass
class Aggregate:
    members: list
    criteria: list[CriterionResult]
    totals: dict = field(default_factory=dict)  # member id → total
    total: Decimal | None = None  # the mean of the members' totals (= sum of the means)
    passed: bool | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.members) and all(t is not None for t in self.totals.values())


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def aggregate(appraisal: Appraisal) -> Aggregate:
    """Mean per criterion across members (median and spread shown so a disagreement is
    visible), the total, and the verdict of the rubric's pass rule. Three queries."""
    model = appraisal.model
    rubric = appraisal.rubric
    members = list(appraisal.members.order_by("full_name", "username"))
    criteria = criteria_for(rubric, model)
    given = {(s.member_id, s.criterion_id): s for s in appraisal.scores.all()}
    results, totals = [], {m.pk: Decimal("0") for m in members}
    for criterion in criteria:
        values, notes = [], []
        for member in members:
            score = given.get((member.pk, criterion.pk))
            if score is None:
                values.append(None)
                totals[member.pk] = None
                continue
            value = score.met if criterion.part == Part.CHECKLIST else score.points
            values.append(value)
            if score.note.strip():
                notes.append(score.note.strip())
            if criterion.part != Part.CHECKLIST and totals[member.pk] is not None:
                totals[member.pk] += value
        result = CriterionResult(criterion, values, notes=notes)
        numbers = [v for v in values if v is not None]
        if criterion.part == Part.CHECKLIST:
            result.met_count = sum(1 for v in numbers if v)
        elif numbers:
            result.mean = _q(statistics.fmean(numbers))
            result.median = _q(statistics.median(numbers))
            result.spread = _q(max(numbers) - min(numbers))
        results.append(result)
    outcome = Aggregate(members, results, totals)
    if not outcome.complete:
        return outcome
    if rubric.kind == RubricKind.CHECKLIST:
        failed = [r.criterion.number for r in results if not r.at_max]
        outcome.passed = not failed
        if failed:
            outcome.reasons.append(
                _("Không đạt các tiêu chí: %(numbers)s.") % {"numbers": ", ".join(map(str, failed))}
            )
        return outcome
    outcome.total = _q(sum(totals.values()) / len(members))
    if outcome.total < rubric.pass_total:
        outcome.reasons.append(
            _("Tổng điểm %(total)s thấp hơn %(need)s điểm.")
            % {"total": wording.points(outcome.total), "need": wording.points(rubric.pass_total)}
        )
    short = [r for r in results if r.criterion.is_key and not r.at_max]
    for r in short:
        outcome.reasons.append(
            _("Tiêu chí %(n)s đạt %(points)s/%(max)s điểm, phải đạt điểm tối đa.")
            % {
                "n": r.criterion.number,
                "points": wording.points(r.mean),
                "max": wording.points(r.criterion.max_points),
            }
        )
    outcome.passed = not outcome.reasons
    return outcome


def conclusion_errors(
    appraisal: Appraisal,
    outcome: "Aggregate",
    *,
    minutes: str,
    notice_number: str,
    notice_date,
    date_given=True,
) -> Errors:
    """Every missing or inconsistent part of the conclusion at once. `date_given=False` when
    the date field held something that is not a date (its own message says so)."""
    if appraisal.model.step != Step.APPRAISING or appraisal.passed is not None:
        return {NON_FIELD_ERRORS: [_("Hội nghị thẩm định đã kết luận: không ghi lại được.")]}
    errors: Errors = {}
    if not outcome.complete:
        add(errors, None, _("Chưa đủ phiếu chấm của các thành viên tổ thẩm định."))
    if not appraisal.conference_on:
        add(
            errors,
            None,
            _(
                "Ngày hội nghị thẩm định: chưa ghi (ghi trong kế hoạch thẩm định trước khi kết luận)."
            ),
        )
    if not (minutes or "").strip():
        add(errors, "minutes", _("Biên bản hội nghị: chưa ghi."))
    if not (notice_number or "").strip():
        add(errors, "notice_number", _("Số thông báo kết quả: chưa ghi."))
    if notice_date is None:
        if date_given:
            add(errors, "notice_date", _("Ngày thông báo kết quả: chưa ghi."))
    else:
        not_in_future(errors, "notice_date", _("ngày thông báo kết quả"), notice_date)
    if notice_date and appraisal.conference_on and notice_date < appraisal.conference_on:
        add(
            errors,
            "notice_date",
            _("Ngày thông báo kết quả (%(day)s) không được trước ngày hội nghị (%(conference)s).")
            % {"day": wording.day(notice_date), "conference": wording.day(appraisal.conference_on)},
        )
    return errors


def recognition_errors(appraisal: Appraisal, *, number: str, on, date_given=True) -> Errors:
    """As conclusion_errors, for the recognition decision."""
    errors: Errors = {}
    if appraisal.passed is None:
        return {NON_FIELD_ERRORS: [_("Chưa có kết luận của hội nghị thẩm định.")]}
    if appraisal.model.step != Step.APPRAISING:
        message = _("Mô hình đã ở bước “%(step)s”: không ghi quyết định lại được.") % {
            "step": appraisal.model.get_step_display()
        }
        return {NON_FIELD_ERRORS: [message]}
    if appraisal.passed and not (number or "").strip():
        add(errors, "decision_number", _("Số quyết định công nhận: chưa ghi."))
    if on is None:
        if date_given:
            add(errors, "decision_date", _("Ngày quyết định: chưa ghi."))
        return errors
    not_in_future(errors, "decision_date", _("ngày quyết định"), on)
    earliest = appraisal.notice_date or appraisal.conference_on
    if earliest and on < earliest:
        add(
            errors,
            "decision_date",
            _("Ngày quyết định (%(day)s) không được trước ngày %(what)s (%(earliest)s).")
            % {
                "day": wording.day(on),
                "what": _("thông báo kết quả thẩm định")
                if appraisal.notice_date
                else _("hội nghị thẩm định"),
                "earliest": wording.day(earliest),
            },
        )
    return errors


@transaction.atomic
def appraisal_conclude(
    *, appraisal: Appraisal, user, minutes: str, notice_number: str, notice_date: date
) -> Aggregate:
    """The conference's minutes and result notice; the verdict comes from the pass rule.
    Concluded once: the appraisal is locked and its state checked again inside the
    transaction, so of parallel requests the later ones are refused."""
    given, appraisal = appraisal, _lock_appraisal(appraisal)
    if not may_coordinate(user, appraisal.model.campaign):
        raise PermissionDenied
    outcome = aggregate(appraisal)
    refuse(
        conclusion_errors(
            appraisal,
            outcome,
            minutes=minutes,
            notice_number=notice_number,
            notice_date=notice_date,
        )
    )
    appraisal.minutes = minutes.strip()
    appraisal.notice_number = notice_number
    appraisal.notice_date = notice_date
    appraisal.passed = outcome.passed
    bump(appraisal)
    appraisal._history_user = user
    appraisal.save()
    for name in ("minutes", "notice_number", "notice_date", "passed", "version"):
        setattr(given, name, getattr(appraisal, name))
    notify_appraisal_result(appraisal)
    return outcome


@transaction.atomic
def recognition_record(*, appraisal: Appraisal, user, number: str, on: date) -> DvkModel:
    """The Party committee's decision: recognised when the appraisal passed, else not.
    Recorded once (the appraisal is locked and its state checked again, as in
    appraisal_conclude)."""
    given, appraisal = appraisal, _lock_appraisal(appraisal)
    model = appraisal.model
    if not may_coordinate(user, model.campaign):
        raise PermissionDenied
    refuse(recognition_errors(appraisal, number=number, on=on))
    appraisal.decision_number = (number or "").strip()
    appraisal.decision_date = on
    appraisal._history_user = model._history_user = user
    appraisal.save(update_fields=["decision_number", "decision_date"])
    step = Step.RECOGNISED if appraisal.passed else Step.NOT_RECOGNISED
    model.step = step
    bump(model)
    model.save(update_fields=["step", "version"])
    ModelEvent.objects.create(
        model=model, step=step, on=on, user=user, note=appraisal.decision_number
    )
    given.decision_number, given.decision_date = appraisal.decision_number, on
    given.model.step, given.model.version = model.step, model.version
    return model
