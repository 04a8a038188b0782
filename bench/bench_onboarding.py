"""Onboarding a province: 100 communes × 8 accounts from one workbook (not a test; prints
figures).

    .venv/bin/python bench/bench_onboarding.py [--communes 100] [--accounts 8]

Runs on a throw-away SQLite database (or the one DATABASE_URL names, which must be empty and
migrated). Times reading and checking the workbook, writing it (units, default positions,
accounts, roles, positions, the invitation e-mails to Django's in-memory backend), and a second
run of the same file (which must change nothing). Baseline, measured in the same run: inserting
the same units, positions, accounts and grants with one bulk_create per table and no checks.
Target (issue 15): the whole first run in ≤ 30 s on this machine.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = [
    "Văn phòng",
    "Lãnh đạo",
    "Cán bộ",
    "Cán bộ",
    "Cán bộ",
    "Cán bộ",
    "Ban xây dựng Đảng",
    "Cán bộ",
]
POSITIONS = [
    "Công chức Văn phòng - Thống kê", "", "Công chức Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch",
    "Công chức Tài chính - Kế toán", "Công chức Địa chính", "Khối vận Đảng ủy", "Công đoàn cơ sở",
]  # fmt: skip


def workbook(communes: int, per_unit: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    units = book.active
    units.title = "Đơn vị"
    units.append(["Mã", "Tên", "Loại", "Đơn vị cấp trên"])
    units.append(["tinh-bench", "Tỉnh Thử Nghiệm", "Tỉnh", ""])
    accounts = book.create_sheet("Tài khoản")
    accounts.append(["Tên đăng nhập", "Họ và tên", "Email", "Đơn vị", "Vai trò", "Chức danh"])
    for n in range(1, communes + 1):
        units.append([f"xa-{n:03}", f"Xã Thử Nghiệm {n}", "Xã", "tinh-bench"])
        for k in range(per_unit):
            accounts.append(
                [f"xa{n:03}.tk{k}", f"Người {n}-{k}", f"tk{k}@xa{n:03}.example", f"xa-{n:03}",
                 ROLES[k % len(ROLES)], POSITIONS[k % len(POSITIONS)]]
            )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--accounts", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dvcq-bench-onboard-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from dvcq.org.invitations import send_invitations
    from dvcq.org.models import Position, RoleGrant, Unit, User
    from dvcq.org.onboarding import onboarding_apply, read_workbook
    from dvcq.org.services import default_positions

    content = workbook(args.communes, args.accounts)
    mail.outbox = []
    start = time.perf_counter()
    plan = read_workbook(io.BytesIO(content))
    read = time.perf_counter() - start
    done = onboarding_apply(plan)
    sent = send_invitations(done.created_accounts, base_url="http://127.0.0.1:8000")
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = onboarding_apply(read_workbook(io.BytesIO(content)))
    second = time.perf_counter() - start
    assert not (again.created_units or again.updated_units or again.created_accounts)
    assert not again.updated_accounts, [u.username for u in again.updated_accounts[:5]]
    counts = (Unit.objects.count(), Position.objects.count(), User.objects.count())

    # Baseline: the same rows, one bulk_create per table, no checks, rolled back.
    start = time.perf_counter()
    with transaction.atomic():
        top = Unit.objects.create(code="b-top", name="B", official_name="B", kind="province")
        units = Unit.objects.bulk_create(
            [Unit(code=f"b-{n}", name=f"B {n}", official_name="B", kind="commune", parent=top)
             for n in range(args.communes)]
        )  # fmt: skip
        Position.objects.bulk_create(
            [Position(unit=u, name=e["name"]) for u in units for e in default_positions()]
        )
        users = User.objects.bulk_create(
            [User(username=f"b{n}.{k}", email=f"b{k}@{n}.example", unit=u, password="!")
             for n, u in enumerate(units) for k in range(args.accounts)]
        )  # fmt: skip
        RoleGrant.objects.bulk_create([RoleGrant(user=u, role="officer") for u in users])
        transaction.set_rollback(True)
    baseline = time.perf_counter() - start

    print(f"database: {django.db.connection.vendor}")
    print(
        f"workbook: {args.communes} communes × {args.accounts} accounts, {len(content) // 1024} KB"
    )
    print(f"units/positions/users after: {counts}; invitations sent: {sent}")
    print(f"read and check:        {read:6.2f} s")
    print(
        f"first run (all):       {first:6.2f} s   target ≤ 30 s: {'OK' if first <= 30 else 'MISSED'}"
    )
    print(f"second run (no change):{second:6.2f} s")
    print(
        f"baseline bulk inserts: {baseline:6.2f} s   first run = {first / baseline:.1f} × baseline"
    )


if __name__ == "__main__":
    main()
