"""Job kinds: each app registers what its jobs do and who may download their result.

`dvcq.jobs` knows no app; an app's `jobs.py` (imported from its AppConfig.ready) registers its
kinds here, as report kinds register with the document engine.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class JobOutput:
    """What a job made: a file (bytes or an open binary file) and/or a message for the person."""

    filename: str = ""
    content_type: str = ""
    content: bytes | IO[bytes] | None = None
    message: str = ""


class JobFailed(Exception):
    """Raised by a job with a message the person may read (any other exception is logged and
    shown as a plain "did not finish")."""


# progress(done, total, note="") — reported by a job as it goes
Progress = Callable[..., None]


@dataclass(frozen=True)
class JobKind:
    kind: str  # "binder"
    # (job, progress) → JobOutput; runs in the worker (or in the request, with the immediate
    # backend). It checks the permission again: the person may have lost it since asking.
    run: Callable[..., JobOutput]
    # (user, params) → may this user have this job's result? Asked again at every download.
    allowed: Callable[..., bool]


_REGISTRY: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _REGISTRY[kind.kind] = kind


def get(kind: str) -> JobKind:
    return _REGISTRY[kind]
