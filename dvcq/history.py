"""Who changed what and when: the pieces of django-simple-history that the apps share.

Writes. A model with `HistoricalRecords` gets a row on every save() and delete(); the writes
that bypass save() (bulk_create, bulk_update, queryset.update) call `record_history` with the
objects as they now are, in one query. Deleting objects one by one through `delete_with_history`
keeps a "-" row with the user who removed them.

Reads. `changes()` turns the historical rows of one or more models into `Change` entries,
newest first: each row is compared with the previous row of the same object, and only the
fields named by the caller are shown, by their verbose name and formatted as the documents
write them (78,50 · 23/10/2025 · Có/Không · the label of a choice).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

CHANGE_REASON_LENGTH = 100  # simple-history's history_change_reason column


def _reason(reason: str) -> str | None:
    return reason[:CHANGE_REASON_LENGTH] if reason else None


def record_history(
    objs: Iterable[models.Model],
    *,
    user=None,
    reason: str = "",
    history_type: str = "~",
    extra: Callable[[models.Model], dict] | None = None,
) -> list:
    """One historical row per object, as the object now is, in one INSERT.

    `user` defaults to the request's user (simple-history's middleware); `extra` gives the
    additional fields of a history model that has some (see `criteria.Assignment`).
    """
    objs = list(objs)
    if not objs:
        return []
    history = get_history_model_for_model(type(objs[0]))
    now = timezone.now()
    rows = []
    for obj in objs:
        rows.append(
            history(
                history_date=now,
                history_type=history_type,
                history_user=user or history.get_default_history_user(obj),
                history_change_reason=_reason(reason),
                **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields},
                **(extra(obj) if extra else {}),
            )
        )
    return history.objects.bulk_create(rows)


def delete_with_history(objs: Iterable[models.Model], *, user, reason: str = "") -> None:
    """Delete each object through delete(), so its "-" row names `user`.

    (A queryset delete() also leaves "-" rows, but with whoever the middleware knows, and
    none at all outside a request.)"""
    for obj in objs:
        obj._history_user = user
        if reason:
            obj._change_reason = _reason(reason)
        obj.delete()


# --- reading ----------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    at: datetime
    user: object  # a User or None (a change made outside a request)
    kind: str  # "+", "~" or "-"
    subject: str
    fields: list[FieldChange] = field(default_factory=list)
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return {"+": _("Thêm"), "~": _("Sửa"), "-": _("Xóa")}[self.kind]


def format_value(model_field: models.Field, value) -> str:
    """A value as a person reads it; "—" for nothing."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        labels = {str(k): v for k, v in model_field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@dataclass
class Source:
    """The historical rows of one model and how to show them."""

    rows: Iterable  # historical rows, with history_user selected
    fields: list[str]  # attnames to compare and show
    subject: Callable[[object], str]  # a row → "Nội dung 1.2"
    # Fields whose None means "not recorded that time" (not compared, not shown).
    unrecorded_when_none: frozenset[str] = frozenset()


def changes(sources: list[Source]) -> list[Change]:
    """Every change the rows show, newest first.

    A "~" row with no earlier row of its object is the first state known (the object existed
    before its history was kept) and is not shown: there is no earlier value to show.
    """
    found: list[Change] = []
    for source in sources:
        rows = sorted(source.rows, key=lambda r: (r.history_date, r.history_id))
        previous: dict = {}
        for row in rows:
            now = {name: getattr(row, name) for name in source.fields}
            before = previous.get(row.id)
            previous[row.id] = {
                name: before[name]
                if before is not None and name in source.unrecorded_when_none and value is None
                else value
                for name, value in now.items()
            }
            if row.history_type == "~" and before is None:
                continue
            shown = []
            for name in source.fields:
                if row.history_type == "~":
                    old, new = before[name], now[name]
                    if old == new:
                        continue
                elif row.history_type == "+":
                    old, new = None, now[name]
                else:
                    old, new = now[name], None
                if name in source.unrecorded_when_none and (old is None or new is None):
                    if row.history_type == "~" or (old is None and new is None):
                        continue
                if row.history_type != "~" and old in (None, "") and new in (None, ""):
                    continue
                model_field = row._meta.get_field(name)
                shown.append(
                    FieldChange(
                        capfirst(model_field.verbose_name),
                        format_value(model_field, old),
                        format_value(model_field, new),
                    )
                )
            if shown:
                found.append(
                    Change(
                        at=row.history_date,
                        user=row.history_user,
                        kind=row.history_type,
                        subject=source.subject(row),
                        fields=shown,
                        reason=row.history_change_reason or "",
                    )
                )
    found.sort(key=lambda c: c.at, reverse=True)
    return found
