"""The scoring sheets: loading the shipped versions, the version in force in a year, and the
criteria a model is scored on."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import PART_FOR_SUBJECT, DvkModel, Part, Rubric, RubricCriterion, RubricKind

RUBRICS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "dvk_rubrics.json"


@transaction.atomic
def rubrics_load_default() -> list[Rubric]:
    """The seed 002 sheet, its 2026 wording and the 2026 checklist; existing versions are left
    as they are."""
    data = json.loads(RUBRICS_FIXTURE.read_text(encoding="utf-8"))
    loaded = []
    for entry in data["rubrics"]:
        rubric, created = Rubric.objects.get_or_create(
            year=entry["year"],
            kind=entry["kind"],
            defaults={
                "name": entry["name"],
                "source": entry.get("source", ""),
                "pass_total": Decimal(entry["pass_total"]),
            },
        )
        if created:
            RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    rubric=rubric,
                    part=c["part"],
                    number=c["number"],
                    text=c["text"],
                    max_points=Decimal(c["max_points"]),
                    is_key=c["is_key"],
                )
                for c in entry["criteria"]
            )
        loaded.append(rubric)
    return loaded


def rubric_for(year: int, kind: str = RubricKind.SHEET) -> Rubric | None:
    """The version in force in `year`: the latest one not after it."""
    return Rubric.objects.filter(kind=kind, year__lte=year).order_by("-year").first()


def criteria_for(rubric: Rubric, model: DvkModel) -> list[RubricCriterion]:
    """Part I and the Part II variant of the model's subject (or the checklist)."""
    parts = (
        [Part.CHECKLIST]
        if rubric.kind == RubricKind.CHECKLIST
        else [
            Part.GENERAL,
            PART_FOR_SUBJECT[model.subject],
        ]
    )
    return list(rubric.criteria.filter(part__in=parts).order_by("part", "number"))
