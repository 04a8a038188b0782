"""Optimistic locking: a save is refused when someone else saved the same record after the page
was opened, instead of silently overwriting their change.

A page sends back what it read — the record's `version` (an integer bumped by every save), or a
`fingerprint` of rows that have no version of their own. The service locks the row, compares,
raises `Conflict` with the newer values, and otherwise bumps the version and saves. Views catch
the one exception, show its message and the newer values, and keep what the person typed.
"""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


class Conflict(Exception):
    """Newer values were saved since the page was opened. `current` holds them (a record, a
    list of rows or a mapping, whatever the page needs to show); str(conflict) is the message."""

    def __init__(self, current, message: str | None = None):
        self.current = current
        super().__init__(message or conflict_message(current))


def lock(instance: models.Model) -> models.Model:
    """The row read again and locked until the transaction ends."""
    return type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)


def check_version(instance: models.Model, sent, *, message: str | None = None) -> None:
    """Refuse the save when `sent` (what the page read) is not the row's version now.

    `instance` must be the locked row (see `lock`). `None` skips the check: a client that sent
    no version (an old tab, a script) is let through, as before versions existed.
    """
    if sent is None or sent == "":
        return
    try:
        sent = int(sent)
    except (TypeError, ValueError):
        sent = -1
    if instance.version != sent:
        raise Conflict(instance, message)


def bump(instance: models.Model) -> None:
    """The next version, set before the save that records the change."""
    instance.version = (instance.version or 0) + 1


def fingerprint(*parts) -> str:
    """A short digest of what a page showed, for rows without a version of their own."""
    text = "\x1f".join(repr(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_fingerprint(now: str, sent, current, *, message: str | None = None) -> None:
    if sent is not None and sent != now:
        raise Conflict(current, message)


def last_saved(instance: models.Model) -> tuple[str, str]:
    """(who, when) of the newest save: from the record's history when it keeps one, else from
    its `updated_by` / `updated_at`; who is "" when unknown."""
    who, at = None, getattr(instance, "updated_at", None)
    history = getattr(instance, "history", None)
    if history is not None:
        row = history.select_related("history_user").order_by("-history_date").first()
        if row is not None:
            who, at = row.history_user, row.history_date
    if who is None:
        who = getattr(instance, "updated_by", None)
    name = (who.get_full_name() or who.username) if who else ""
    when = f"{timezone.localtime(at):%H:%M %d/%m/%Y}" if at else ""
    return name, when


def conflict_message(instance) -> str:
    """ "Nguyễn Văn A đã lưu lúc 09:15 04/12/2026; …": who saved last and when, if known."""
    who, when = last_saved(instance) if isinstance(instance, models.Model) else ("", "")
    if who and when:
        return _(
            "%(who)s đã lưu thay đổi lúc %(when)s; giá trị mới được hiển thị bên dưới, hãy xem "
            "lại rồi lưu lại."
        ) % {"who": who, "when": when}
    return _(
        "Người khác vừa lưu thay đổi; giá trị mới được hiển thị bên dưới, hãy xem lại rồi lưu lại."
    )
