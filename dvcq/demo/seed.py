"""`manage.py seed_demo`: every app's demo data, in dependency order; safe to run again."""

from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from criteria.models import AssessmentRound, Framework
from criteria.services import framework_copy, framework_load_default, round_create
from dvcq.org.models import Unit, User
from evidence.services import file_add, record_create

from .dvk_data import dvk_seed
from .org_data import DemoAccount, org_seed
from .scoring_data import scoring_seed

# A two-line plan in Vietnamese, made once with WeasyPrint (Liberation Serif embedded).
DEMO_PLAN_PDF = (
    Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "ke-hoach-12-KH-UBND.pdf"
)


@transaction.atomic
def demo_seed() -> list[DemoAccount]:
    accounts = org_seed()
    criteria_seed()
    evidence_seed()
    scoring_seed()
    dvk_seed()
    return accounts


def evidence_seed() -> None:
    """One filed document in Ba Thành's 2026 round, so the evidence pages show something."""
    assessment_round = AssessmentRound.objects.get(unit__code="ba-thanh", framework__year=2026)
    if assessment_round.evidence_records.exists():
        return
    officer = User.objects.get(username="bathanh.canbo")
    item = assessment_round.assignments.get(item__criterion__number=4, item__number=3)
    record = record_create(
        assignment=item,
        user=officer,
        number="12/KH-UBND",
        issued_on=date(2026, 3, 2),
        issuer="UBND xã Ba Thành",
        summary="Kế hoạch tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” năm 2026",
    )
    pdf = DEMO_PLAN_PDF.read_bytes()
    file_add(record=record, upload=ContentFile(pdf, name="ke-hoach-12-KH-UBND.pdf"), user=officer)


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
