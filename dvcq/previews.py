"""Upload → preview → confirm: what an import would do is kept in the session between the two
requests, so that nothing is saved before the person has seen it.

The upload view reads and checks the file, shows the preview and stores what the confirmation
will need with `preview_store`; the page posts back the token. The confirm view asks
`preview_get` (or `preview_take`) for it: a token of another user, another import kind or
another object (a second tab, a copied link, a stale page) is not found, and one confirmation
drops the entry, so confirming twice does nothing the second time.

Each preview has its own random token (two tabs with two files confirm their own file); a
session keeps at most `MAX_PENDING` of them and none older than `MAX_AGE`.
"""

import secrets
import time
from typing import Any

from django.http import HttpRequest

SESSION_KEY = "dvcq_previews"
MAX_PENDING = 5
MAX_AGE = 2 * 60 * 60  # seconds: a preview left open over lunch is still confirmable


def _pending(request: HttpRequest) -> dict[str, dict]:
    """The session's previews, expired ones left out."""
    now = time.time()
    stored = request.session.get(SESSION_KEY, {})
    return {
        token: entry
        for token, entry in stored.items()
        if isinstance(entry, dict) and now - entry.get("at", 0) <= MAX_AGE
    }


def preview_store(request: HttpRequest, *, kind: str, object_id: int, data: Any) -> str:
    """Keep `data` (JSON-serialisable) for the confirmation; returns the token the page posts.

    `kind` names the import ("annex", "selfscore", "dvk"), `object_id` the object it is about
    (the round, scorecard or campaign); the oldest previews go beyond `MAX_PENDING`.
    """
    pending = _pending(request)
    token = secrets.token_urlsafe(16)
    pending[token] = {
        "owner": request.user.pk,
        "kind": kind,
        "object": object_id,
        "at": time.time(),
        "data": data,
    }
    newest = sorted(pending.items(), key=lambda pair: pair[1]["at"])[-MAX_PENDING:]
    request.session[SESSION_KEY] = dict(newest)
    return token


def preview_get(request: HttpRequest, token: str | None, *, kind: str, object_id: int) -> Any:
    """The data stored under `token` for this user, import kind and object, or None."""
    entry = _pending(request).get(token or "")
    if (
        entry is None
        or entry["owner"] != request.user.pk
        or entry["kind"] != kind
        or entry["object"] != object_id
    ):
        return None
    return entry["data"]


def preview_drop(request: HttpRequest, token: str | None) -> None:
    """Forget the preview (after it was applied, or once it can no longer be applied)."""
    pending = _pending(request)
    pending.pop(token or "", None)
    request.session[SESSION_KEY] = pending


def preview_take(request: HttpRequest, token: str | None, *, kind: str, object_id: int) -> Any:
    """`preview_get`, and the preview is dropped: one confirmation per preview."""
    data = preview_get(request, token, kind=kind, object_id=object_id)
    if data is not None:
        preview_drop(request, token)
    return data
