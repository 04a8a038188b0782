"""Writes of the criteria app: frameworks, rounds and the assignment grid."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from dvcq import locking, wording
from dvcq.history import record_history
from dvcq.org.models import Position, Unit

from .deadlines import replace_deadline
from .models import (
    AssessmentRound,
    Assignment,
    ClassBand,
    Criterion,
    Framework,
    Item,
)
from .positions import NameIndex, match_assignees

DEFAULT_FRAMEWORK_FILE = Path(settings.BASE_DIR) / "fixtures" / "framework_2025_quang_ngai.json"


def framework_assert_editable(framework: Framework) -> None:
    if framework.is_in_use():
        raise ValidationError(
            _(
                "Khung tiêu chí năm %(year)s đang được dùng cho các kỳ đánh giá nên không được sửa. "
                "Hãy dùng “Sao chép sang năm” để có bản sửa được."
            )
            % {"year": framework.year},
            code="framework_frozen",
        )


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def framework_create(*, owner: Unit, data: dict) -> Framework:
    """Create a framework with its criteria, items and class bands from plain data.

    `data` has the shape of fixtures/framework_2025_quang_ngai.json (also produced by the
    XLSX importer). Dates are `date` objects or ISO strings, points strings or Decimals.
    """
    framework = _save(
        Framework(
            owner=owner,
            year=data["year"],
            name=data.get("name") or Framework._meta.get_field("name").default,
            decision_number=data.get("decision_number", ""),
            decision_date=_as_date(data.get("decision_date")),
            decision_issuer=data.get("decision_issuer", ""),
            total_points=Decimal(str(data.get("total_points", "100"))),
            max_bonus_points=Decimal(str(data.get("max_bonus_points", "0"))),
            is_sample_scale=data.get("is_sample_scale", True),
        )
    )
    _create_children(framework, data)
    return framework


def _create_children(framework: Framework, data: dict) -> None:
    """Criteria and items in two inserts. The framework is new, so its constraints (numbers
    unique and from 1, points not negative) are checked on `data` itself, in Python, with the
    row named; each row is still validated field by field, and the database keeps the
    constraints too."""
    _check_rows(data)
    criteria = [
        Criterion(framework=framework, number=entry["number"], title=entry["title"])
        for entry in data["criteria"]
    ]
    for criterion in criteria:
        criterion.full_clean(validate_unique=False, validate_constraints=False)
    criteria = Criterion.objects.bulk_create(criteria)
    by_number = {c.number: c for c in criteria}
    items = [
        Item(
            criterion=criterion,
            number=row["number"],
            text=row["text"],
            max_points=Decimal(str(row["max_points"])),
            guidance=row.get("guidance", ""),
            is_bonus=bool(row.get("is_bonus")),
            is_reviewer_only=bool(row.get("is_reviewer_only")),
            max_penalty_points=Decimal(str(row.get("max_penalty_points") or 0)),
            default_assignees=row.get("default_assignees", ""),
            default_action=row.get("default_action", ""),
            default_deadline=_as_date(row.get("default_deadline")),
        )
        for criterion, entry in zip(criteria, data["criteria"], strict=True)
        for row in entry["items"]
    ]
    for item in items:
        item.full_clean(validate_unique=False, validate_constraints=False)
    Item.objects.bulk_create(items)
    for band in data.get("bands", []):
        saved = _save(
            ClassBand(
                framework=framework,
                classification=band["classification"],
                min_score=Decimal(str(band["min_score"])),
            )
        )
        saved.no_deduction_on.set(
            [by_number[n] for n in band.get("no_deduction_on", []) if n in by_number]
        )
    framework_check_totals(framework)


def _check_rows(data: dict) -> None:
    """What the criterion and item constraints say, on the rows about to be inserted."""
    seen_criteria = set()
    for entry in data["criteria"]:
        number = entry["number"]
        if int(number) < 1:
            raise ValidationError(
                _("Số tiêu chí phải từ 1 trở lên (đang là %(number)s).") % {"number": number},
                code="criterion_number",
            )
        if number in seen_criteria:
            raise ValidationError(
                _("Tiêu chí %(number)s xuất hiện hai lần.") % {"number": number},
                code="criterion_twice",
            )
        seen_criteria.add(number)
        seen_items = set()
        for row in entry["items"]:
            code = f"{number}.{row['number']}"
            if int(row["number"]) < 1:
                raise ValidationError(
                    _("Số nội dung phải từ 1 trở lên (Tiêu chí %(number)s).") % {"number": number},
                    code="item_number",
                )
            if row["number"] in seen_items:
                raise ValidationError(
                    _("Nội dung %(code)s xuất hiện hai lần.") % {"code": code}, code="item_twice"
                )
            seen_items.add(row["number"])
            for key in ("max_points", "max_penalty_points"):
                if Decimal(str(row.get(key) or 0)) < 0:
                    raise ValidationError(
                        _("Nội dung %(code)s: điểm không được âm.") % {"code": code},
                        code="negative_points",
                    )


def framework_check_totals(framework: Framework, items: list[Item] | None = None) -> None:
    """Refuse points that add up past the framework's totals. `items` are the framework's
    items as they would be after an edit not yet saved (the admin's forms); by default, as
    stored."""
    if items is None:
        items = Item.objects.filter(criterion__framework=framework)
    regular = sum((i.max_points for i in items if not i.is_bonus), Decimal("0"))
    bonus = sum((i.max_points for i in items if i.is_bonus), Decimal("0"))
    if regular > framework.total_points:
        raise ValidationError(
            _("Tổng điểm các nội dung (%(sum)s) vượt tổng điểm thang (%(total)s).")
            % {"sum": wording.points(regular), "total": wording.points(framework.total_points)},
            code="points_over_total",
        )
    if bonus > framework.max_bonus_points:
        raise ValidationError(
            _("Tổng điểm thưởng (%(sum)s) vượt điểm thưởng tối đa (%(total)s).")
            % {"sum": wording.points(bonus), "total": wording.points(framework.max_bonus_points)},
            code="bonus_over_cap",
        )


def framework_load_default(*, owner: Unit) -> Framework:
    """Load the shipped 2025 framework for `owner` unless it already has one for that year."""
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    existing = Framework.objects.filter(owner=owner, year=data["year"]).first()
    return existing or framework_create(owner=owner, data=data)


def framework_as_data(framework: Framework) -> dict:
    """The inverse of framework_create, used by copy and export."""
    criteria = framework.criteria.prefetch_related("items")
    bands = framework.bands.prefetch_related("no_deduction_on")
    return {
        "year": framework.year,
        "name": framework.name,
        "decision_number": framework.decision_number,
        "decision_date": framework.decision_date,
        "decision_issuer": framework.decision_issuer,
        "total_points": framework.total_points,
        "max_bonus_points": framework.max_bonus_points,
        "is_sample_scale": framework.is_sample_scale,
        "criteria": [
            {
                "number": c.number,
                "title": c.title,
                "items": [
                    {
                        "number": i.number,
                        "text": i.text,
                        "max_points": i.max_points,
                        "guidance": i.guidance,
                        "is_bonus": i.is_bonus,
                        "is_reviewer_only": i.is_reviewer_only,
                        "max_penalty_points": i.max_penalty_points,
                        "default_assignees": i.default_assignees,
                        "default_action": i.default_action,
                        "default_deadline": i.default_deadline,
                    }
                    for i in c.items.all()
                ],
            }
            for c in criteria
        ],
        "bands": [
            {
                "classification": b.classification,
                "min_score": b.min_score,
                "no_deduction_on": [c.number for c in b.no_deduction_on.all()],
            }
            for b in bands
        ],
    }


@transaction.atomic
def framework_copy(*, framework: Framework, year: int) -> Framework:
    """An editable copy for another year; default deadlines move by the same number of years."""
    if Framework.objects.filter(owner=framework.owner, year=year).exists():
        raise ValidationError(
            _("%(owner)s đã có khung tiêu chí năm %(year)s.")
            % {"owner": framework.owner, "year": year},
            code="framework_year_taken",
        )
    data = framework_as_data(framework)
    data["year"] = year
    shift = year - framework.year
    for criterion in data["criteria"]:
        for item in criterion["items"]:
            old = item["default_deadline"]
            item["default_deadline"] = _shift_year(old, shift)
            if old:
                item["default_action"] = replace_deadline(
                    item["default_action"], old, item["default_deadline"]
                )
    return framework_create(owner=framework.owner, data=data)


@transaction.atomic
def framework_replace(*, framework: Framework, data: dict) -> Framework:
    """Replace a framework not yet in use with imported data, keeping its address (pk)."""
    framework_assert_editable(framework)
    framework.criteria.all().delete()
    framework.bands.all().delete()
    for field in ("name", "decision_number", "decision_issuer"):
        setattr(framework, field, data.get(field) or getattr(framework, field))
    framework.is_sample_scale = data.get("is_sample_scale", framework.is_sample_scale)
    framework.decision_date = _as_date(data.get("decision_date"))
    framework.total_points = Decimal(str(data.get("total_points", framework.total_points)))
    framework.max_bonus_points = Decimal(str(data.get("max_bonus_points", "0")))
    _save(framework)
    _create_children(framework, data)
    return framework


def framework_confirm_scale(*, framework: Framework) -> None:
    """An admin confirms the points and bands match the province's decision."""
    Framework.objects.filter(pk=framework.pk).update(is_sample_scale=False)


@transaction.atomic
def round_create(
    *,
    unit: Unit,
    framework: Framework,
    plan_number: str = "",
    plan_date: date | None = None,
    reviewing_unit: Unit | None = None,
) -> AssessmentRound:
    """Open a round; the grid comes from the unit's previous round, else the defaults.

    The reviewing body is recorded with the round (today's parent unless given), so the
    round's documents keep naming it after the tree changes."""
    if AssessmentRound.objects.filter(unit=unit, framework=framework).exists():
        raise ValidationError(
            _("%(unit)s đã có kỳ đánh giá năm %(year)s.") % {"unit": unit, "year": framework.year},
            code="round_exists",
        )
    new_round = _save(
        AssessmentRound(
            unit=unit,
            framework=framework,
            plan_number=plan_number,
            plan_date=plan_date,
            reviewing_unit=reviewing_unit or unit.parent,
        )
    )
    items = list(Item.objects.filter(criterion__framework=framework).select_related("criterion"))
    previous = (
        AssessmentRound.objects.filter(unit=unit, framework__year__lt=framework.year)
        .order_by("-framework__year")
        .first()
    )
    if previous:
        created = _copy_grid(previous, new_round, items)
    else:
        created = _default_grid(new_round, items)
    assignments_record_history(created, history_type="+")
    return new_round


# An assignment with the names of its lead and cooperating positions, for its history.
Entry = tuple[Assignment, list[str], list[str]]


def assignments_record_history(
    entries: list[Entry], *, user=None, reason: str = "", history_type: str = "~"
) -> None:
    """One historical row per assignment as it now is, positions by name, in one query.

    The grid and the import write assignments with queryset.update() and set the positions
    afterwards, so simple-history's own rows (written on save()) would miss both."""
    names = {a.pk: (lead, cooperating) for a, lead, cooperating in entries}
    record_history(
        [a for a, _lead, _cooperating in entries],
        user=user,
        reason=reason,
        history_type=history_type,
        extra=lambda a: {
            "lead_names": "; ".join(names[a.pk][0]),
            "cooperating_names": "; ".join(names[a.pk][1]),
        },
    )


def _insert_grid(rows: list[tuple[Assignment, list, list]]) -> list[Entry]:
    """New assignments with their lead and cooperating positions, in three inserts. History is
    recorded afterwards with the positions by name (`assignments_record_history`)."""
    created = Assignment.objects.bulk_create([assignment for assignment, _lead, _co in rows])
    Lead = Assignment.lead_positions.through
    Cooperating = Assignment.cooperating_positions.through
    Lead.objects.bulk_create(
        Lead(assignment_id=a.pk, position_id=p.pk)
        for a, (_x, lead, _co) in zip(created, rows, strict=True)
        for p in lead
    )
    Cooperating.objects.bulk_create(
        Cooperating(assignment_id=a.pk, position_id=p.pk)
        for a, (_x, _lead, cooperating) in zip(created, rows, strict=True)
        for p in cooperating
    )
    return [
        (a, [p.name for p in lead], [p.name for p in cooperating])
        for a, (_x, lead, cooperating) in zip(created, rows, strict=True)
    ]


def _default_rows(new_round: AssessmentRound, items: list[Item], positions) -> list:
    rows = []
    for item in items:
        match = match_assignees(item.default_assignees, positions)
        assignment = Assignment(
            round=new_round,
            item=item,
            action=item.default_action,
            deadline=item.default_deadline,
            assignee_note=", ".join(match.others)[:300],
        )
        rows.append((assignment, list(match.positions), list(match.cooperating)))
    return rows


def _default_grid(new_round: AssessmentRound, items: list[Item]) -> list[Entry]:
    positions = NameIndex(Position.objects.filter(unit=new_round.unit, is_active=True))
    return _insert_grid(_default_rows(new_round, items, positions))


def _copy_grid(
    previous: AssessmentRound, new_round: AssessmentRound, items: list[Item]
) -> list[Entry]:
    shift = new_round.year - previous.year
    old = {
        (a.item.criterion.number, a.item.number): a
        for a in previous.assignments.select_related("item__criterion").prefetch_related(
            "lead_positions", "cooperating_positions"
        )
    }
    positions = None
    rows = []
    for item in items:
        source = old.get((item.criterion.number, item.number))
        if source is None:  # an item new this year: the framework's defaults
            if positions is None:
                positions = NameIndex(Position.objects.filter(unit=new_round.unit, is_active=True))
            rows += _default_rows(new_round, [item], positions)
            continue
        deadline = _shift_year(source.deadline, shift)
        action = source.action
        if source.deadline:
            action = replace_deadline(action, source.deadline, deadline)
        assignment = Assignment(
            round=new_round,
            item=item,
            action=action,
            deadline=deadline,
            assignee_note=source.assignee_note,
        )
        rows.append(
            (
                assignment,
                list(source.lead_positions.all()),
                list(source.cooperating_positions.all()),
            )
        )
    return _insert_grid(rows)


@dataclass
class GridRow:
    assignment_id: int
    version: int
    lead_ids: list[int]
    cooperating_ids: list[int]
    assignee_note: str
    action: str
    deadline: date | None
    # Fingerprint of the row as the page showed it: equal to the posted values' fingerprint
    # means the user did not touch the row, whatever happened to it since.
    fingerprint: str = ""

    @property
    def values_fingerprint(self) -> str:
        return grid_fingerprint(
            self.lead_ids, self.cooperating_ids, self.assignee_note, self.action, self.deadline
        )


def grid_fingerprint(lead_ids, cooperating_ids, note: str, action: str, deadline) -> str:
    return locking.fingerprint(
        sorted(lead_ids),
        sorted(cooperating_ids),
        note.strip(),
        action.strip(),
        deadline.isoformat() if deadline else "",
    )


def assignment_fingerprint(assignment: Assignment) -> str:
    return grid_fingerprint(
        [p.pk for p in assignment.lead_positions.all()],
        [p.pk for p in assignment.cooperating_positions.all()],
        assignment.assignee_note,
        assignment.action,
        assignment.deadline,
    )


@transaction.atomic
def grid_save(*, assessment_round: AssessmentRound, rows: list[GridRow], user=None) -> int:
    """Save the edited rows of a grid, all or nothing; returns how many rows changed.

    A row saved by someone else since the editor loaded it (its version moved on) is a
    conflict: nothing is saved and `locking.Conflict` carries the newer rows (`current`).
    """
    current = {
        a.pk: a
        for a in Assignment.objects.select_for_update()
        .filter(round=assessment_round)
        .select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
    }
    valid_positions = dict(
        Position.objects.filter(unit=assessment_round.unit).values_list("pk", "name")
    )
    conflicts, changed = [], []
    for row in rows:
        assignment = current.get(row.assignment_id)
        if assignment is None:
            raise ValidationError(
                _("Dòng phân công không thuộc kỳ đánh giá này."), code="foreign_row"
            )
        if not set(row.lead_ids + row.cooperating_ids) <= valid_positions.keys():
            raise ValidationError(_("Chức danh không thuộc đơn vị."), code="foreign_position")
        before = (
            sorted(p.pk for p in assignment.lead_positions.all()),
            sorted(p.pk for p in assignment.cooperating_positions.all()),
            assignment.assignee_note,
            assignment.action,
            assignment.deadline,
        )
        after = (
            sorted(row.lead_ids),
            sorted(row.cooperating_ids),
            row.assignee_note,
            row.action,
            row.deadline,
        )
        if before == after or row.values_fingerprint == row.fingerprint:
            continue  # nothing to save, or a row this user left as the page showed it
        if assignment.version != row.version:
            conflicts.append(assignment)
            continue
        changed.append((assignment, row))
    if conflicts:
        raise locking.Conflict(conflicts)
    for assignment, row in changed:
        if row.action == assignment.action and assignment.deadline and row.deadline:
            # A new deadline with an untouched text: keep the text's date in step with it.
            row.action = replace_deadline(row.action, assignment.deadline, row.deadline)
        assignment.assignee_note = row.assignee_note
        assignment.action = row.action
        assignment.deadline = row.deadline
        assignment.full_clean(exclude=["round", "item"])
        Assignment.objects.filter(pk=assignment.pk).update(
            assignee_note=row.assignee_note,
            action=row.action,
            deadline=row.deadline,
            version=F("version") + 1,
        )
        assignment.lead_positions.set(row.lead_ids)
        assignment.cooperating_positions.set(row.cooperating_ids)
        assignment.version += 1  # as the update above wrote it
    assignments_record_history(
        [
            (
                assignment,
                [valid_positions[pk] for pk in row.lead_ids],
                [valid_positions[pk] for pk in row.cooperating_ids],
            )
            for assignment, row in changed
        ],
        user=user,
    )
    return len(changed)


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _shift_year(value: date | None, years: int) -> date | None:
    if value is None or years == 0:
        return value
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29/02 into a common year
        return value.replace(year=value.year + years, day=28)
