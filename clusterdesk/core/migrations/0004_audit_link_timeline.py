"""Timelines read from the link table's index: each link carries its event's time, kind and
confidential cluster (copied from the event, which never changes)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_events(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditEventLink = apps.get_model("core", "AuditEventLink")
    event = AuditEvent.objects.filter(pk=OuterRef("event_id"))
    AuditEventLink.objects.update(
        created_at=Subquery(event.values("created_at")[:1]),
        object_type_id=Subquery(event.values("object_type_id")[:1]),
        confidential_cluster_id=Subquery(event.values("confidential_cluster_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_audit_event_confidential_cluster"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="when",
            ),
        ),
        migrations.AddField(
            model_name="auditeventlink",
            name="created_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="auditeventlink",
            name="object_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="auditeventlink",
            name="confidential_cluster_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(copy_from_events, migrations.RunPython.noop, elidable=True),
    ]
