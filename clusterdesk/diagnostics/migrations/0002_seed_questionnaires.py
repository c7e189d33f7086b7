from django.db import migrations

SEEDED_KEYS = ("dma", "resilience", "sustainability", "needs360")


def load(apps, schema_editor):
    from clusterdesk.diagnostics.seeding import load_questionnaires

    names = ("QuestionnaireTemplate", "Dimension", "Question", "AnswerOption")
    load_questionnaires({name: apps.get_model("diagnostics", name) for name in names})


def unload(apps, schema_editor):
    QuestionnaireTemplate = apps.get_model("diagnostics", "QuestionnaireTemplate")
    QuestionnaireTemplate.objects.filter(key__in=SEEDED_KEYS, version=1, diagnoses=None).delete()


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
