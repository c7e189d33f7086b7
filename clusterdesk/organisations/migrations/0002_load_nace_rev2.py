from django.db import migrations


def load(apps, schema_editor):
    from clusterdesk.organisations.nace import load_nace

    load_nace(apps.get_model("organisations", "NaceActivity"))


def unload(apps, schema_editor):
    NaceActivity = apps.get_model("organisations", "NaceActivity")
    for level in (4, 3, 2, 1):
        NaceActivity.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
