"""The Schengen area's short-stay rule: every installation has it (haven/guide/builtin.py)."""

from django.db import migrations


def add(apps, schema_editor):
    from haven.guide.builtin import add_schengen

    add_schengen(apps.get_model("guide", "RuleSet"), apps.get_model("guide", "StayRule"))


def remove(apps, schema_editor):
    apps.get_model("guide", "RuleSet").objects.filter(slug="schengen").delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
