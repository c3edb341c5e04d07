"""The stay clock's pages through the HTTP client: counting, saving, bad dates, and
another household's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from haven.guide.models import Clock, ClockTrip, RuleSet, StayRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan() -> RuleSet:
    rule_set = RuleSet.objects.create(
        slug="kz-eaeu", country="KZ", name_ru="Казахстан", name_kk="Қазақстан", name_en="Kazakhstan",
        applies_to_ru="Граждане ЕАЭС", source_url="https://egov.kz/", last_checked=dt.date(2026, 11, 1),
    )  # fmt: skip
    StayRule.objects.create(rule_set=rule_set, kind="rolling", days=90, window=180)
    StayRule.objects.create(rule_set=rule_set, kind="registration", days=30, exempt=["residence"])
    return rule_set


def form(chosen: RuleSet, day: str, *trips: tuple[str, str], **more: str) -> dict[str, str]:
    data = {
        "rule_set": str(chosen.pk), "document": "", "on": day, "planned_entry": "", "planned_days": "",
        "trip-TOTAL_FORMS": str(max(len(trips), 1)), "trip-INITIAL_FORMS": "0",
        "trip-MIN_NUM_FORMS": "0", "trip-MAX_NUM_FORMS": "60",
    }  # fmt: skip
    for i, (entry, exit_day) in enumerate(trips):
        data[f"trip-{i}-entry"] = entry
        data[f"trip-{i}-exit"] = exit_day
    data.update(more)
    return data


def english() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_anyone_counts_their_schengen_days_without_an_account(schengen: RuleSet):
    response = english().post("/guide/clock/", form(schengen, "2026-11-26", ("2026-09-01", "2026-10-15")))
    assert response.status_code == 200
    answer = response.context["result"].answer
    # Sep 1 - Oct 15 is 45 days; entering on Nov 26 the window keeps them until Feb 28.
    assert (answer.days_used, answer.days_left, answer.present) == (45, 45, False)
    assert "45 days if you enter today" in response.content.decode()
    assert "Source" in response.content.decode()


def test_the_page_answers_in_russian(schengen: RuleSet):
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").post(
        "/guide/clock/", form(schengen, "2026-11-26", ("2026-09-01", "2026-10-15"))
    )
    assert "45 дней, если въехать сегодня" in response.content.decode()


def test_a_planned_trip_says_from_when_it_fits(schengen: RuleSet):
    # 45 days Sep 1 - Oct 15; a 60-day trip from Dec 1 would reach 105 days on Jan 29. It
    # fits from the day when the window ending on its last day holds only 30 of the old
    # days: entering Jan 14, the last day Mar 14's window starts Sep 16 (30 old days + 60).
    data = form(schengen, "2026-11-26", ("2026-09-01", "2026-10-15"), planned_entry="2026-12-01", planned_days="60")
    response = english().post("/guide/clock/", data)
    result = response.context["result"]
    assert not result.plan_fits
    assert result.plan.earliest_entry == dt.date(2027, 1, 14)
    assert "A stay of 60 days fits from" in response.content.decode()


@pytest.mark.parametrize(
    ("trips", "more", "message"),
    [
        ((("2026-10-10", "2026-10-01"),), {}, "The day you left comes before the day you entered."),
        ((("2026-09-01", "2026-09-20"), ("2026-09-15", "2026-09-30")), {}, "overlap"),
        ((("1950-01-01", "1950-01-10"),), {}, "outside the years 2000 to 2099"),
        ((("2100-01-01", ""),), {}, "outside the years 2000 to 2099"),
        ((("2026-09-01", ""), ("2026-10-01", "2026-10-05")), {}, "has no exit date"),
        ((("", "2026-10-05"),), {}, "Give the day you entered as well."),
        ((("31.02.2026", ""),), {}, "Enter a date like"),
        ((), {"planned_entry": "2026-11-01"}, "A planned trip must begin on or after the day you check."),
        ((), {"planned_days": "30"}, "Give the first day of the trip you plan."),
        ((), {"planned_entry": "2026-12-01", "planned_days": "0"}, "A stay is at least one day."),
        ((), {"on": "1950-05-05"}, "outside the years 2000 to 2099"),
        ((), {"rule_set": "999999"}, "Choose one of the rule sets in the list."),
        ((), {"document": "passport-number"}, "Choose one of the documents in the list."),
        ((("2026-11-01", ""),), {"planned_entry": "2026-12-10", "planned_days": "10"}, "give the day you leave first"),
        ((("2026-11-01", "2026-12-20"),), {"planned_entry": "2026-12-10"}, "give the day you leave first"),
        ((("2026-12-20", ""),), {}, "after the day you check, and would not be counted"),
    ],
)
def test_dates_that_cannot_be_right_get_a_clear_message_and_no_answer(
    schengen: RuleSet, trips: Any, more: Any, message: str
):
    response = english().post("/guide/clock/", form(schengen, "2026-11-26", *trips, **more))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "result" not in response.context or response.context["result"] is None


def test_more_rows_keeps_what_was_typed_and_counts_nothing(schengen: RuleSet):
    data = form(schengen, "2026-11-26", ("2026-09-01", "2026-10-15"), more="1")
    response = english().post("/guide/clock/", data)
    assert response.status_code == 200
    assert response.context.get("result") is None
    assert len(response.context["trips"].forms) == 5
    assert 'value="2026-09-01"' in response.content.decode()


def test_a_household_starts_from_its_arrival_day_and_its_country(arrival: Any, kazakhstan: RuleSet):
    client, household, _code = arrival
    response = client.get("/guide/clock/")
    assert response.context["form"].initial["rule_set"] == kazakhstan
    assert response.context["trips"].forms[0].initial["entry"] == household.needed_from


def test_a_household_saves_its_clock_and_sees_it_again(arrival: Any, kazakhstan: RuleSet):
    client, household, _code = arrival
    today = timezone.localdate().isoformat()
    response = client.post("/guide/clock/", form(kazakhstan, today, (today, ""), save="1"))
    saved = Clock.objects.get(household=household)
    assert response.status_code == 302
    assert response["Location"] == f"/guide/clock/{saved.public_id}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    answer = page.context["result"].answer
    assert (answer.present, answer.days_left) == (True, 90)
    assert answer.registration_deadline == timezone.localdate() + dt.timedelta(days=29)
    # Saving again for the same rule set replaces the trips, never a second clock.
    client.post(f"/guide/clock/{saved.public_id}/", form(kazakhstan, today, ("2026-01-01", "2026-01-10"), save="1"))
    assert Clock.objects.filter(household=household).count() == 1
    assert list(ClockTrip.objects.filter(clock=saved).values_list("entry", flat=True)) == [dt.date(2026, 1, 1)]


def test_saving_bad_trips_keeps_the_old_ones(arrival: Any, kazakhstan: RuleSet):
    client, household, _code = arrival
    client.post("/guide/clock/", form(kazakhstan, "2026-11-26", ("2026-11-01", ""), save="1"))
    saved = Clock.objects.get(household=household)
    response = client.post(
        f"/guide/clock/{saved.public_id}/",
        form(kazakhstan, "2026-11-26", ("2026-09-01", "2026-09-20"), ("2026-09-10", "2026-09-12"), save="1"),
    )
    assert response.status_code == 400
    assert list(saved.trips.values_list("entry", "exit")) == [(dt.date(2026, 11, 1), None)]


def test_saving_without_a_code_asks_for_it_and_keeps_nothing(schengen: RuleSet):
    response = english().post("/guide/clock/", form(schengen, "2026-11-26", ("2026-11-01", ""), save="1"))
    assert response.status_code == 200
    assert "enter your household" in response.content.decode()
    assert not Clock.objects.exists()


def test_another_browser_cannot_open_or_delete_a_households_clock(arrival: Any, kazakhstan: RuleSet):
    client, household, _code = arrival
    client.post("/guide/clock/", form(kazakhstan, "2026-11-26", ("2026-11-01", ""), save="1"))
    saved = Clock.objects.get(household=household)
    other = Client()
    assert other.get(f"/guide/clock/{saved.public_id}/").status_code == 404
    assert other.post(f"/guide/clock/{saved.public_id}/forget/").status_code == 404
    assert Clock.objects.filter(pk=saved.pk).exists()
    assert client.post(f"/guide/clock/{saved.public_id}/forget/").status_code == 302
    assert not Clock.objects.filter(pk=saved.pk).exists()


def test_the_rules_page_lists_each_set_with_its_source(kazakhstan: RuleSet):
    page = english().get("/guide/rules/").content.decode()
    assert "https://egov.kz/" in page
    assert "At most 90 days in any 180." in page
    assert "Register within 30 days of arrival." in page


def test_leaving_and_coming_back_on_the_planned_day_starts_a_new_entry(schengen: RuleSet):
    turkey = RuleSet.objects.create(
        slug="turkiye", country="TR", name_ru="Турция", name_kk="Түркия", name_en="Türkiye", applies_to_ru="—",
        source_url="https://www.mfa.gov.tr/", last_checked=dt.date(2026, 11, 1),
    )  # fmt: skip
    StayRule.objects.create(rule_set=turkey, kind="per-entry", days=60)
    # In Türkiye Nov 1 - Dec 10 (40 days), out and back on Dec 10: the new entry has its
    # own 60 days, Dec 10 + 59 = Feb 7.
    data = form(turkey, "2026-11-26", ("2026-11-01", "2026-12-10"), planned_entry="2026-12-10", planned_days="30")
    result = english().post("/guide/clock/", data).context["result"]
    assert result.plan.last_legal_day == dt.date(2027, 2, 7)
    assert result.plan_fits


def test_with_no_day_left_the_page_says_from_when_one_may_come_back(schengen: RuleSet):
    # 90 days Aug 29 - Nov 26 (3 + 30 + 31 + 26): entering again Nov 27 breaks the rule; a
    # day becomes free when Aug 29 leaves the window, on Aug 29 + 180 = Feb 25.
    response = english().post("/guide/clock/", form(schengen, "2026-11-27", ("2026-08-29", "2026-11-26")))
    result = response.context["result"]
    assert result.answer.last_legal_day is None
    assert result.back_from == dt.date(2027, 2, 25)
    assert "You may enter again from" in response.content.decode()


def test_a_household_sees_its_saved_clocks_first(arrival: Any, kazakhstan: RuleSet):
    client, _household, _code = arrival
    today = timezone.localdate().isoformat()
    client.post("/guide/clock/", form(kazakhstan, today, (today, ""), save="1"))
    page = client.get("/guide/clock/", HTTP_ACCEPT_LANGUAGE="en")
    assert [kept.rule_set for kept, _ in page.context["saved_results"]] == [kazakhstan]
    assert "90 days left, today included" in page.content.decode()
