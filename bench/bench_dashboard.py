"""Time the reviewers' dashboard and its XLSX export for 100 and 3,321 units (prints figures).

    make bench        # or: .venv/bin/python bench/bench_dashboard.py [--repeat 3] [--sizes 100 3321]

3,321 is the number of commune-level units in Vietnam since 1 July 2025: the worst case is one
reviewer (or the system administrator) seeing all of them. Each size is a province of its own
with a 2025 scorecard per unit in every state, ten stored criterion results, a workflow entry,
five assignments past their deadline (some with evidence) and a published 2024 result for the
trend. Rows are written with bulk_create, so the set-up takes seconds, not the services' minutes.
Runs on a throw-away SQLite database, so it touches nothing of yours.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
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
    from evidence.models import EvidenceFile, EvidenceRecord
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
    return reviewer


def measure(client, url: str, repeat: int) -> tuple[list[float], int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, len(queries), peak / 1024 / 1024, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 3321])
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="dvcq-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    # Production settings (DEBUG off) but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    print(f"dashboard and XLSX, {args.repeat} runs each (SQLite; queries and peak Python memory")
    print("of one more run)")
    print(
        f"{'units':>6}  {'page':<22}{'min ms':>9}{'median ms':>11}{'queries':>9}"
        f"{'peak MB':>9}{'size KB':>9}"
    )
    for size in args.sizes:
        start = time.perf_counter()
        reviewer = build(size, f"b{size}")
        setup = time.perf_counter() - start
        client = Client()
        client.force_login(reviewer)
        for name, url in [
            ("page 1 (by name)", "/tong-hop/?year=2025"),
            ("by overdue, page 2", "/tong-hop/?year=2025&sort=-overdue&page=2"),
            ("filtered: published", "/tong-hop/?year=2025&status=published"),
            ("XLSX, every unit", "/tong-hop/2025/bang-diem.xlsx"),
        ]:
            times, queries, peak, size_bytes = measure(client, url, args.repeat)
            print(
                f"{size:>6}  {name:<22}{min(times):>9.1f}{statistics.median(times):>11.1f}"
                f"{queries:>9}{peak:>9.1f}{size_bytes / 1024:>9.1f}"
            )
        print(f"{'':>6}  (set-up of {size} units: {setup:.1f} s)")


if __name__ == "__main__":
    main()
