"""Time the reviewers' dashboard and its XLSX export for 100 and 3,321 units (prints figures).

    make bench        # or: .venv/bin/python bench/bench_dashboard.py [--repeat 5] [--sizes 100 3321]
                      #     [--database sqlite postgres] [--against REVISION]

Each page is measured beside its baseline in the same run: the bare SQL a person would write
for the same figures (the summary counts; the shown rows, then their overdue count, grouped,
and last activity; their criterion results and trend; run through the database cursor), and
for the XLSX one query of every unit's figures written to the same cells with openpyxl. The
targets (issue 17): the page's database work ≤ 2 × its bare SQL, the XLSX ≤ 1.2 × its
one-query baseline, whole. The page's database work is its own queries, as Django sent them,
run again through the cursor (SQL ms), judged by SQL/base: the issue's starting figure for the
page (14 queries, 2.3–2.4 × the bare SQL) is that comparison, since the same old code measured
as a whole request is 6–20 × (see req/base). The page is also timed as a whole request (session,
permissions, the template): req/base is printed beside it, not judged.
`--against 31b12e2` also times each request on that revision's code (a second process on the
same database), in turn with the others: before and after in one run.

3,321 is the number of commune-level units in Vietnam since 1 July 2025: the worst case is one
reviewer (or the system administrator) seeing all of them. Each size is a province of its own
with a 2025 scorecard per unit in every state, ten stored criterion results, a workflow entry,
five assignments past their deadline (half the units with evidence for one, some of it sent
back by the compiler) and a published 2024 result for the trend. PostgreSQL's tables are
analysed after the load, as autovacuum would. Rows are written with bulk_create, so the set-up takes seconds, not the services' minutes.
Runs on a throw-away SQLite database and a throw-away PostgreSQL database (BENCH_POSTGRES_URL,
default postgres://dvcq:dvcq@127.0.0.1:5432/, a role that may create databases; skipped when
unreachable), so it touches nothing of yours.
"""

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(size: int, tag: str):
    """A province with `size` communes and their scorecards; returns its reviewer."""
    from datetime import date

    from django.utils import timezone

    from criteria.models import AssessmentRound, Assignment, Classification, Criterion, Item
    from criteria.services import framework_copy, framework_load_default
    from dvcq.org.models import RoleGrant, Unit, UnitKind, User
    from evidence.models import EvidenceFile, EvidenceRecord, ItemReview
    from scoring.models import CriterionResult, Scorecard, Status, Transition

    province = Unit.objects.create(
        code=f"tinh-{tag}", name=f"Tỉnh {tag}", official_name=f"UBND TỈNH {tag}", kind="province"
    )
    reviewer = User.objects.create_user(f"danhgia-{tag}", unit=province)
    RoleGrant.objects.create(user=reviewer, role="reviewer")
    framework = framework_load_default(owner=province)
    framework_2024 = framework_copy(framework=framework, year=2024)
    Unit.objects.bulk_create(
        Unit(
            code=f"{tag}-xa-{n}",
            name=f"Xã Thử Nghiệm {n:04d}",
            official_name=f"ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM {n:04d}",
            kind=UnitKind.COMMUNE,
            parent=province,
        )
        for n in range(size)
    )
    units = list(Unit.objects.filter(parent=province).order_by("pk"))
    statuses = list(Status)
    for fw, year in ((framework, 2025), (framework_2024, 2024)):
        AssessmentRound.objects.bulk_create(
            AssessmentRound(unit=u, framework=fw, plan_date=date(year, 2, 20)) for u in units
        )
        rounds = list(AssessmentRound.objects.filter(framework=fw).order_by("unit_id"))
        new = []
        for n, r in enumerate(rounds):
            status = statuses[n % len(statuses)] if year == 2025 else Status.PUBLISHED
            self_total = Decimal(70) + Decimal(n % 30)
            reviewed = status in (Status.REVIEWED, Status.PUBLISHED)
            review = self_total - Decimal(n % 7) if reviewed else None
            new.append(
                Scorecard(
                    round=r,
                    status=status,
                    self_total=self_total,
                    review_total=review,
                    classification=Classification.EXCELLENT if reviewed and review >= 75 else "",
                )
            )
        Scorecard.objects.bulk_create(new, batch_size=1000)
    criteria = {}
    for c in Criterion.objects.filter(framework__in=[framework, framework_2024]):
        criteria.setdefault(c.framework_id, []).append(c)
    cards = list(Scorecard.objects.filter(round__unit__parent=province).select_related("round"))
    CriterionResult.objects.bulk_create(
        (
            CriterionResult(
                scorecard=card,
                criterion=c,
                max_points=Decimal(10),
                self_points=Decimal(9),
                review_points=Decimal(8) if card.review_total is not None else None,
            )
            for card in cards
            for c in criteria[card.round.framework_id]
        ),
        batch_size=2000,
    )
    Transition.objects.bulk_create(
        (
            Transition(
                scorecard=card,
                action="submit",
                from_status="drafting",
                to_status="submitted",
                user=reviewer,
            )
            for card in cards
            if card.status != Status.DRAFTING
        ),
        batch_size=2000,
    )
    rounds_2025 = list(AssessmentRound.objects.filter(framework=framework))
    items = list(Item.objects.filter(criterion__framework=framework).order_by("pk")[:5])
    Assignment.objects.bulk_create(
        (
            Assignment(round=r, item=item, deadline=date(2025, 10, 24))
            for r in rounds_2025
            for item in items
        ),
        batch_size=2000,
    )
    # Every other unit has evidence for its first item.
    firsts = list(Assignment.objects.filter(round__in=rounds_2025, item=items[0]))[::2]
    records = EvidenceRecord.objects.bulk_create(
        EvidenceRecord(round_id=a.round_id, summary="Kế hoạch", created_by=reviewer) for a in firsts
    )
    through = EvidenceRecord.assignments.through
    through.objects.bulk_create(
        through(evidencerecord_id=rec.pk, assignment_id=a.pk)
        for rec, a in zip(records, firsts, strict=True)
    )
    EvidenceFile.objects.bulk_create(
        EvidenceFile(
            record=rec,
            file="evidence/bench.pdf",
            original_name="ke-hoach.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=reviewer,
            uploaded_at=timezone.now(),
        )
        for rec in records
    )
    # The compiler's verdicts, given after the uploads: a quarter of the filed items "cần bổ
    # sung" (owed again, so late), another quarter accepted.
    ItemReview.objects.bulk_create(
        ItemReview(
            assignment_id=a.pk,
            status="needs_more" if n % 2 else "accepted",
            comment="Bổ sung bản ký" if n % 2 else "",
            reviewed_by=reviewer,
        )
        for n, a in enumerate(firsts[::2])
    )
    return reviewer


# --- baselines: the SQL a person would write for the same figures ---------------------------

# The late assignments of some rounds ({rounds}: a query of their ids) counted per round in
# one grouped query: past the deadline and not among those whose evidence is settled (a live
# file that no "cần bổ sung" verdict followed), a set the database builds once.
LATE = """
SELECT a.round_id, COUNT(*) AS n
FROM criteria_assignment a
WHERE a.round_id IN ({rounds}) AND a.deadline < %(today)s AND a.id NOT IN (
    SELECT ra.assignment_id
    FROM evidence_evidencerecord e
    JOIN evidence_evidencerecord_assignments ra ON ra.evidencerecord_id = e.id
    JOIN evidence_evidencefile f ON f.record_id = e.id AND f.replaced_by_id IS NULL
    LEFT JOIN evidence_itemreview v ON v.assignment_id = ra.assignment_id
    WHERE e.round_id IN ({rounds}) AND e.deleted_at IS NULL
      AND (v.id IS NULL OR v.status <> 'needs_more' OR v.reviewed_at < f.uploaded_at))
GROUP BY a.round_id"""

YEAR_ROUNDS = "SELECT id FROM criteria_assessmentround WHERE framework_id = %(framework)s"

# The unit's scorecard of the year by plain LEFT JOINs (a CTE of it is 300 × slower on SQLite).
UNITS = """
    FROM org_unit u
    LEFT JOIN criteria_assessmentround r ON r.unit_id = u.id AND r.framework_id = %(framework)s
    LEFT JOIN scoring_scorecard c ON c.round_id = r.id{join}
    WHERE u.parent_id = %(province)s AND (u.is_active OR c.id IS NOT NULL) {where}"""

LATE_JOIN = "\n    LEFT JOIN late ON late.round_id = r.id"

SHOWN = """
    SELECT u.id, u.code, u.name, r.id AS round_id, c.id AS card_id, c.status, c.self_total,
           c.review_total, c.classification, c.ineligible, c.updated_at"""

ACTIVITY = "(SELECT MAX(t.at) FROM scoring_transition t WHERE t.scorecard_id = s.card_id)"

# Sorted by name: the page's 100 rows first, then their late counts and last
# activity, for those rows only.
PAGE_ROWS = f"""
WITH shown AS ({SHOWN}{UNITS.replace("{join}", "")}
    ORDER BY u.name, u.id LIMIT 100 OFFSET {{offset}})
SELECT s.*, COALESCE(late.n, 0), {ACTIVITY}
FROM shown s
LEFT JOIN ({LATE.format(rounds="SELECT round_id FROM shown")}) late
     ON late.round_id = s.round_id
ORDER BY s.name, s.id"""

# Sorted by the late count: every round's count (one grouped query) joined before paging.
PAGE_BY_LATE = f"""
WITH late AS ({LATE.format(rounds=YEAR_ROUNDS)}),
shown AS ({SHOWN}, COALESCE(late.n, 0) AS overdue{UNITS.replace("{join}", LATE_JOIN)}
    ORDER BY overdue DESC, u.name, u.id LIMIT 100 OFFSET {{offset}})
SELECT s.*, {ACTIVITY}
FROM shown s
ORDER BY s.overdue DESC, s.name, s.id"""

SUMMARY = f"""
SELECT COALESCE(c.status, 'none'),
       CASE WHEN c.status IN ('reviewed', 'published')
            THEN CASE WHEN c.ineligible THEN 'ineligible' ELSE c.classification END
            ELSE '' END,
       COUNT(*){UNITS.replace("{join}", "")}
GROUP BY 1, 2"""

RESULTS = """
SELECT cr.scorecard_id, k.number, cr.self_points, cr.review_points, cr.max_points
FROM scoring_criterionresult cr JOIN criteria_criterion k ON k.id = cr.criterion_id
WHERE cr.scorecard_id IN ({ids})"""

TRENDS = """
SELECT r.unit_id, f.year, s.status, s.self_total, s.review_total
FROM criteria_assessmentround r
JOIN criteria_framework f ON f.id = r.framework_id
JOIN scoring_scorecard s ON s.round_id = r.id
WHERE r.unit_id IN ({ids}) AND f.year IN (2023, 2024, 2025)"""


# Issue 17: the page ≤ 2 × its bare SQL, the XLSX ≤ 1.2 × its one-query baseline.
PAGE_TARGET, XLSX_TARGET = 2.0, 1.2
PAGE_SIZE = 100  # scoring.selectors.PAGE_SIZE


def fill(sql: str, **values) -> str:
    """`sql` with its {name} slots filled (str.format would trip over the other slots)."""
    for name, value in values.items():
        sql = sql.replace("{" + name + "}", str(value))
    return sql


def pages(size: int) -> list[tuple[str, str, str, str]]:
    """name, URL, extra WHERE and the page's SQL of each page timed. The sort by overdue is
    timed on its second page where there is one (not only units without a late item)."""
    second = size > PAGE_SIZE
    return [
        ("page 1 (by name)", "/tong-hop/?year=2025", "", fill(PAGE_ROWS, offset=0)),
        (
            f"by overdue, page {2 if second else 1}",
            f"/tong-hop/?year=2025&sort=-overdue&page={2 if second else 1}",
            "",
            fill(PAGE_BY_LATE, offset=PAGE_SIZE if second else 0),
        ),
        (
            "filtered: published",
            "/tong-hop/?year=2025&status=published",
            "AND c.status = 'published'",
            fill(PAGE_ROWS, offset=0),
        ),
    ]


XLSX_ROWS = """
SELECT u.id, u.code, u.name, c.status, c.self_total, c.review_total, c.classification,
       c.ineligible, k.number, cr.self_points, cr.review_points
FROM org_unit u
LEFT JOIN criteria_assessmentround r ON r.unit_id = u.id AND r.framework_id = %(framework)s
LEFT JOIN scoring_scorecard c ON c.round_id = r.id
LEFT JOIN scoring_criterionresult cr ON cr.scorecard_id = c.id
LEFT JOIN criteria_criterion k ON k.id = cr.criterion_id
WHERE u.parent_id = %(province)s AND (u.is_active OR c.id IS NOT NULL)
ORDER BY u.name, u.id, k.number"""


def bare_page(params: dict, where: str, page_sql: str) -> int:
    """The page's figures in four plain queries; returns the number of rows shown."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(fill(SUMMARY, where=where), params)
        cursor.fetchall()
        cursor.execute(fill(page_sql, where=where), params)
        rows = cursor.fetchall()
        cards = [str(int(r[4])) for r in rows if r[4] is not None] or ["0"]
        cursor.execute(RESULTS.format(ids=", ".join(cards)))
        cursor.fetchall()
        cursor.execute(TRENDS.format(ids=", ".join(str(int(r[0])) for r in rows) or "0"))
        cursor.fetchall()
    return len(rows)


def bare_xlsx(params: dict, numbers: list[int]) -> bytes:
    """Every unit's figures in one query, written to the same cells (write-only openpyxl)."""
    from io import BytesIO

    from django.db import connection
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tổng hợp")
    sheet.append(
        ["Mã", "Tên", "Trạng thái", "Tự chấm", "Thẩm định", "Xếp loại"]
        + [f"TC {n} {k}" for n in numbers for k in ("tự chấm", "thẩm định")]
        + ["Thưởng tự chấm", "Thưởng thẩm định"]
    )

    def cell(value):
        if value is None:
            return None
        c = WriteOnlyCell(sheet, value=Decimal(value))
        c.number_format = "0.00"
        return c

    def flush(head, points):
        status, self_total, review_total, klass, ineligible = head[3:8]
        reviewed = status in ("reviewed", "published")
        row = [head[1], head[2], status or "", cell(self_total)]
        row += [cell(review_total if reviewed else None), ("" if not reviewed else klass)]
        selfs = reviews = Decimal(0)
        for n in numbers:
            s, r = points.get(n, (None, None))
            row += [cell(s), cell(r if reviewed else None)]
            selfs += Decimal(s or 0)
            reviews += Decimal(r or 0) if reviewed else 0
        row += [cell(Decimal(self_total) - selfs if self_total is not None and points else None)]
        row += [cell(Decimal(review_total) - reviews if reviewed and review_total else None)]
        sheet.append(row)

    with connection.cursor() as cursor:
        cursor.execute(XLSX_ROWS, params)
        head, points = None, {}
        for r in cursor:
            if head is None or r[0] != head[0]:
                if head is not None:
                    flush(head, points)
                head, points = r, {}
            if r[8] is not None:
                points[r[8]] = (r[9], r[10])
        if head is not None:
            flush(head, points)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(client, url: str) -> tuple[float, list[str], float, int]:
    """One timed request, then one more for its queries and peak Python memory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sql = [q["sql"] for q in queries.captured_queries]
    return elapsed, sql, peak / 1024 / 1024, len(response.content)


def replay(sql: list[str]) -> None:
    """The page's own queries, as Django sent them, run again through the cursor: what the
    database spends on the page, to set beside the hand-written SQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
            cursor.fetchall()


def setup_django() -> None:
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    # The page is measured as a server runs it: one connection kept across requests.
    os.environ["DB_CONN_MAX_AGE"] = "60"
    import django

    django.setup()
    from django.conf import settings

    # Production settings (DEBUG off) but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def serve(code: str, username: str) -> None:
    """The pages of another checkout (`code`) on the same database, for --against: reads a
    URL a line, answers the milliseconds its request took and those of its queries."""
    sys.path.insert(0, code)
    # An exported checkout has no var/static/ (WhiteNoise would say so on every start).
    warnings.filterwarnings("ignore", message="No directory at")
    setup_django()
    from django.apps import apps
    from django.test import Client

    from dvcq.org.models import User

    assert apps.get_app_config("scoring").path.startswith(code), "not the other checkout's code"
    client = Client()
    client.force_login(User.objects.get(username=username))
    print("ready", flush=True)
    for line in sys.stdin:
        url = line.strip()
        start = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        # Its queries too, run again through the cursor as for the code measured.
        _elapsed, sql, _peak, _size = measure(client, url)
        start = time.perf_counter()
        replay(sql)
        print(f"{elapsed:.3f} {(time.perf_counter() - start) * 1000:.3f}", flush=True)


def run(database: str, sizes: list[int], repeat: int, against: str | None) -> None:
    """One database, in a process of its own (Django is set up once per process)."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from criteria.models import Criterion, Framework

    call_command("migrate", verbosity=0)
    print(f"\n{database}: dashboard and XLSX, {repeat} runs each beside their baseline")
    print(
        "(queries and peak Python memory of one more run; req = the whole request's median;\n"
        " SQL = the page's own queries run again through the cursor, the database's share;\n"
        " judged: SQL/base for a page, req/base for the XLSX)"
    )
    if against:
        print(f"(before = the same request on {against[0]}, in turn with the others)")
    print(
        f"{'units':>6}  {'page':<22}{'min ms':>9}{'median ms':>11}{'queries':>9}"
        f"{'peak MB':>9}{'size KB':>9}{'SQL ms':>8}{'base ms':>9}{'SQL/base':>9}{'req/base':>9}"
        + (f"{'before ms':>11}{'SQL/base':>9}{'req/base':>9}" if against else "")
        + "  target"
    )
    for size in sizes:
        start = time.perf_counter()
        reviewer = build(size, f"b{size}")
        if connection.vendor == "postgresql":
            # What autovacuum does after a load this size, before the planner sees it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        setup = time.perf_counter() - start
        framework = Framework.objects.get(owner=reviewer.unit, year=2025)
        numbers = sorted(
            Criterion.objects.filter(framework=framework).values_list("number", flat=True)
        )
        params = {
            "province": reviewer.unit_id,
            "framework": framework.pk,
            "today": timezone.localdate(),
        }
        client = Client()
        client.force_login(reviewer)
        before = None
        if against:
            before = subprocess.Popen(
                [sys.executable, __file__, "--serve", against[1], "--user", reviewer.username],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert before.stdout.readline().strip() == "ready"
        cases = [
            (name, url, lambda p=params, w=where, q=sql: bare_page(p, w, q), PAGE_TARGET)
            for name, url, where, sql in pages(size)
        ]
        cases.append(
            (
                "XLSX, every unit",
                "/tong-hop/2025/bang-diem.xlsx",
                lambda p=params, n=numbers: bare_xlsx(p, n),
                XLSX_TARGET,
            )
        )
        for name, url, baseline, target in cases:
            # Side by side: baseline, page and its SQL (and the page before) alternate, so a
            # busy moment hits all.
            times, base, own, old, old_sql = [], [], [], [], []
            for _ in range(repeat):
                base += timed(baseline, 1)
                elapsed, sql, peak, size_bytes = measure(client, url)
                times.append(elapsed)
                own += timed(lambda s=sql: replay(s), 1)
                if before:
                    before.stdin.write(url + "\n")
                    before.stdin.flush()
                    request_ms, sql_ms = before.stdout.readline().split()
                    old.append(float(request_ms))
                    old_sql.append(float(sql_ms))
            ratio = statistics.median(times) / statistics.median(base)
            # The XLSX baseline also writes the sheet: its SQL alone compares with nothing, and
            # the whole export is judged. A page is judged by its database work.
            page = target == PAGE_TARGET
            sql_ratio = statistics.median(own) / statistics.median(base)
            judged = sql_ratio if page else ratio
            was = (
                f"{statistics.median(old):>11.1f}"
                + (
                    f"{statistics.median(old_sql) / statistics.median(base):>9.2f}"
                    if page
                    else f"{'—':>9}"
                )
                + f"{statistics.median(old) / statistics.median(base):>9.2f}"
                if old
                else ""
            )
            print(
                f"{size:>6}  {name:<22}{min(times):>9.1f}{statistics.median(times):>11.1f}"
                f"{len(sql):>9}{peak:>9.1f}{size_bytes / 1024:>9.1f}"
                f"{statistics.median(own):>8.1f}{statistics.median(base):>9.1f}"
                + (f"{sql_ratio:>9.2f}" if page else f"{'—':>9}")
                + f"{ratio:>9.2f}{was}  ≤ {target} {'ok' if judged <= target else 'OVER'}"
            )
        if before:
            before.stdin.close()
            before.wait()
        print(f"{'':>6}  (set-up of {size} units: {setup:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 3321])
    parser.add_argument(
        "--database", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument(
        "--against",
        metavar="REVISION",
        help="also time each request on this git revision's code, in turn (before/after)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--against-code", help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.user)
        return
    if args.child:
        against = (args.against, args.against_code) if args.against else None
        run(args.child, args.sizes, args.repeat, against)
        return
    sizes = [str(n) for n in args.sizes]
    extra = []
    if args.against:
        # The other revision's code, exported once (the same schema is assumed).
        code = tempfile.mkdtemp(prefix="dvcq-bench-code-")
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.against],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(code, filter="data")
        extra = ["--against", args.against, "--against-code", code]
    try:
        for database in args.database:
            bench(database, args.repeat, sizes, extra)
    finally:
        if extra:
            shutil.rmtree(code)


def bench(database: str, repeat: int, sizes: list[str], extra: list[str]) -> None:
    """One database: created, measured in a child process, dropped."""
    env = dict(os.environ)
    workdir = tempfile.mkdtemp(prefix="dvcq-bench-")
    drop = None
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    else:
        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://dvcq:dvcq@127.0.0.1:5432/")
        name = f"dvcq_bench_dashboard_{os.getpid()}"
        try:
            postgres(server, f"CREATE DATABASE {name}")
        except Exception as error:  # noqa: BLE001 - a bench without PostgreSQL still runs
            print(f"\npostgres: skipped ({error})")
            return
        env["DATABASE_URL"] = server.rstrip("/") + "/" + name
        drop = f"DROP DATABASE {name}"
    try:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                database,
                "--repeat",
                str(repeat),
                "--sizes",
                *sizes,
                *extra,
            ],
            env=env,
            check=True,
        )
    finally:
        shutil.rmtree(workdir)
        if drop:
            postgres(server, drop)


def postgres(server: str, statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(server.rstrip("/") + "/postgres")
    connection.autocommit = True
    try:
        connection.cursor().execute(statement)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
