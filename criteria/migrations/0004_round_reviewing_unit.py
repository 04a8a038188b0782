import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def reviewer_is_parent(apps, schema_editor):
    """Existing rounds were reviewed by the unit above, as the tree stood when they were made."""
    AssessmentRound = apps.get_model("criteria", "AssessmentRound")
    Unit = apps.get_model("org", "Unit")
    AssessmentRound.objects.filter(reviewing_unit__isnull=True).update(
        reviewing_unit=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("parent_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0003_assignment_history"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentround",
            name="reviewing_unit",
            field=models.ForeignKey(
                blank=True,
                help_text="Cơ quan chấm, thẩm định kết quả năm đó (tên và cấp như năm đánh giá, ví dụ huyện trước 01/7/2025); để trống thì là đơn vị cấp trên hiện nay.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviewed_rounds",
                to="org.unit",
                verbose_name="đơn vị thẩm định",
            ),
        ),
        migrations.RunPython(reviewer_is_parent, migrations.RunPython.noop),
    ]
