"""A criterion's stored points no longer include its bonus items ("điểm thưởng"): the bonus
is shown and totalled on its own line, so a criterion never shows 16,00 of 11,00. The
scorecard's totals (criteria plus the capped bonus) are unchanged."""

from decimal import Decimal

from django.db import migrations


def subtract_bonus(apps, schema_editor):
    ItemScore = apps.get_model("scoring", "ItemScore")
    CriterionResult = apps.get_model("scoring", "CriterionResult")
    bonus = {}
    for scorecard_id, criterion_id, self_points, review_points in ItemScore.objects.filter(
        item__is_bonus=True
    ).values_list("scorecard_id", "item__criterion_id", "self_points", "review_points"):
        s, r = bonus.get((scorecard_id, criterion_id), (Decimal(0), Decimal(0)))
        bonus[(scorecard_id, criterion_id)] = (s + (self_points or 0), r + (review_points or 0))
    for (scorecard_id, criterion_id), (self_bonus, review_bonus) in bonus.items():
        result = CriterionResult.objects.filter(
            scorecard_id=scorecard_id, criterion_id=criterion_id
        ).first()
        if result is None:
            continue
        if result.self_points is not None:
            result.self_points -= self_bonus
        if result.review_points is not None:
            result.review_points -= review_bonus
        result.save(update_fields=["self_points", "review_points"])


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_scorecard_item_deduction_note_history"),
        ("criteria", "0004_round_reviewing_unit"),
    ]

    operations = [migrations.RunPython(subtract_bonus, migrations.RunPython.noop)]
