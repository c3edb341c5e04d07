"""Sergei, on his phone in Russian: how many more days Kazakhstan allows him, and what his
Schengen clock says for the trip he plans; then he keeps both clocks for reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from haven.guide.builtin import add_schengen
from haven.guide.models import Clock, RuleSet, StayRule
from haven.registry.services import register_household
from tests.e2e.test_personas import in_russian, russian_date, shot

pytestmark = pytest.mark.e2e


def test_sergei_sees_his_days_left_in_kazakhstan_and_his_schengen_clock(new_page: Callable[..., Page], almaty: Any):
    kazakhstan = RuleSet.objects.create(
        slug="kz-eaeu", country="KZ", name_ru="Казахстан", name_kk="Қазақстан", name_en="Kazakhstan",
        applies_to_ru="Граждане стран ЕАЭС", source_url="https://egov.kz/", last_checked=dt.date(2026, 11, 1),
    )  # fmt: skip
    StayRule.objects.create(rule_set=kazakhstan, kind="rolling", days=90, window=180)
    StayRule.objects.create(rule_set=kazakhstan, kind="registration", days=30)
    schengen = add_schengen(RuleSet, StayRule)
    today = timezone.localdate(timezone.now(), almaty.tzinfo)
    registration = register_household(
        alias="Сергей и Ирина", adults=2, children=0, languages=["ru"], region=almaty, needed_from=today,
        needed_until=today + dt.timedelta(days=2),
    )  # fmt: skip

    phone = new_page("sergei")
    phone.goto("/code/")
    phone.fill("input[name=code]", registration.code)
    phone.locator("main form [type=submit]").click()
    phone.goto("/guide/clock/")
    in_russian(phone)
    # His country and the day he arrived are already there; he adds a month here this autumn.
    expect(phone.locator("select[name=rule_set]")).to_have_value(str(kazakhstan.pk))
    expect(phone.locator("input[name=trip-0-entry]")).to_have_value(today.isoformat())
    autumn = (today - dt.timedelta(days=50), today - dt.timedelta(days=21))  # 30 days
    phone.fill("input[name=trip-1-entry]", autumn[0].isoformat())
    phone.fill("input[name=trip-1-exit]", autumn[1].isoformat())
    phone.locator("main form button[name=save]").click()
    # Those 30 days stay in the window until today + 129; today + k uses 30 + k + 1
    # days, 90 at k = 59: 60 days from today, today included. Register by today + 29.
    result = phone.locator(".clock-result")
    expect(result).to_contain_text("Осталось 60 дней")
    expect(result).to_contain_text(f"Зарегистрируйтесь до {russian_date(today + dt.timedelta(days=29))}")
    shot(phone, "guide-kazakhstan")
    saved = Clock.objects.get(household=registration.household, rule_set=kazakhstan)
    assert saved.trips.count() == 2

    # The Schengen clock for the trip he plans: 41 days there before that, 75 days from a month on.
    phone.goto("/guide/clock/")
    phone.select_option("select[name=rule_set]", str(schengen.pk))
    phone.fill("input[name=trip-0-entry]", (today - dt.timedelta(days=100)).isoformat())
    phone.fill("input[name=trip-0-exit]", (today - dt.timedelta(days=60)).isoformat())
    phone.fill("input[name=planned_entry]", (today + dt.timedelta(days=30)).isoformat())
    phone.fill("input[name=planned_days]", "75")
    phone.locator("main form button[name=save]").click()
    expect(result).to_contain_text("Шенгенская зона")
    expect(result).to_contain_text("Поездка, которую вы планируете")
    # Entering at E = today + 30, the 41 days stay in the window until E + 49:
    # E + k uses 41 + k + 1, 90 at k = 48, so 49 days. For 75 days the window on the
    # last day must hold at most 15 of them: from E + 1 on (E + 75 - 179 = today - 74).
    expect(result).to_contain_text("можно пробыть 49 дней")
    expect(result).to_contain_text(f"Поездка на 75 дней возможна с {russian_date(today + dt.timedelta(days=31))}")
    expect(phone.locator(".timeline svg")).to_be_visible()
    shot(phone, "guide-schengen")
    assert Clock.objects.filter(household=registration.household).count() == 2
