"""Time each renderer on the full 32-item assignment annex (not a test; prints figures).

    make bench        # or: .venv/bin/python bench/bench_reports.py [--repeat 5]

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


if __name__ == "__main__":
    main()
