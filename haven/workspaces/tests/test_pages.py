"""The workspace pages through the HTTP client: looking, booking by case code, the waitlist, the door."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import logged_in, make_user
from haven.workspaces import links, services
from haven.workspaces.models import Booking, BookingState, CheckIn, ClosedDay, WaitlistEntry
from haven.workspaces.tests.conftest import day

pytestmark = pytest.mark.django_db


def form(first: int, last: int, desks: int = 1, **extra: str) -> dict[str, Any]:
    return {"first_day": day(first).isoformat(), "last_day": day(last).isoformat(), "desks": str(desks), **extra}


def test_anyone_sees_the_spaces_and_a_month_of_free_desks_without_javascript(client: Client, hub):
    services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=2, user=make_user("x@example.org"))
    assert "City Hub" in client.get(reverse("workspaces:index")).content.decode()
    page = client.get(reverse("workspaces:space", args=[hub.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="d">25</span><span class="n">1</span>' in page
    assert "To book, enter your case code or log in." in page
    later = client.get(reverse("workspaces:space", args=[hub.slug]) + "?month=2027-01").content.decode()
    assert '<span class="d">31</span><span class="n">3</span>' in later
    assert client.get(reverse("workspaces:space", args=[hub.slug]) + "?month=garbage").status_code == 200


def test_an_arrival_books_with_the_case_code_and_gets_a_code_for_the_door(arrival: Any, hub):
    browser, household, _code = arrival
    response = browser.post(reverse("workspaces:space", args=[hub.slug]), form(0, 2, 2))
    booking = Booking.objects.get()
    assert booking.household == household
    assert response["Location"] == reverse("workspaces:booking", args=[links.token(booking.code)])
    page = browser.get(response["Location"]).content.decode()
    assert booking.shown_code in page
    assert "<svg" in page
    assert booking.shown_code in browser.get(reverse("workspaces:mine")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(-1, 0), "That day is over."),
        (form(0, 730), "One booking covers at most 31 days"),
        (form(0, 0, 4), "This space does not have that many desks."),
        (form(0, 0, 0), "Book at least one desk."),
        (form(2, 1), "The last day must not be before the first."),
        ({"first_day": "someday", "last_day": "", "desks": "x"}, "Enter a date like 2026-12-01."),
    ],
)
def test_a_bad_booking_says_what_is_wrong_and_books_nothing(arrival: Any, hub, data, message):
    browser, _household, _code = arrival
    response = browser.post(reverse("workspaces:space", args=[hub.slug]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Booking.objects.count() == 0


def test_a_closed_day_is_refused(arrival: Any, hub):
    browser, _household, _code = arrival
    ClosedDay.objects.create(workspace=hub, day=day(1))
    response = browser.post(reverse("workspaces:space", args=[hub.slug]), form(1, 1), HTTP_ACCEPT_LANGUAGE="en")
    assert "closed on all of those days" in response.content.decode()


def test_when_full_the_page_offers_the_waitlist_and_a_cancellation_offers_the_desk(arrival: Any, hub):
    browser, household, _code = arrival
    other = make_user("busy@example.org")
    taken = services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=3, user=other)
    full = browser.post(reverse("workspaces:space", args=[hub.slug]), form(0, 0), HTTP_ACCEPT_LANGUAGE="en")
    assert "No desk is free on" in full.content.decode()
    assert 'name="waitlist"' in full.content.decode()
    browser.post(reverse("workspaces:space", args=[hub.slug]), form(0, 0, waitlist="1"))
    entry = WaitlistEntry.objects.get(household=household)
    assert "number 1 in line" in browser.get(reverse("workspaces:mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    logged_in(other).post(reverse("workspaces:booking-move", args=[links.token(taken.code), "cancel"]))
    entry.refresh_from_db()
    assert entry.offer is not None
    offer_url = reverse("workspaces:booking", args=[links.token(entry.offer.code)])
    assert "held for you until" in browser.get(offer_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    browser.post(reverse("workspaces:booking-move", args=[links.token(entry.offer.code), "accept"]))
    assert Booking.objects.get(pk=entry.offer.pk).state == BookingState.ACTIVE


def test_without_a_code_or_an_account_nothing_is_booked(client: Client, hub):
    response = client.post(reverse("workspaces:space", args=[hub.slug]), form(0, 0))
    assert response.status_code == 200
    assert Booking.objects.count() == 0
    assert client.get(reverse("workspaces:mine")).status_code == 403


def test_a_forged_booking_link_finds_nothing(client: Client, hub):
    booking = services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=make_user("y@example.org"))
    forged = links.token(booking.code)[:-3] + "abc"
    assert client.get(reverse("workspaces:booking", args=[forged])).status_code == 404
    assert client.post(reverse("workspaces:booking-move", args=[forged, "cancel"])).status_code == 404
    assert Booking.objects.get().state == BookingState.ACTIVE


def test_the_manager_checks_in_by_a_scanned_or_typed_code(manager_client: Client, hub):
    booking = services.book(workspace=hub, first_day=day(0), last_day=day(0), desks=1, user=make_user("z@example.org"))
    url = reverse("workspaces:check-in", args=[hub.slug])
    assert booking.shown_code in manager_client.get(f"{url}?code={booking.shown_code}").content.decode()
    page = manager_client.post(url, {"code": booking.shown_code.lower()}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "is checked in" in page.content.decode()
    assert CheckIn.objects.count() == 1
    wrong = manager_client.post(url, {"code": "nothing"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert "No booking here has this code." in wrong.content.decode()


def test_the_manager_sees_occupancy_exports_bookings_and_closes_days(manager_client: Client, hub):
    services.book(workspace=hub, first_day=day(0), last_day=day(1), desks=2, user=make_user("w@example.org"))
    page = manager_client.get(reverse("workspaces:manage", args=[hub.slug])).content.decode()
    assert '<svg class="chart"' in page
    csv = manager_client.get(reverse("workspaces:export", args=[hub.slug])).content.decode("utf-8-sig")
    assert csv.splitlines()[1].split(",")[1:5] == [day(0).isoformat(), day(1).isoformat(), "2", "active"]
    assert "@" not in csv
    manager_client.post(reverse("workspaces:days", args=[hub.slug]), {"day": day(1).isoformat(), "reason": ""})
    assert not ClosedDay.objects.exists()  # desks are booked that day
    manager_client.post(reverse("workspaces:days", args=[hub.slug]), {"day": day(3).isoformat(), "reason": "Ремонт"})
    assert ClosedDay.objects.get().reason == "Ремонт"


def test_someone_else_cannot_run_the_space(hub, stranger):
    client = logged_in(stranger)
    for name in ("workspaces:manage", "workspaces:check-in", "workspaces:export"):
        assert client.get(reverse(name, args=[hub.slug])).status_code == 404
    assert client.post(reverse("workspaces:days", args=[hub.slug]), {"day": day(3).isoformat()}).status_code == 404
    assert not ClosedDay.objects.exists()


def test_anyone_with_an_account_lists_a_space_and_runs_it(stranger, almaty):
    client = logged_in(stranger)
    data = {
        "name": "Библиотека им. Пушкина", "kind": "library", "region": almaty.pk, "district": "",
        "address": "ул. Курмангазы 5", "weekdays": ["0", "1", "2", "3", "4"], "opens_at": "09:00",
        "closes_at": "18:00", "desks": "12", "price_per_day": "", "currency": "", "rules": "", "hold_hours": "12",
        "amenities": ["wifi", "quiet"],
    }  # fmt: skip
    bad = client.post(
        reverse("workspaces:new"), {**data, "desks": "-5", "price_per_day": "-1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400
    response = client.post(reverse("workspaces:new"), data)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_odd_values_find_nothing_instead_of_failing(arrival: Any, hub, stranger):
    browser, _household, _code = arrival
    assert browser.post(reverse("workspaces:mine"), {"leave": "²"}).status_code == 302
    assert browser.get(reverse("workspaces:index") + "?city=%00").status_code == 200
    client = logged_in(stranger)
    data = {
        "name": "New", "kind": "library", "region": hub.region.pk, "district": "", "address": "ул. 1", "weekdays": ["0"],
        "opens_at": "09:00", "closes_at": "18:00", "desks": "2", "price_per_day": "", "currency": "", "rules": "",
        "hold_hours": "12",
    }  # fmt: skip
    response = client.post(reverse("workspaces:new"), data)
    assert response["Location"] == reverse("workspaces:manage", args=["new-space"])


def test_a_space_name_with_invisible_characters_is_refused(stranger, almaty):
    data = {
        "name": "City\u202eHub", "kind": "coworking", "region": almaty.pk, "district": "", "address": "ул. 1",
        "weekdays": ["0"], "opens_at": "09:00", "closes_at": "18:00", "desks": "2", "price_per_day": "",
        "currency": "", "rules": "", "hold_hours": "12",
    }  # fmt: skip
    response = logged_in(stranger).post(reverse("workspaces:new"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "invisible or control characters" in response.content.decode()


def test_joining_the_waitlist_when_a_desk_just_came_free_leads_to_the_held_desk(arrival: Any, hub):
    browser, _household, _code = arrival
    response = browser.post(reverse("workspaces:space", args=[hub.slug]), form(0, 0, waitlist="1"))
    held = Booking.objects.get(state=BookingState.HELD)
    assert response["Location"] == reverse("workspaces:booking", args=[links.token(held.code)])


def test_the_list_of_spaces_asks_the_database_the_same_few_times_for_one_space_or_twenty(
    client: Client, almaty, django_assert_max_num_queries: Any
):
    from haven.workspaces.tests.conftest import make_space

    for n in range(20):
        make_space(almaty, f"Space {n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("workspaces:index")).status_code == 200
