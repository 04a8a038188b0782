"""The 100-point sheet worded for the two-level local government (from 2026: no "cấp huyện"),
added where the shipped versions were loaded before it existed. Campaigns from 2026 score on
it; earlier appraisals keep the version they were scored on."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import migrations


def add_2026_sheet(apps, schema_editor):
    Rubric = apps.get_model("models_dvk", "Rubric")
    RubricCriterion = apps.get_model("models_dvk", "RubricCriterion")
    if not Rubric.objects.filter(kind="sheet").exists():
        return  # shipped versions never loaded here: rubrics_load_default loads them all
    path = Path(settings.BASE_DIR) / "fixtures" / "dvk_rubrics.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["rubrics"]:
        if entry["year"] != 2026 or entry["kind"] != "sheet":
            continue
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


class Migration(migrations.Migration):
    dependencies = [
        ("models_dvk", "0004_plan_sections"),
    ]

    operations = [
        migrations.RunPython(add_2026_sheet, migrations.RunPython.noop),
    ]
