import json
from pathlib import Path

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction

from .models import Position, Unit

DEFAULT_POSITIONS_FILE = Path(settings.BASE_DIR) / "fixtures" / "positions_default.json"


def default_positions() -> list[dict]:
    """The "cơ quan, ban, ngành" of a commune as named in the assignment annex (seed 000)."""
    with DEFAULT_POSITIONS_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def unit_add_default_positions(*, unit: Unit) -> list[Position]:
    """Give `unit` the standard commune positions it does not have yet; returns those created."""
    existing = set(unit.positions.values_list("name", flat=True))
    created = []
    for order, entry in enumerate(default_positions(), start=1):
        if entry["name"] in existing:
            continue
        position = Position(
            unit=unit, name=entry["name"], aliases="\n".join(entry["aliases"]), order=order
        )
        position.full_clean()
        position.save()
        created.append(position)
    return created


def user_unlock_logins(*, username: str) -> int:
    """Lift a login lockout of `username` from every address; returns the counters removed.

    The failure log (the admin's "nhật ký đăng nhập sai") is kept: it is the trace of what
    happened, and it does not count towards a lockout.
    """
    return axes_reset(username=username)
