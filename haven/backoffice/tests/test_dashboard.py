"""A city's dashboard for its coordinators, and the public numbers: right figures, fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import logged_in
from haven.backoffice.dashboard import city_figures, public_figures
from haven.stays import services as stays
from haven.stays.models import StayEvent
from haven.stays.tests.helpers import a_household, an_offer, booked, proposed


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def test_the_figures_count_what_happened(almaty, host, coordinator):
    today = timezone.localdate()
    alone = a_household(almaty, "Один", nights=3)
    family = a_household(almaty, "Семья", adults=2, children=1, nights=3)
    family.priority = True
    family.save()
    offer = an_offer(almaty, host, beds=4, max_households=2)
    stay = booked(family, offer, by=coordinator, host=host)
    StayEvent.objects.filter(stay=stay, move="book").update(at=family.created_at + dt.timedelta(hours=5))
    declined = proposed(a_household(almaty, "Отказ", nights=2), an_offer(almaty, host), by=coordinator)
    stays.host_decline(stay=declined, by=host, reason="full")

    figures = city_figures(almaty, today)
    assert figures.arrivals[-1] == 3  # three groups registered today
    assert sum(figures.arrivals) == 3
    # Tonight: the family has its bed; "Один" (1) and "Отказ" (1) have none.
    assert figures.needs[0] == 2
    assert figures.free_beds[0] == 4 + 2 - 3  # two offers' beds less the family's three
    assert (figures.registered, figures.placed) == (3, 1)
    assert (figures.priority_registered, figures.priority_placed, figures.priority_placement_rate) == (1, 1, 100.0)
    assert figures.median_hours_to_bed == 5.0
    assert (figures.declined, figures.expired) == (1, 0)
    assert alone.pk  # still looking


def test_the_dashboard_page_draws_its_charts_and_costs_the_same_queries_for_more_groups(english, almaty, host):
    for n in range(3):
        a_household(almaty, f"Группа {n}")
    with CaptureQueriesContext(connection) as few:
        page = english.get("/coord/dashboard/")
    assert page.status_code == 200
    assert page.text.count("<svg") == 2
    assert "<script" not in page.text.split("</header>")[-1]
    for n in range(30):
        a_household(almaty, f"Ещё {n}")
        an_offer(almaty, host)
    cache.clear()  # the figures are kept a minute
    with CaptureQueriesContext(connection) as many:
        english.get("/coord/dashboard/")
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as again:
        english.get("/coord/dashboard/")
    assert len(again) < len(few)  # within the minute, from the cache


def test_a_coordinator_sees_only_her_cities_figures(almaty, bishkek, bishkek_coordinator):
    a_household(almaty, "Алексей")
    other = logged_in(bishkek_coordinator)
    page = other.get("/coord/dashboard/?city=almaty")  # not hers: her own city instead
    assert page.status_code == 200
    assert "Bishkek" in page.text
    assert "Almaty" not in page.text.split("<h1>")[1].split("</h1>")[0]


def test_the_public_numbers_hide_small_counts(almaty, bishkek, host):
    for n in range(6):
        a_household(almaty, f"Алматы {n}")
    a_household(bishkek, "Бишкек")
    figures = {f.region.slug: f for f in public_figures(timezone.localdate())}
    assert figures["almaty"].looking == 6
    assert figures["bishkek"].looking is None  # one group: not shown
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/numbers/")
    assert page.status_code == 200
    assert "fewer than 5" in page.text
    assert "Бишкек" not in page.text
    assert "Алматы 0" not in page.text


def test_found_in_review_placed_groups_are_not_counted_as_looking_or_as_covered_past_their_need(
    almaty, host, coordinator
):
    from haven.stays import services as stays

    today = timezone.localdate()
    for n in range(6):
        booked(a_household(almaty, f"Размещены {n}", nights=3), an_offer(almaty, host), by=coordinator, host=host)
    assert {f.region.slug: f for f in public_figures(today)}["almaty"].looking is None  # all six have a bed
    a = a_household(almaty, "А", nights=2)
    stay = booked(a, an_offer(almaty, host), by=coordinator, host=host, end=2)
    stays.extend(stay=stay, by=host, until=today + dt.timedelta(days=4))  # past A's need
    a_household(almaty, "Б", nights=5)
    needs = city_figures(almaty, today).needs
    assert needs[:5] == [1, 1, 1, 1, 1]  # Б alone, every night: A's extra nights cover nobody
