from django.db import migrations


def create_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The defaults are the model's field defaults (naervaer.core.retention.RetentionPeriods).
    apps.get_model("privacy", "RetentionPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
