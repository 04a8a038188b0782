"""Report kinds: each app registers its reports here; views and the command look them up."""

from collections.abc import Callable
from dataclasses import dataclass

from .blocks import Report


@dataclass(frozen=True)
class ReportKind:
    kind: str  # "annex"
    title: str  # shown on the export page and in `render_report --list`
    # (unit, year) → the object the report is about; Http404 when there is none. The caller has
    # already checked that the user may see the unit.
    resolve: Callable[..., object]
    # (that object, ExportOptions) → Report, in a fixed number of queries
    build: Callable[..., Report]
    tabular: bool = True
    default_style: str = "admin"
    default_symbol: str = "KH-UBND"
    default_label: str = ""  # "Phụ lục I" for annexes


_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    _REGISTRY[kind.kind] = kind


def get(kind: str) -> ReportKind:
    return _REGISTRY[kind]


def all_kinds() -> list[ReportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.kind)
