"""`manage.py seed_demo`: every app's demo data, in dependency order; safe to run again."""

from datetime import date

from django.db import transaction

from criteria.models import AssessmentRound, Framework
from criteria.services import framework_copy, framework_load_default, round_create
from dvcq.org.models import Unit

from .org_data import DemoAccount, org_seed


@transaction.atomic
def demo_seed() -> list[DemoAccount]:
    accounts = org_seed()
    criteria_seed()
    return accounts


def criteria_seed() -> None:
    province = Unit.objects.get(code="quang-ngai")
    framework_2025 = framework_load_default(owner=province)
    framework_2026 = Framework.objects.filter(owner=province, year=2026).first() or framework_copy(
        framework=framework_2025, year=2026
    )
    # 2025 as in seed 000 for two communes; Ba Thành's 2026 round is copied from its 2025 grid.
    for code in ("ba-thanh", "an-phu"):
        unit = Unit.objects.get(code=code)
        if not AssessmentRound.objects.filter(unit=unit, framework=framework_2025).exists():
            round_create(unit=unit, framework=framework_2025, plan_date=date(2025, 2, 25))
    ba_thanh = Unit.objects.get(code="ba-thanh")
    if not AssessmentRound.objects.filter(unit=ba_thanh, framework=framework_2026).exists():
        round_create(
            unit=ba_thanh,
            framework=framework_2026,
            plan_number="18/KH-UBND",
            plan_date=date(2026, 2, 10),
        )
