"""Report kinds: each app registers its reports here; views and the command look them up.

The engine, not the builders, decides the language: `ReportKind.render` builds and renders
under `override("vi")`, since official documents are Vietnamese whatever language the person
chose for the menus.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.utils import translation

from .blocks import Report
from .services import ExportOptions, render_report


class ReportParamsError(Exception):
    """The report's own parameters (`?model=`, `?period=`) are missing or wrong; `errors`
    maps each parameter's name to what is wrong with it."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        )


@dataclass(frozen=True)
class SourceWarning:
    """A problem in the data a document is drawn from, and the page where a person fixes it."""

    where: str  # "Nội dung 1.1"
    problem: str  # "Hạn nộp nằm ngoài năm đánh giá"
    url: str  # the grid row: "/ky-danh-gia/3/#nd-1-1"


@dataclass
class Finality:
    """Whether a document drawn from a source is final, and if not, why: the reasons go on
    the document's meta (`DocumentMeta.draft_reasons`) and, with the warnings, on the export
    page."""

    reasons: list[str] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)

    @property
    def final(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class ReportKind:
    kind: str  # "annex"
    title: str  # shown on the export page and in `render_report --list`
    # (unit, year, **parameters) → the object the report is about; Http404 when there is none.
    # The caller has already checked that the user may see the unit.
    resolve: Callable[..., object]
    # (that object, ExportOptions) → Report, in a fixed number of queries
    build: Callable[..., Report]
    # (user, that object) → may this user read it? Checked by the export page after resolve.
    # Required: every kind states who may export it, even when it is "whoever sees the unit".
    allowed: Callable[..., bool]
    tabular: bool = True
    default_style: str = "admin"
    default_symbol: str = "KH-UBND"
    default_label: str = ""  # "Phụ lục I" for annexes
    # (that object) → the unit that issues the document, when it is not the unit of the URL
    # (the reviewer's notice about a commune is headed and signed by the reviewing level).
    issuer: Callable[..., object] | None = None
    # The GET parameters the report reads besides unit and year (which model's sheet, which
    # period), as a form: its cleaned_data become `resolve`'s keyword arguments.
    params_form: type[forms.Form] | None = None
    # (that object) → Finality: the report module's one rule for "final or not, and why", the
    # same its builder puts on the document. None: the kind's documents are always final.
    finality: Callable[..., Finality] | None = None

    def finality_of(self, source) -> Finality:
        return self.finality(source) if self.finality else Finality()

    # Made by a background job from the export page (a report of every unit of a province
    # takes longer than a request should); `?format=` still answers at once for scripts.
    background: bool = False

    def may_read(self, user, source) -> bool:
        return bool(self.allowed(user, source))

    def params(self, query) -> forms.Form | None:
        """The parameters form bound to `query` (a GET mapping), or None for a kind without."""
        if self.params_form is None:
            return None
        names = self.params_form.base_fields
        return self.params_form({name: query[name] for name in names if name in query})

    def param_names(self) -> list[str]:
        return list(self.params_form.base_fields) if self.params_form else []

    def source(self, unit, year: int, query) -> object:
        """`resolve` with the report's own parameters read from `query` (a GET mapping);
        ReportParamsError when they are not valid."""
        form = self.params(query)
        if form is None:
            return self.resolve(unit, year)
        if not form.is_valid():
            raise ReportParamsError({name: list(errors) for name, errors in form.errors.items()})
        return self.resolve(unit, year, **form.cleaned_data)

    def issuing_unit(self, unit, source):
        return self.issuer(source) if self.issuer else unit

    def render(self, source, options: ExportOptions, fmt: str) -> tuple[str, str, bytes]:
        """(filename, content type, bytes) of the document, built and rendered in Vietnamese."""
        with translation.override("vi"):
            return render_report(self.build(source, options), fmt)


_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    _REGISTRY[kind.kind] = kind


def get(kind: str) -> ReportKind:
    return _REGISTRY[kind]


def all_kinds() -> list[ReportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.kind)
