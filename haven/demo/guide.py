"""Demo rule sets for the stay clock, and the clocks of the Astana showcase household:
Sergei and Irina count their days in Kazakhstan and plan a Schengen trip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from django.utils import timezone

from haven.accounts.models import Region
from haven.demo import data
from haven.guide import services
from haven.guide.builtin import add_schengen
from haven.guide.models import RuleSet, StayRule
from haven.guide.stayclock import Trip
from haven.registry.models import Household

CHECKED = dt.date(2026, 11, 26)
DEMO_NOTE = {
    "note_ru": "Демонстрационные данные, не официальные.",
    "note_kk": "Демонстрациялық деректер, ресми емес.",
    "note_en": "Demonstration data, not official.",
}
RULE_SETS: list[dict[str, Any]] = [
    {
        "slug": "kz-eaeu",
        "country": "KZ",
        "position": 10,
        "source_url": "https://egov.kz/",
        "name_ru": "Казахстан",
        "name_kk": "Қазақстан",
        "name_en": "Kazakhstan",
        "applies_to_ru": "Граждане стран ЕАЭС: Армении, Беларуси, Кыргызстана, России",
        "applies_to_kk": "ЕАЭО елдерінің азаматтары: Армения, Беларусь, Қырғызстан, Ресей",
        "applies_to_en": "Citizens of the EAEU: Armenia, Belarus, Kyrgyzstan, Russia",
        "rules": [
            {"kind": "rolling", "days": 90, "window": 180},
            {"kind": "registration", "days": 30, "exempt": ["diplomatic", "residence"]},
        ],
    },
    {
        "slug": "kz-visa-free",
        "country": "KZ",
        "position": 11,
        "source_url": "https://egov.kz/",
        "name_ru": "Казахстан",
        "name_kk": "Қазақстан",
        "name_en": "Kazakhstan",
        "applies_to_ru": "Граждане других стран с безвизовым въездом",
        "applies_to_kk": "Визасыз кіретін басқа елдердің азаматтары",
        "applies_to_en": "Citizens of other visa-free countries",
        "rules": [
            {"kind": "per-entry", "days": 30},
            # Before this, leaving and coming back started the count anew, without end.
            {"kind": "rolling", "days": 90, "window": 180, "since": dt.date(2023, 1, 27)},
        ],
    },
    {
        "slug": "kg-eaeu",
        "country": "KG",
        "position": 20,
        "source_url": "https://mfa.gov.kg/",
        "name_ru": "Кыргызстан",
        "name_kk": "Қырғызстан",
        "name_en": "Kyrgyzstan",
        "applies_to_ru": "Граждане стран ЕАЭС",
        "applies_to_kk": "ЕАЭО елдерінің азаматтары",
        "applies_to_en": "Citizens of the EAEU",
        "rules": [
            {"kind": "rolling", "days": 90, "window": 180},
            {"kind": "registration", "days": 30, "exempt": ["diplomatic", "residence"]},
        ],
    },
    {
        "slug": "georgia",
        "country": "GE",
        "position": 30,
        "source_url": "https://www.mfa.gov.ge/",
        "name_ru": "Грузия",
        "name_kk": "Грузия",
        "name_en": "Georgia",
        "applies_to_ru": "Граждане России и ещё около 95 стран без визы",
        "applies_to_kk": "Ресей және визасыз тағы 95-ке жуық елдің азаматтары",
        "applies_to_en": "Citizens of Russia and about 95 other visa-free countries",
        "rules": [{"kind": "per-entry", "days": 365}],
    },
    {
        "slug": "turkiye",
        "country": "TR",
        "position": 40,
        "source_url": "https://www.mfa.gov.tr/",
        "name_ru": "Турция",
        "name_kk": "Түркия",
        "name_en": "Türkiye",
        "applies_to_ru": "Граждане России, по общегражданскому паспорту",
        "applies_to_kk": "Ресей азаматтары, шетелдік төлқұжат бойынша",
        "applies_to_en": "Citizens of Russia, on an international passport",
        "rules": [{"kind": "per-entry", "days": 60}, {"kind": "rolling", "days": 90, "window": 180}],
    },
]


def load(*, regions: Mapping[str, Region]) -> None:
    for spec in RULE_SETS:
        fields = {k: v for k, v in spec.items() if k != "rules"}
        rule_set = RuleSet.objects.create(**fields, **DEMO_NOTE, last_checked=CHECKED)
        for rule in spec["rules"]:
            StayRule.objects.create(rule_set=rule_set, **rule)
    sergei = (
        Household.objects.filter(region=regions["astana"], alias=data.SHOWCASE_HOUSEHOLDS["astana"].alias)
        .order_by("created_at")
        .first()
    )
    if sergei is None:
        return
    today = timezone.localdate(timezone.now(), regions["astana"].tzinfo)
    day = dt.timedelta(days=1)
    # A month in Kazakhstan this autumn, and here again since the day they registered:
    # 60 days left, registration within 30.
    services.save_clock(
        household=sergei, rule_set=RuleSet.objects.get(slug="kz-eaeu"), document="passport",
        trips=[Trip(today - 50 * day, today - 21 * day), Trip(sergei.needed_from, None)],
    )  # fmt: skip
    # 41 days in Europe before that; 75 days planned there after Türkiye, from a month on:
    # 49 days fit from that day, the whole 75 from the day after.
    services.save_clock(
        household=sergei, rule_set=add_schengen(RuleSet, StayRule), document="passport",
        trips=[Trip(today - 100 * day, today - 60 * day)], planned_entry=today + 30 * day, planned_days=75,
    )  # fmt: skip


def report_lines(base: str) -> list[str]:
    if not RuleSet.objects.filter(slug="kz-eaeu").exists():
        return []
    return [
        f"Guide: {urljoin(base, 'guide/')}; the stay clock at {urljoin(base, 'guide/clock/')} — with the Astana "
        "code (Сергей и Ирина) it shows their days left in Kazakhstan and their Schengen clock for a planned trip;",
        f"  the rule sets with sources: {urljoin(base, 'guide/rules/')} (administrators edit them at "
        f"{urljoin(base, 'admin/guide/ruleset/')}).",
    ]
