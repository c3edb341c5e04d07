"""The rule set every installation has: the Schengen area's short-stay rule, which the
calculator's contract names (``haven stay-clock --rules schengen``). The data migration
adds it; tests that empty the database add it again with the same function."""

from __future__ import annotations

import datetime as dt
from typing import Any

SCHENGEN = {
    "slug": "schengen", "country": "SCHENGEN", "position": 50,
    "name_ru": "Шенгенская зона", "name_kk": "Шенген аймағы", "name_en": "Schengen area",
    "applies_to_ru": "Краткосрочное пребывание по визе или без визы",
    "applies_to_kk": "Визамен немесе визасыз қысқа мерзімді болу",
    "applies_to_en": "Short stays, with a visa or visa-free",
    "note_ru": "Не более 90 дней в любые 180 дней во всех странах зоны вместе. Виза может разрешать меньше: "
               "смотрите на наклейку.",
    "note_kk": "Аймақтың барлық елдерінде барлығы кез келген 180 күнде 90 күннен аспауы керек. Виза одан азға "
               "рұқсат беруі мүмкін: стикерді қараңыз.",
    "note_en": "At most 90 days in any 180 in all the area's countries together. A visa may allow fewer: read "
               "its sticker.",
    "source_url": "https://home-affairs.ec.europa.eu/policies/schengen-borders-and-visa/border-crossing_en",
    "last_checked": dt.date(2026, 11, 26),
}  # fmt: skip


def add_schengen(rule_set_model: Any, rule_model: Any) -> Any:
    """The Schengen rule set (90 days in any 180; not for holders of a residence permit
    there), made if missing. Takes the models so that a migration can pass its own."""
    rule_set, made = rule_set_model.objects.get_or_create(slug="schengen", defaults=SCHENGEN)
    if made:
        rule_model.objects.create(rule_set=rule_set, kind="rolling", days=90, window=180, exempt=["residence"])
    return rule_set
