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
    # (user, that object) → may this user read it? Checked by the export page after resolve;
    # for figures the unit's own users may not see yet (a review before it is published).
    allowed: Callable[..., bool] | None = None
    # (that object) → the unit that issues the document, when it is not the unit of the URL
    # (the reviewer's notice about a commune is headed and signed by the reviewing level).
    issuer: Callable[..., object] | None = None
    # GET parameters (names) the report reads besides unit and year, passed to `resolve` as
    # keyword arguments (strings, "" when absent): which model's sheet, which period.
    params: tuple[str, ...] = ()

    def may_read(self, user, source) -> bool:
        return self.allowed is None or bool(self.allowed(user, source))

    def source(self, unit, year: int, query) -> object:
        """`resolve` with the report's own parameters taken from `query` (a GET mapping)."""
        if not self.params:
            return self.resolve(unit, year)
        return self.resolve(unit, year, **{name: query.get(name, "") for name in self.params})

    def issuing_unit(self, unit, source):
        return self.issuer(source) if self.issuer else unit


_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    _REGISTRY[kind.kind] = kind


def get(kind: str) -> ReportKind:
    return _REGISTRY[kind]


def all_kinds() -> list[ReportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.kind)
