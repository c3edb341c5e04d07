"""The Schengen area's short-stay rule, as the calculator's contract names it
(``haven stay-clock --rules schengen``): every installation has it."""

import datetime as dt

from django.db import migrations


def add(apps, schema_editor):
    RuleSet = apps.get_model("guide", "RuleSet")
    StayRule = apps.get_model("guide", "StayRule")
    if RuleSet.objects.filter(slug="schengen").exists():
        return
    rule_set = RuleSet.objects.create(
        slug="schengen", country="SCHENGEN", position=50,
        name_ru="Шенгенская зона", name_kk="Шенген аймағы", name_en="Schengen area",
        applies_to_ru="Краткосрочное пребывание по визе или без визы",
        applies_to_kk="Визамен немесе визасыз қысқа мерзімді болу",
        applies_to_en="Short stays, with a visa or visa-free",
        note_ru="Не более 90 дней в любые 180 дней по всем странам зоны вместе. Виза может разрешать меньше: смотрите на наклейку.",
        note_kk="Аймақтың барлық елдерінде барлығы кез келген 180 күнде 90 күннен аспауы керек. Виза одан азға рұқсат беруі мүмкін.",
        note_en="At most 90 days in any 180 in all the area's countries together. A visa may allow fewer: read its sticker.",
        source_url="https://home-affairs.ec.europa.eu/policies/schengen-borders-and-visa/border-crossing_en",
        last_checked=dt.date(2026, 11, 26),
    )
    StayRule.objects.create(rule_set=rule_set, kind="rolling", days=90, window=180, exempt=["residence"])


def remove(apps, schema_editor):
    apps.get_model("guide", "RuleSet").objects.filter(slug="schengen").delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
