"""Time and peak memory of every import refusing a hostile file, beside a valid file of the
same kind (not a test; prints figures).

    .venv/bin/python bench/bench_bombs.py [--only annex-docx]

Runs on a throw-away SQLite database with the demo data. The files are built in memory from a
valid one (tests/security/office_bombs.py): a part padded with 500 MB of blanks (about 500 KB
on disk), two million rows, a billion-laughs DOCTYPE, a hundred thousand entries, a single row
numbered 1.000.000, a row of 100.000 cells, a Word cell spanning 10⁸ columns. Each case runs in its own process, so its
peak resident memory (ru_maxrss, which also counts lxml's and zlib's C allocations that
tracemalloc cannot see) is its own; the figure is the peak during the import call above the
resident memory just before it. "Just within every limit" is the largest file an import still
reads (rows of varied text up to its row limit): what a file that passes the guard can cost.
Target (issue 12): every refusal in ≤ 2 s with ≤ 100 MB extra memory.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IMPORTS = ["annex-docx", "annex-xlsx", "framework", "self-score", "phu-luc-1", "template"]
WORD = {"annex-docx", "template"}


def _setup(work: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    import django

    django.setup()


def _valid_files() -> dict[str, bytes]:
    from openpyxl import load_workbook

    from criteria.models import Framework
    from criteria.reports.annex import build_annex, resolve_round
    from criteria.xlsx import framework_to_xlsx
    from dvcq.documents.services import ExportOptions
    from dvcq.documents.xlsx_renderer import render_xlsx
    from dvcq.org.models import Unit
    from models_dvk.importer import template_workbook
    from scoring.selectors import scorecard_groups
    from scoring.xlsx import selfscore_workbook
    from tests.criteria.test_annex_import import seed_annex_docx
    from tests.documents.test_export_views import _template_docx
    from tests.dvk.test_import import ROWS

    ba_thanh = Unit.objects.get(code="ba-thanh")
    annex = build_annex(resolve_round(ba_thanh, 2025), ExportOptions(label="Phụ lục I"))
    book = load_workbook(io.BytesIO(framework_to_xlsx(Framework.objects.get(year=2025))))
    book["Thông tin"]["B2"] = 2030
    framework = io.BytesIO()
    book.save(framework)
    scorecard = _scorecard()
    return {
        "annex-docx": seed_annex_docx(),
        "annex-xlsx": render_xlsx(annex),
        "framework": framework.getvalue(),
        "self-score": selfscore_workbook(scorecard, scorecard_groups(scorecard)),
        "phu-luc-1": template_workbook(2026, rows=ROWS),
        "template": _template_docx(),
    }


def _scorecard():
    from scoring.models import Scorecard

    return Scorecard.objects.select_related("round__unit").get(
        round__unit__code="ba-thanh", round__framework__year=2025
    )


def _bombs(kind: str, valid: bytes) -> dict[str, bytes]:
    from tests.security import office_bombs as bombs

    part = bombs.DOCUMENT if kind in WORD else bombs.FIRST_SHEET
    cases = {
        "valid file": valid,
        "just within every limit": _at_limits(valid, part),
        "+500 MB of blanks": bombs.inflated(valid, part, 500, level=9),
        "billion laughs": bombs.with_doctype(valid, part),
        "10.000 entries": bombs.with_entries(valid, 10_000),
        "100.000 entries": bombs.with_entries(valid, 100_000),
    }
    if kind in WORD:
        cases["200.000 table rows"] = bombs.with_table_rows(valid, rows=200_000)
        cases["2.000.000 table rows"] = bombs.with_table_rows(valid, rows=2_000_000)
    else:
        cases["200.000 rows"] = bombs.with_rows(valid, rows=200_000)
        cases["2.000.000 rows"] = bombs.with_rows(valid, rows=2_000_000)
        cases["one row numbered 1.000.000"] = bombs.with_rows(valid, rows=1, start=1_000_000)
        cases["a row of 100.000 cells"] = bombs.with_wide_row(valid, part, cells=100_000)
    if kind == "annex-docx":
        cases["a cell spanning 10⁸ columns"] = bombs.with_grid_span(valid)
    return cases


def _at_limits(valid: bytes, part: str) -> bytes:
    """`part` grown with rows of varied text up to the limits (940 table rows of 4 cells,
    1.890 sheet rows of 12 cells, some 1.4 and 4 MB of XML): what the largest file that the
    guard lets through costs (the annex still stops reading a sheet at its 1.001st row)."""
    import random

    from tests.security import office_bombs as bombs

    words = random.Random(12).choices(
        ["dân", "vận", "chính", "quyền", "khéo", "xã", "thôn", "hồ", "sơ", "điểm"], k=200_000
    )

    def text(n: int, length: int = 400) -> bytes:
        start = (n * 37) % 190_000
        return " ".join(words[start : start + 100])[:length].encode()

    def write(target, entry, data):
        if part == bombs.DOCUMENT:
            cell = b"<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>"
            rows = b"".join(
                b"<w:tr>" + b"".join(cell % text(r * 4 + c, 330) for c in range(4)) + b"</w:tr>"
                for r in range(940)
            )
            target.writestr(part, bombs._in_first_table(data, rows, b"</w:tbl>"))
            return
        cut = data.rindex(b"</sheetData>")
        rows = b"".join(
            b'<row r="%d">' % (100 + r)
            + b"".join(
                b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                % (bombs._column(c + 1).encode(), 100 + r, text(r * 12 + c, 120))
                for c in range(12)
            )
            + b"</row>"
            for r in range(1_890)
        )
        target.writestr(part, data[:cut] + rows + data[cut:])

    return bombs._rewrite(valid, part, write)


def _run_case(work: Path, kind: str, path: Path) -> dict:
    """One import of one file, in this (fresh) process: the outcome, seconds, MB of RSS rise."""
    _setup(work)
    import docx  # noqa: F401  (loaded before measuring: a worker has them loaded already)
    import docxtpl  # noqa: F401
    import openpyxl  # noqa: F401
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from criteria.annex_io import read_annex_upload
    from criteria.xlsx import framework_from_xlsx
    from dvcq.documents.custom_templates import template_save
    from dvcq.org.models import User
    from dvcq.sheets import SheetProblems
    from models_dvk import importer
    from models_dvk.models import Campaign
    from scoring.selectors import scorecard_groups
    from scoring.services import accepted_items
    from scoring.xlsx import read_selfscore

    upload = SimpleUploadedFile(path.name, path.read_bytes())
    scorecard = _scorecard()
    groups, accepted = scorecard_groups(scorecard), accepted_items(scorecard)
    campaign = Campaign.objects.get(unit__code="ba-thanh", year=2026)
    admin = User.objects.get(username="admin")

    def call() -> str:
        if kind in ("annex-docx", "annex-xlsx"):
            return f"read {len(read_annex_upload(upload).rows)} criteria"
        if kind == "framework":
            data, errors = framework_from_xlsx(upload)
            if errors:
                raise ValidationError(str(errors[0]))
            return f"read {len(data['criteria'])} criteria"
        if kind == "self-score":
            return f"read, {len(read_selfscore(upload, scorecard, groups, accepted))} changes"
        if kind == "phu-luc-1":
            plan = importer.read_sheet(upload, campaign)
            return f"read {len(plan.rows)} models"
        template_save(kind="annex", upload=upload, user=admin)
        return "saved"

    before = _reset_peak()
    start = time.perf_counter()
    try:
        outcome = call()
    except (SheetProblems, ValidationError) as error:
        text = getattr(error, "messages", None) or getattr(error, "errors", None) or [str(error)]
        outcome = "refused: " + (text[0] if isinstance(text, list) else str(text))
    seconds = time.perf_counter() - start
    return {"outcome": outcome, "seconds": seconds, "mb": max(_peak_kb() - before, 0) / 1024}


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> int:
    """The resident KB now, with the peak reset to it (Linux: clear_refs 5), so that the peak
    read after the call is the call's own; without that, the call's rise above the earlier
    peak only."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kb("VmRSS")


def _peak_kb() -> int:
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=IMPORTS, action="append")
    parser.add_argument("--case", nargs=3, metavar=("WORK", "KIND", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    if args.case:
        work, kind, path = args.case
        print(json.dumps(_run_case(Path(work), kind, Path(path))))
        return

    work = Path(tempfile.mkdtemp(prefix="dvcq-bombs-bench-"))
    _setup(work)
    from django.core.management import call_command

    from dvcq.demo.seed import demo_seed

    call_command("migrate", verbosity=0)
    demo_seed()
    valid = _valid_files()
    print("each case in its own process; RSS MB = peak resident memory of the import call above")
    print("the memory before it (VmHWM reset by /proc/self/clear_refs, which counts lxml's C heap)")
    print(f"{'import':<12}{'file':<30}{'on disk':>10}{'seconds':>9}{'RSS MB':>8}  outcome")
    for kind in args.only or IMPORTS:
        extension = "docx" if kind in WORD else "xlsx"
        for number, (label, content) in enumerate(_bombs(kind, valid[kind]).items(), start=1):
            path = work / f"{kind}-{number}.{extension}"
            path.write_bytes(content)
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--case", str(work), kind, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                )
                result = json.loads(done.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                result = {"outcome": f"still running after {args.timeout} s", "seconds": 0, "mb": 0}
            except subprocess.CalledProcessError as error:
                tail = (error.stderr.strip().splitlines() or ["?"])[-1]
                result = {"outcome": f"crashed: {tail}", "seconds": 0, "mb": 0}
            size = f"{len(content) / 1024:,.0f} KB"
            print(
                f"{kind:<12}{label:<30}{size:>10}{result['seconds']:>9.2f}{result['mb']:>8.0f}  "
                f"{result['outcome'][:110]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
