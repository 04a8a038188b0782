"""Time each renderer on the full 32-item assignment annex (not a test; prints figures).

    make bench        # or: .venv/bin/python bench/bench_reports.py [--repeat 5] [--rounds 7]

The PDF of every report kind is also timed against LibreOffice's cold conversion of the same
DOCX (`soffice --headless --convert-to pdf`, a new process each time; installed by `make bench`
only), run by turns in the same loop so that the load of this shared machine weighs on both.
The goal (issue 17): each PDF in at most 0.30 × LibreOffice's time.

Runs on a throw-away SQLite database with the demo data, so it touches nothing of yours.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=7, help="turns against LibreOffice")
    parser.add_argument(
        "--kind-rounds", type=int, default=5, help="turns against LibreOffice, every other kind"
    )
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="dvcq-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from criteria.reports.annex import build_annex, resolve_round
    from dvcq.demo.seed import demo_seed
    from dvcq.documents.docx_renderer import render_docx
    from dvcq.documents.pdf_renderer import render_pdf
    from dvcq.documents.services import ExportOptions
    from dvcq.documents.xlsx_renderer import render_xlsx
    from dvcq.org.models import Unit

    call_command("migrate", verbosity=0)
    demo_seed()
    assessment_round = resolve_round(Unit.objects.get(code="ba-thanh"), 2025)
    options = ExportOptions(label="Phụ lục I")

    report = build_annex(assessment_round, options)
    rows = sum(1 for row in report.tables[0].rows if row.kind == "data")
    # Query counts are pinned in the tests; this measures time and size only.
    print(f"annex of {rows} items, {args.repeat} runs each")
    print(f"{'step':<10}{'min ms':>10}{'median ms':>12}{'size KB':>10}")
    steps = [
        ("build", lambda: build_annex(assessment_round, options)),
        ("docx", lambda: render_docx(report)),
        ("pdf", lambda: render_pdf(report)),
        ("xlsx", lambda: render_xlsx(report)),
    ]
    for name, step in steps:
        times, size = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = step()
            times.append((time.perf_counter() - start) * 1000)
            size = len(result) if isinstance(result, bytes) else 0
        print(f"{name:<10}{min(times):>10.1f}{statistics.median(times):>12.1f}{size / 1024:>10.1f}")

    # The scoring reports on the demo data: Ba Thành 2024 (seed 001) and its 2025 plan.
    from dvcq.documents import registry

    ba_thanh = Unit.objects.get(code="ba-thanh")
    province = Unit.objects.get(code="quang-ngai")
    print(f"\n{'report':<18}{'build ms':>10}{'docx ms':>10}{'pdf ms':>10}")
    for kind, unit, year in (
        ("selfscore", ba_thanh, 2024),
        ("review", ba_thanh, 2024),
        ("results", province, 2025),
        ("plan", ba_thanh, 2025),
    ):
        report_kind = registry.get(kind)
        source = report_kind.resolve(unit, year)
        figures = []

        def build(kind=report_kind, source=source):
            return kind.build(source, ExportOptions())

        for step in (build, lambda b=build: render_docx(b()), lambda b=build: render_pdf(b())):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                step()
                times.append((time.perf_counter() - start) * 1000)
            figures.append(statistics.median(times))
        print(f"{kind:<18}" + "".join(f"{f:>10.1f}" for f in figures))

    against_libreoffice(report, workdir, args.rounds)
    every_kind_against_libreoffice(report, workdir, args.kind_rounds)


def libreoffice_cold(docx: Path, workdir: str):
    """A function converting `docx` to PDF in a new LibreOffice process, or None when
    LibreOffice is not installed."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = Path(workdir) / "lo-profile"

    def convert() -> None:
        # A new process each time ("cold"), with a user profile made by the first, untimed
        # run: a first start that also writes the profile is slower still, and is not counted.
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(Path(workdir) / "lo"),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )

    return convert


def every_kind_against_libreoffice(annex, workdir: str, rounds: int) -> None:
    """Every report kind's PDF (as on a cache miss) beside LibreOffice's cold conversion of
    the same document's DOCX, on the demo data."""
    from django.utils import translation

    from dvcq.documents import registry
    from dvcq.documents.docx_renderer import render_docx
    from dvcq.documents.pdf_renderer import render_pdf
    from dvcq.documents.services import document_settings_for, export_options_defaults
    from dvcq.org.models import Unit
    from models_dvk.models import Campaign, Step

    ba_thanh = Unit.objects.get(code="ba-thanh")
    recognised = Campaign.objects.get(unit=ba_thanh, year=2026).models.get(step=Step.RECOGNISED)
    cases = [
        ("selfscore", ba_thanh, 2024, {}),
        ("review", ba_thanh, 2024, {}),
        ("results", Unit.objects.get(code="quang-ngai"), 2025, {}),
        ("plan", ba_thanh, 2025, {}),
        ("dvk-plan", ba_thanh, 2026, {}),
        ("dvk-registrations", ba_thanh, 2026, {}),
        ("dvk-results", ba_thanh, 2026, {}),
        ("dvk-report", ba_thanh, 2026, {"period": "annual"}),
        ("dvk-scoresheet", ba_thanh, 2026, {"model": str(recognised.pk)}),
    ]
    reports = {"annex": annex}
    for kind, unit, year, query in cases:
        report_kind = registry.get(kind)
        source = report_kind.source(unit, year, query)
        options = export_options_defaults(
            document_settings_for(report_kind.issuing_unit(unit, source)),
            report_kind.default_style,
            report_kind.default_symbol,
        )
        options.label = report_kind.default_label
        with translation.override("vi"):
            reports[kind] = report_kind.build(source, options)
    missing = {kind for kind in registry.all_kinds() if kind.kind not in reports}
    assert not missing, f"the bench misses {missing}"
    steps = {}
    for kind, report in reports.items():
        docx = Path(workdir) / f"{kind}.docx"
        docx.write_bytes(render_docx(report))
        convert = libreoffice_cold(docx, workdir)
        if convert is None:
            return

        def pdf(report=report) -> None:
            render_pdf(report)

        steps[kind] = (convert, pdf)
    import pypdfium2

    # The fonts and caches, and the pages of each PDF.
    pages = {
        kind: len(pypdfium2.PdfDocument(render_pdf(report))) for kind, report in reports.items()
    }
    times = {kind: ([], []) for kind in steps}
    for _ in range(rounds):
        for kind, (convert, pdf) in steps.items():
            for step, spent in zip((convert, pdf), times[kind], strict=True):
                start = time.perf_counter()
                step()
                spent.append((time.perf_counter() - start) * 1000)
    print(f"\nevery kind's PDF against LibreOffice cold, {rounds} turns (goal: ≤ 0.30 ×)")
    print(f"{'report':<20}{'pages':>6}{'LO cold ms':>12}{'PDF ms':>10}{'× LO cold':>12}")
    for kind, (cold, pdf) in times.items():
        cold_ms, pdf_ms = statistics.median(cold), statistics.median(pdf)
        print(f"{kind:<20}{pages[kind]:>6}{cold_ms:>12.1f}{pdf_ms:>10.1f}{pdf_ms / cold_ms:>12.2f}")


def against_libreoffice(report, workdir: str, rounds: int) -> None:
    """The annex PDF beside LibreOffice's cold conversion of the same DOCX: before (a new
    WeasyPrint font set-up and print stylesheet for every document, as up to issue 17), now on a cache miss (the
    rendering every first download pays) and now on a cache hit (a second download)."""

    from django.core.cache import caches

    from dvcq.documents import doc_cache
    from dvcq.documents.docx_renderer import render_docx
    from dvcq.documents.pdf_renderer import render_html
    from dvcq.documents.services import render_report

    docx = Path(workdir) / "annex.docx"
    docx.write_bytes(render_docx(report))
    libreoffice = libreoffice_cold(docx, workdir)
    if libreoffice is None:
        print("\nLibreOffice is not installed (make bench installs it): no comparison")
        return

    def before() -> None:
        from django.template.loader import render_to_string
        from weasyprint import CSS, HTML

        css = CSS(string=render_to_string("documents/print.css"))
        HTML(string=render_html(report)).write_pdf(stylesheets=[css])

    def miss() -> None:
        caches[doc_cache.ALIAS].clear()
        render_report(report, "pdf")

    def hit() -> None:
        render_report(report, "pdf")

    steps = {
        "LibreOffice cold": libreoffice,
        "PDF before": before,
        "PDF, cache miss": miss,
        "PDF, cache hit": hit,
    }
    for step in steps.values():  # the profile, the fonts, the cache entry
        step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append((time.perf_counter() - start) * 1000)
    cold = statistics.median(times["LibreOffice cold"])
    print(f"\nannex PDF against LibreOffice cold, {rounds} turns (goal: ≤ 0.30 × LibreOffice cold)")
    print(f"{'':<20}{'min ms':>10}{'median ms':>12}{'× LO cold':>12}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20}{min(values):>10.1f}{median:>12.1f}{median / cold:>12.2f}")


if __name__ == "__main__":
    main()
