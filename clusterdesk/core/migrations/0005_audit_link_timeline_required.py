"""The copied columns are required from now on, and the timeline index is built (a migration
of its own: PostgreSQL does not alter a table with pending foreign-key checks from the
copy)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_audit_link_timeline"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditeventlink",
            name="created_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="auditeventlink",
            name="object_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddIndex(
            model_name="auditeventlink",
            index=models.Index(
                fields=["subject_type", "subject_id", "-created_at", "-event"],
                name="audit_link_timeline_idx",
            ),
        ),
    ]
