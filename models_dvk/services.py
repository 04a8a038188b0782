"""Everything that changes Dân vận khéo data. Views, the importer and the demo call these; the
rules (launch before appraisal, continued models linked to last year, scores within the sheet,
the pass rule) hold everywhere."""

import hashlib
import json
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dvcq.documents.blocks import format_points
from dvcq.history import delete_with_history, record_history
from dvcq.org.models import Role
from dvcq.storage import atomic_with_files, store_file

from .models import (
    PART_FOR_SUBJECT,
    Appraisal,
    Campaign,
    DocumentKind,
    DossierItem,
    DvkModel,
    Exemplar,
    MemberScore,
    ModelDocument,
    ModelEvent,
    Origin,
    Part,
    Participant,
    Rubric,
    RubricCriterion,
    RubricKind,
    Step,
)

RUBRICS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "dvk_rubrics.json"
REPORT_DAYS_BEFORE = 3  # the model's report reaches the team ≥ 3 days before the conference
DOSSIER = [  # the city-level dossier of an exemplar (seed 003)
    (DocumentKind.MINUTES, 1),
    (DocumentKind.PROPOSAL, 1),
    (DocumentKind.ACHIEVEMENT, 3),
    (DocumentKind.SUMMARY, 1),
    (DocumentKind.LIST, 1),
]


# --- who may -----------------------------------------------------------------------------


def may_coordinate(user, campaign: Campaign) -> bool:
    """The Party-building staff (Ban xây dựng Đảng) of the campaign's unit."""
    return user.acts_for(Role.PARTY, campaign.unit_id)


def may_register_for(user, participant: Participant) -> bool:
    """The coordinator, or an account the participant registers through."""
    if may_coordinate(user, participant.campaign):
        return True
    return participant.members.filter(pk=user.pk).exists()


def may_score(user, appraisal: Appraisal) -> bool:
    return appraisal.members.filter(pk=user.pk).exists()


# --- parallel and stale writes -----------------------------------------------------------


class SheetConflict(Exception):
    """A member's sheet was saved by someone else since the page was opened (the member and
    the coordinator entering the paper sheet, or two tabs); `scores` holds the newer values
    as {criterion id: MemberScore}."""

    def __init__(self, member, scores: dict):
        self.member, self.scores = member, scores
        super().__init__(
            _(
                "Người khác đã lưu phiếu chấm của %(name)s trong lúc bạn nhập; điểm mới được "
                "hiển thị bên dưới, hãy xem lại rồi lưu lại."
            )
            % {"name": member}
        )


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
    sends it back; a save whose token no longer matches is refused (SheetConflict)."""
    rows = (
        appraisal.scores.filter(member=member)
        .order_by("criterion_id")
        .values_list("criterion_id", "points", "met")
    )
    text = ";".join(f"{c}:{p}:{m}" for c, p, m in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- dates -------------------------------------------------------------------------------

DAY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")


def parse_day(value, label: str) -> date | None:
    """ "10/02/2026" or a date → date; "31/11/2026" → a message that says the day does not exist."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    match = DAY.match(str(value))
    if not match:
        raise ValidationError(
            _("%(label)s: “%(value)s” không phải là ngày (viết dd/mm/yyyy).")
            % {"label": label, "value": value}
        )
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("%(label)s: ngày %(value)s không tồn tại.") % {"label": label, "value": value}
        ) from None


# --- rubrics -----------------------------------------------------------------------------


@transaction.atomic
def rubrics_load_default() -> list[Rubric]:
    """The seed 002 sheet and the 2026 checklist; existing versions are left as they are."""
    data = json.loads(RUBRICS_FIXTURE.read_text(encoding="utf-8"))
    loaded = []
    for entry in data["rubrics"]:
        rubric, created = Rubric.objects.get_or_create(
            year=entry["year"],
            kind=entry["kind"],
            defaults={
                "name": entry["name"],
                "source": entry.get("source", ""),
                "pass_total": Decimal(entry["pass_total"]),
            },
        )
        if created:
            RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    rubric=rubric,
                    part=c["part"],
                    number=c["number"],
                    text=c["text"],
                    max_points=Decimal(c["max_points"]),
                    is_key=c["is_key"],
                )
                for c in entry["criteria"]
            )
        loaded.append(rubric)
    return loaded


def rubric_for(year: int, kind: str = RubricKind.SHEET) -> Rubric | None:
    """The version in force in `year`: the latest one not after it."""
    return Rubric.objects.filter(kind=kind, year__lte=year).order_by("-year").first()


def criteria_for(rubric: Rubric, model: DvkModel) -> list[RubricCriterion]:
    """Part I and the Part II variant of the model's subject (or the checklist)."""
    parts = (
        [Part.CHECKLIST]
        if rubric.kind == RubricKind.CHECKLIST
        else [
            Part.GENERAL,
            PART_FOR_SUBJECT[model.subject],
        ]
    )
    return list(rubric.criteria.filter(part__in=parts).order_by("part", "number"))


# --- campaigns and registrations ----------------------------------------------------------


@transaction.atomic
def campaign_copy(*, campaign: Campaign, year: int, user) -> Campaign:
    """Next year's campaign: targets, milestones (moved by the years), participants, and every
    model still running carried forward as "tiếp tục duy trì" linked to this year's record."""
    if not may_coordinate(user, campaign):
        raise PermissionDenied
    if Campaign.objects.filter(unit=campaign.unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s đã có phong trào năm %(year)s.") % {"unit": campaign.unit, "year": year}
        )
    shift = year - campaign.year
    new = Campaign.objects.create(
        unit=campaign.unit,
        year=year,
        organiser=campaign.organiser,
        superior_body=campaign.superior_body,
        title=campaign.title,
        previous=campaign,
    )
    for target in campaign.targets.all():
        new.targets.create(kind=target.kind, label=target.label, value=target.value)
    for milestone in campaign.milestones.all():
        due = milestone.due
        try:
            due = due.replace(year=due.year + shift)
        except ValueError:  # 29/02
            due = due.replace(year=due.year + shift, day=28)
        new.milestones.create(kind=milestone.kind, label=milestone.label, due=due)
    participants = {}
    for participant in campaign.participants.prefetch_related("members"):
        copy = new.participants.create(
            name=participant.name, kind=participant.kind, is_party_org=participant.is_party_org
        )
        copy.members.set(participant.members.all())
        participants[participant.pk] = copy
    for model in campaign.models.exclude(step__in=[Step.DROPPED, Step.NOT_RECOGNISED]):
        carried = DvkModel.objects.create(
            campaign=new,
            participant=participants[model.participant_id],
            name=model.name,
            quantity=model.quantity,
            location=model.location,
            host=model.host,
            field=model.field,
            scale=model.scale,
            subject=model.subject,
            subject_name=model.subject_name,
            origin=Origin.CONTINUED,
            previous=model,
            leader=model.leader,
            registered_by=user,
        )
        ModelEvent.objects.create(
            model=carried,
            step=Step.REGISTERED,
            on=date(year, 1, 1),
            note=_("Chuyển tiếp từ năm %(year)s.") % {"year": campaign.year},
            user=user,
        )
    return new


def registration_errors(campaign: Campaign, data: dict) -> list[str]:
    """Rules a registration must keep, named by field."""
    errors = []
    if data.get("origin") == Origin.CONTINUED:
        previous = data.get("previous")
        if previous is None:
            errors.append(
                _(
                    "Mô hình tiếp tục duy trì: cần chọn mô hình của năm trước mà mô hình này tiếp nối."
                )
            )
        elif (
            previous.campaign.unit_id != campaign.unit_id or previous.campaign.year >= campaign.year
        ):
            errors.append(_("Mô hình năm trước phải thuộc phong trào của đơn vị ở năm trước."))
        if not (data.get("higher_targets") or "").strip():
            errors.append(_("Mô hình tiếp tục duy trì: cần nêu chỉ tiêu cao hơn năm trước."))
    elif data.get("previous") is not None and data.get("origin") == Origin.NEW:
        errors.append(_("Mô hình xây dựng mới không tiếp nối mô hình năm trước."))
    return errors


@transaction.atomic
def model_register(
    *,
    campaign: Campaign,
    participant: Participant,
    data: dict,
    user,
    on: date | None = None,
    reason: str = "",
) -> DvkModel:
    """`reason` goes to the model's history ("Nhập Phụ lục 1 từ tệp …")."""
    if participant.campaign_id != campaign.pk:
        raise ValidationError(_("Tổ chức không tham gia phong trào này."))
    if not may_register_for(user, participant):
        raise PermissionDenied
    errors = registration_errors(campaign, data)
    if errors:
        raise ValidationError(errors)
    model = DvkModel(campaign=campaign, participant=participant, registered_by=user, **data)
    model.full_clean(exclude=["campaign", "participant", "registered_by"])
    model._history_user = user
    if reason:
        model._change_reason = reason[:100]
    model.save()
    ModelEvent.objects.create(model=model, step=Step.REGISTERED, on=on or date.today(), user=user)
    return model


# --- the lifecycle ------------------------------------------------------------------------

# The steps a model may move to from each step (dropping is possible from any open step).
NEXT_STEPS = {
    Step.REGISTERED: [Step.PLANNED, Step.LAUNCHED, Step.IMPLEMENTING],
    Step.PLANNED: [Step.LAUNCHED, Step.IMPLEMENTING],
    Step.LAUNCHED: [Step.IMPLEMENTING],
    Step.IMPLEMENTING: [Step.SELF_ASSESSED],
    Step.SELF_ASSESSED: [Step.APPRAISING],
    Step.APPRAISING: [Step.RECOGNISED, Step.NOT_RECOGNISED],
}
OPEN_STEPS = set(NEXT_STEPS)


def has_launch(model: DvkModel) -> bool:
    return model.events.filter(step=Step.LAUNCHED).exists()


def step_errors(model: DvkModel, step: str) -> list[str]:
    if step == Step.DROPPED:
        return [] if model.step in OPEN_STEPS else [_("Mô hình đã kết thúc, không loại bỏ được.")]
    if step not in NEXT_STEPS.get(model.step, []):
        return [
            _("Không thể chuyển mô hình từ bước “%(src)s” sang “%(dst)s”.")
            % {"src": model.get_step_display(), "dst": Step(step).label}
        ]
    if step == Step.APPRAISING and model.origin == Origin.NEW and not has_launch(model):
        return [
            _(
                "Mô hình xây dựng mới chưa có ngày ra mắt: ghi nhận buổi ra mắt trước khi đề nghị "
                "thẩm định, công nhận."
            )
        ]
    if step == Step.IMPLEMENTING and model.origin == Origin.NEW and not has_launch(model):
        return [_("Mô hình xây dựng mới phải ra mắt trước khi triển khai.")]
    return []


@transaction.atomic
def model_step(*, model: DvkModel, step: str, on: date, user, note: str = "") -> ModelEvent:
    """Record a step of the model's life with its date; dropping needs a reason."""
    given, model = (
        model,
        DvkModel.objects.select_for_update().select_related("campaign").get(pk=model.pk),
    )
    if not may_coordinate(user, model.campaign) and not may_register_for(user, model.participant):
        raise PermissionDenied
    if step in (Step.RECOGNISED, Step.NOT_RECOGNISED):
        raise ValidationError(_("Kết quả công nhận được ghi qua quyết định sau thẩm định."))
    errors = step_errors(model, step)
    note = (note or "").strip()
    if step == Step.DROPPED and not note:
        errors.append(_("Cần ghi lý do loại bỏ mô hình."))
    if on.year not in (model.campaign.year, model.campaign.year + 1):
        errors.append(
            _("Ngày %(day)s nằm ngoài năm của phong trào (%(year)s).")
            % {"day": f"{on:%d/%m/%Y}", "year": model.campaign.year}
        )
    if errors:
        raise ValidationError(errors)
    model.step = step
    if step == Step.DROPPED:
        model.drop_reason = note
    model.version += 1
    model._history_user = user
    model.save(update_fields=["step", "drop_reason", "version"])
    given.step, given.drop_reason, given.version = model.step, model.drop_reason, model.version
    return ModelEvent.objects.create(model=model, step=step, on=on, note=note, user=user)


@atomic_with_files()
def document_attach(
    *, campaign: Campaign, upload, kind: str, user, model=None, event=None, title: str = ""
) -> ModelDocument:
    """A file checked like evidence (type from the bytes, size limit) and stored under a
    generated name through Django's storage; deleted again if the row is not saved."""
    from evidence.validation import RefusedFile, sniff

    try:
        sniffed = sniff(upload)
    except RefusedFile as refused:
        raise ValidationError(str(refused)) from None
    limit = settings.EVIDENCE_MAX_FILE_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s”: tệp lớn hơn %(mb)s MB.")
            % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    document = ModelDocument(
        campaign=campaign,
        model=model,
        event=event,
        kind=kind,
        title=title,
        original_name=upload.name[:255],
        content_type=sniffed.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    store_file(document.file, upload.name, upload)
    document.save()
    dossier_minutes_fill(document)
    return document


# --- appraisal ---------------------------------------------------------------------------


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
        "received": f"{received:%d/%m/%Y}",
        "days": days,
        "conference": f"{conference:%d/%m/%Y}",
        "need": REPORT_DAYS_BEFORE,
        "latest": f"{conference - timedelta(days=REPORT_DAYS_BEFORE):%d/%m/%Y}",
    }


def day_text(value: date | None) -> str:
    """The inverse of `parse_day`: 10/02/2026, or "" for no date."""
    return f"{value:%d/%m/%Y}" if value else ""


def appraisal_date_errors(
    *, plan_date=None, conference_on=None, report_received_on=None, **_others
) -> list[str]:
    """The plan comes before the conference, and the report reaches the team before it (how
    long before is a warning, `report_warning`, not a refusal)."""
    errors = []
    if conference_on and plan_date and plan_date > conference_on:
        errors.append(
            _("Ngày kế hoạch thẩm định (%(plan)s) không được sau ngày hội nghị (%(conference)s).")
            % {"plan": day_text(plan_date), "conference": day_text(conference_on)}
        )
    if conference_on and report_received_on and report_received_on > conference_on:
        errors.append(
            _(
                "Ngày tổ thẩm định nhận báo cáo (%(received)s) không được sau ngày hội nghị "
                "(%(conference)s)."
            )
            % {"received": day_text(report_received_on), "conference": day_text(conference_on)}
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
    errors = appraisal_date_errors(**details)
    if not members:
        errors.append(_("Tổ thẩm định cần ít nhất một thành viên."))
    rubric = rubric or rubric_for(model.campaign.year)
    if rubric is None:
        errors.append(_("Chưa có biểu chấm điểm cho năm %(year)s.") % {"year": model.campaign.year})
    if errors:
        raise ValidationError(errors)
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
                "points": format_points(points),
                "max": format_points(criterion.max_points),
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
    else raises SheetConflict (None skips the check: the demo, scripts). The appraisal is
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
        raise SheetConflict(member, newer)
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
        values = []
        for member in members:
            score = given.get((member.pk, criterion.pk))
            if score is None:
                values.append(None)
                totals[member.pk] = None
                continue
            value = score.met if criterion.part == Part.CHECKLIST else score.points
            values.append(value)
            if criterion.part != Part.CHECKLIST and totals[member.pk] is not None:
                totals[member.pk] += value
        result = CriterionResult(criterion, values)
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
            % {"total": format_points(outcome.total), "need": format_points(rubric.pass_total)}
        )
    short = [r for r in results if r.criterion.is_key and not r.at_max]
    for r in short:
        outcome.reasons.append(
            _("Tiêu chí %(n)s đạt %(points)s/%(max)s điểm, phải đạt điểm tối đa.")
            % {
                "n": r.criterion.number,
                "points": format_points(r.mean),
                "max": format_points(r.criterion.max_points),
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
) -> list[str]:
    """Every missing or inconsistent part of the conclusion at once. `date_given=False` when
    the date field held something that is not a date (its own message says so)."""
    if appraisal.model.step != Step.APPRAISING or appraisal.passed is not None:
        return [_("Hội nghị thẩm định đã kết luận: không ghi lại được.")]
    errors = []
    if not outcome.complete:
        errors.append(_("Chưa đủ phiếu chấm của các thành viên tổ thẩm định."))
    if not appraisal.conference_on:
        errors.append(
            _(
                "Ngày hội nghị thẩm định: chưa ghi (ghi trong kế hoạch thẩm định trước khi kết luận)."
            )
        )
    if not (minutes or "").strip():
        errors.append(_("Biên bản hội nghị: chưa ghi."))
    if not (notice_number or "").strip():
        errors.append(_("Số thông báo kết quả: chưa ghi."))
    if notice_date is None:
        if date_given:
            errors.append(_("Ngày thông báo kết quả: chưa ghi."))
    elif appraisal.conference_on and notice_date < appraisal.conference_on:
        errors.append(
            _("Ngày thông báo kết quả (%(day)s) không được trước ngày hội nghị (%(conference)s).")
            % {"day": day_text(notice_date), "conference": day_text(appraisal.conference_on)}
        )
    return errors


def recognition_errors(appraisal: Appraisal, *, number: str, on, date_given=True) -> list[str]:
    errors = []
    if appraisal.passed is None:
        return [_("Chưa có kết luận của hội nghị thẩm định.")]
    if appraisal.model.step != Step.APPRAISING:
        return [
            _("Mô hình đã ở bước “%(step)s”: không ghi quyết định lại được.")
            % {"step": appraisal.model.get_step_display()}
        ]
    if appraisal.passed and not (number or "").strip():
        errors.append(_("Số quyết định công nhận: chưa ghi."))
    if on is None:
        if date_given:
            errors.append(_("Ngày quyết định: chưa ghi."))
        return errors
    earliest = appraisal.notice_date or appraisal.conference_on
    if earliest and on < earliest:
        errors.append(
            _("Ngày quyết định (%(day)s) không được trước ngày %(what)s (%(earliest)s).")
            % {
                "day": day_text(on),
                "what": _("thông báo kết quả thẩm định")
                if appraisal.notice_date
                else _("hội nghị thẩm định"),
                "earliest": day_text(earliest),
            }
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
    errors = conclusion_errors(
        appraisal, outcome, minutes=minutes, notice_number=notice_number, notice_date=notice_date
    )
    if errors:
        raise ValidationError(errors)
    appraisal.minutes = minutes.strip()
    appraisal.notice_number = notice_number
    appraisal.notice_date = notice_date
    appraisal.passed = outcome.passed
    appraisal.version += 1
    appraisal._history_user = user
    appraisal.save()
    for name in ("minutes", "notice_number", "notice_date", "passed", "version"):
        setattr(given, name, getattr(appraisal, name))
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
    errors = recognition_errors(appraisal, number=number, on=on)
    if errors:
        raise ValidationError(errors)
    appraisal.decision_number = (number or "").strip()
    appraisal.decision_date = on
    appraisal._history_user = model._history_user = user
    appraisal.save(update_fields=["decision_number", "decision_date"])
    step = Step.RECOGNISED if appraisal.passed else Step.NOT_RECOGNISED
    model.step = step
    model.version += 1
    model.save(update_fields=["step", "version"])
    ModelEvent.objects.create(
        model=model, step=step, on=on, user=user, note=appraisal.decision_number
    )
    given.decision_number, given.decision_date = appraisal.decision_number, on
    given.model.step, given.model.version = model.step, model.version
    return model


# --- exemplars ---------------------------------------------------------------------------


def recognised_on(model: DvkModel) -> date | None:
    """The day the model was recognised: the date of its latest "được công nhận" step."""
    event = model.events.filter(step=Step.RECOGNISED).order_by("-on").first()
    return event.on if event else None


@transaction.atomic
def exemplar_nominate(
    *, model: DvkModel, user, name: str, on: date, is_leader=False, leader_criteria_met=False
) -> Exemplar:
    if not may_coordinate(user, model.campaign):
        raise PermissionDenied
    if model.step != Step.RECOGNISED:
        raise ValidationError(_("Chỉ đề nghị điển hình từ mô hình đã được công nhận."))
    errors = []
    if is_leader and not leader_criteria_met:
        errors.append(_("Cá nhân lãnh đạo, quản lý phải đạt thêm các tiêu chí đối với lãnh đạo."))
    name = (name or "").strip()
    duplicate = _("“%(name)s” đã được đề nghị điển hình từ mô hình này.") % {"name": name}
    if model.exemplars.filter(name__iexact=name).exists():
        errors.append(duplicate)
    recognised = recognised_on(model)
    if on and recognised and on < recognised:
        errors.append(
            _("Ngày đề nghị (%(day)s) không được trước ngày công nhận mô hình (%(recognised)s).")
            % {"day": day_text(on), "recognised": day_text(recognised)}
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            exemplar = Exemplar.objects.create(
                campaign=model.campaign,
                model=model,
                subject=model.subject,
                name=name,
                is_leader=is_leader,
                leader_criteria_met=leader_criteria_met,
                nominated_on=on,
            )
    except IntegrityError:  # the same nomination saved a moment ago by someone else
        raise ValidationError(duplicate) from None
    # The appraisal conference's minutes belong to the model, so every exemplar nominated from
    # it shares them; the other papers are each exemplar's own.
    minutes = model.documents.filter(kind=DocumentKind.MINUTES).order_by("-uploaded_at").first()
    DossierItem.objects.bulk_create(
        DossierItem(
            exemplar=exemplar,
            kind=kind,
            copies=copies,
            document=minutes if kind == DocumentKind.MINUTES else None,
        )
        for kind, copies in DOSSIER
    )
    return exemplar


def dossier_minutes_fill(document: ModelDocument) -> int:
    """Conference minutes attached to a model after its exemplars were nominated fill their
    dossiers where the minutes are still missing."""
    if document.model_id is None or document.kind != DocumentKind.MINUTES:
        return 0
    return DossierItem.objects.filter(
        exemplar__model_id=document.model_id, kind=DocumentKind.MINUTES, document__isnull=True
    ).update(document=document)
