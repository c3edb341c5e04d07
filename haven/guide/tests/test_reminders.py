"""Reminders 7 and 2 days before a household's last legal day or registration deadline,
each once, on the city's calendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from haven.guide import services
from haven.guide.models import RuleSet, StayRule
from haven.guide.stayclock import Trip
from haven.notify.models import Message
from haven.registry.models import Status

pytestmark = pytest.mark.django_db
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture
def rules() -> RuleSet:
    rule_set = RuleSet.objects.create(
        slug="short", country="KZ", name_ru="Казахстан", name_kk="Қазақстан", name_en="Kazakhstan",
        applies_to_ru="—", source_url="https://egov.kz/", last_checked=dt.date(2026, 11, 1),
    )  # fmt: skip
    StayRule.objects.create(rule_set=rule_set, kind="per-entry", days=30)
    StayRule.objects.create(rule_set=rule_set, kind="registration", days=10)
    return rule_set


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ALMATY)


@pytest.fixture
def household(arrival: Any) -> Any:
    _client, household, _code = arrival
    household.contact_email = "sergei@example.org"
    household.save()
    return household


def test_a_week_and_two_days_before_each_deadline_the_household_is_told_once(household: Any, rules: RuleSet):
    # Entered Nov 1: register by Nov 10 (day 10), leave by Nov 30 (day 30).
    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), None)])
    told = {day: services.remind_deadlines(now=at(day)) for day in ("2026-11-02", "2026-11-03", "2026-11-08")}
    assert told == {"2026-11-02": 0, "2026-11-03": 1, "2026-11-08": 1}  # registration: Nov 3 (7 before), Nov 8
    assert services.remind_deadlines(now=at("2026-11-08", 18)) == 1  # the same reminder again: still one message
    assert services.remind_deadlines(now=at("2026-11-23")) == 1  # the stay: 7 days before Nov 30
    assert services.remind_deadlines(now=at("2026-11-28")) == 1
    keys = sorted(Message.objects.values_list("key", flat=True))
    assert len(keys) == 4
    stay = Message.objects.get(key__contains=":stay:2026-11-30:2")
    assert stay.to_household == household
    assert stay.context["days"] == 2


def test_the_day_is_the_citys_not_the_servers(household: Any, rules: RuleSet):
    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), None)])
    # 20:00 UTC on Nov 22 is already Nov 23 in Almaty (UTC+5): 7 days before Nov 30.
    assert services.remind_deadlines(now=dt.datetime(2026, 11, 22, 20, tzinfo=dt.UTC)) == 1


def test_nobody_is_told_after_leaving_or_when_the_household_is_closed(household: Any, rules: RuleSet):
    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), dt.date(2026, 11, 5))])
    assert services.remind_deadlines(now=at("2026-11-23")) == 0
    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), None)])
    household.status = Status.WITHDRAWN
    household.save()
    assert services.remind_deadlines(now=at("2026-11-23")) == 0
    assert not Message.objects.exists()


def test_the_message_reads_in_the_households_language(household: Any, rules: RuleSet):
    from haven.notify.services import render

    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), None)])
    services.remind_deadlines(now=at("2026-11-23"))
    subject, body = render(Message.objects.get())
    assert subject == "Haven: ваше законное пребывание заканчивается"
    assert "Казахстан" in body
    assert "/guide/clock/" in body


def test_the_reminders_link_shows_the_clock_on_a_phone_without_the_code(household: Any, rules: RuleSet):
    from django.test import Client

    from haven.notify.services import render

    services.save_clock(household=household, rule_set=rules, trips=[Trip(dt.date(2026, 11, 1), None)])
    services.remind_deadlines(now=at("2026-11-23"))
    _subject, body = render(Message.objects.get())
    link = next(line for line in body.splitlines() if "/guide/clock/r/" in line)
    path = link[link.index("/guide/clock/r/") :].strip()
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert page.status_code == 200
    assert "Kazakhstan" in page.content.decode()
    assert "Delete this clock" not in page.content.decode()  # read only
    assert Client().get(path.replace("/r/", "/r/x")).status_code == 410  # forged
    household.stay_clocks.all().delete()
    assert Client().get(path).status_code == 410  # the clock is gone
