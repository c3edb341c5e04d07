"""The staff's pages: the console, settings, figures; and who may open them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import logged_in, make_user
from haven.audit.models import Entry
from haven.queues import services
from haven.queues.models import Counter, CounterState, PointDay, PointStaff, Service, ServicePoint, Ticket, TicketState
from haven.queues.tests.conftest import Clock, counter, service

pytestmark = pytest.mark.django_db


def move(client: Client, point: ServicePoint, label: str, what: str, **data: str):
    url = reverse("queues:counter-move", args=[point.slug, counter(point, label).pk, what])
    return client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def test_staff_call_recall_and_serve_from_the_console(staff_client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    page = move(staff_client, point, "1", "next").content.decode()
    assert "Called R-001." in page
    assert "R-001" in page
    assert "Called R-001 again." in move(staff_client, point, "1", "recall").content.decode()
    assert "R-001 is served." in move(staff_client, point, "1", "served").content.decode()
    assert "Nobody is waiting" in move(staff_client, point, "1", "next").content.decode()
    assert Ticket.objects.get().state == TicketState.SERVED


def test_a_call_on_a_paused_counter_is_refused_with_a_reason(staff_client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    move(staff_client, point, "1", "pause")
    assert counter(point, "1").state == CounterState.PAUSED
    page = move(staff_client, point, "1", "next").content.decode()
    assert "This counter is paused" in page
    assert Ticket.objects.get().state == TicketState.WAITING


def test_a_no_show_too_early_is_refused_then_accepted_after_the_grace(staff_client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    move(staff_client, point, "1", "next")
    assert "wait for the visitor until 10:03" in move(staff_client, point, "1", "no-show").content.decode()
    clock.advance(minutes=3)
    assert "R-001 did not come." in move(staff_client, point, "1", "no-show").content.decode()


def test_a_transfer_to_an_unknown_service_is_refused(staff_client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    move(staff_client, point, "2", "next")
    assert "not offered here" in move(staff_client, point, "2", "transfer", to="Q").content.decode()
    assert "sent to another line" in move(staff_client, point, "2", "transfer", to="D").content.decode()
    assert Ticket.objects.get().service.letter == "D"


def test_staff_stop_and_restart_today_s_tickets(staff_client: Client, point, clock: Clock):
    staff_client.post(reverse("queues:day-tickets", args=[point.slug, "close"]))
    assert PointDay.objects.get().closed_for_tickets
    staff_client.post(reverse("queues:day-tickets", args=[point.slug, "open"]))
    assert not PointDay.objects.get().closed_for_tickets
    assert staff_client.post(reverse("queues:day-tickets", args=[point.slug, "sideways"])).status_code == 404


def test_staff_of_another_point_and_strangers_find_nothing_and_change_nothing(point, other_point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    elsewhere = make_user("bakyt@example.org")
    PointStaff.objects.create(point=other_point, user=elsewhere)
    for client in (logged_in(elsewhere), logged_in(make_user("nobody@example.org"))):
        assert client.get(reverse("queues:console", args=[point.slug])).status_code == 404
        assert move(client, point, "1", "next").status_code == 404
        assert client.post(reverse("queues:day-tickets", args=[point.slug, "close"])).status_code == 404
        assert client.get(reverse("queues:settings", args=[point.slug])).status_code == 404
        assert client.get(reverse("queues:stats", args=[point.slug])).status_code == 404
    assert Ticket.objects.get().state == TicketState.WAITING
    assert not PointDay.objects.get().closed_for_tickets
    anonymous = Client().get(reverse("queues:console", args=[point.slug]))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_a_counter_of_another_point_is_not_found_in_this_point_s_console(staff_client: Client, point, other_point):
    url = reverse("queues:counter-move", args=[point.slug, counter(other_point, "1").pk, "next"])
    assert staff_client.post(url).status_code == 404


def test_settings_refuse_a_closing_before_the_opening_and_keep_the_old_hours(staff_client: Client, point):
    data = {
        "address": "ул. Абая 1", "weekdays": ["0", "1"], "opens_at": "18:00", "closes_at": "09:00",
        "timezone": "Asia/Almaty", "daily_limit": "-5", "notify_ahead": "5", "no_show_grace_minutes": "3",
        "appointment_percent": "30", "slot_minutes": "30",
    }  # fmt: skip
    response = staff_client.post(reverse("queues:settings", args=[point.slug]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert "must close after it opens" in page
    assert "greater than or equal to" in page
    point.refresh_from_db()
    assert point.opens_at.hour == 9


def test_settings_saved_change_the_hours_and_are_audited(staff_client: Client, point):
    data = {
        "address": "ул. Абая 1", "weekdays": ["0", "1", "2", "3", "4", "5"], "opens_at": "08:30", "closes_at": "17:00",
        "timezone": "Asia/Almaty", "daily_limit": "150", "notify_ahead": "3", "no_show_grace_minutes": "2",
        "one_ticket_per_person": "on", "appointment_percent": "20", "slot_minutes": "20",
    }  # fmt: skip
    assert staff_client.post(reverse("queues:settings", args=[point.slug]), data).status_code == 302
    point.refresh_from_db()
    assert (point.weekdays, point.daily_limit, point.opens_at.strftime("%H:%M")) == ("012345", 150, "08:30")
    assert Entry.objects.filter(action="queue", subject_id=point.slug).exists()


def test_a_service_letter_used_twice_is_refused(staff_client: Client, point):
    data = {
        "letter": "r",
        "name_ru": "Ещё",
        "name_kk": "Тағы",
        "name_en": "More",
        "default_minutes": "5",
        "is_active": "on",
    }
    response = staff_client.post(reverse("queues:service-new", args=[point.slug]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Another service here has this letter." in response.content.decode()
    data["letter"] = "c"
    assert staff_client.post(reverse("queues:service-new", args=[point.slug]), data).status_code == 302
    assert Service.objects.filter(point=point, letter="C").exists()


def test_a_counter_needs_a_new_name_and_at_least_one_service(staff_client: Client, point):
    url = reverse("queues:counter-new", args=[point.slug])
    response = staff_client.post(url, {"label": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Another counter here has this name." in page
    assert "Choose at least one service." in page
    r = service(point, "R")
    assert staff_client.post(url, {"label": "4", "services": [r.pk]}).status_code == 302
    assert list(Counter.objects.get(point=point, label="4").services.all()) == [r]


def test_the_figures_show_the_day_s_tickets_and_waits(staff_client: Client, point, staff, clock: Clock):
    for _ in range(3):
        services.take_ticket(point=point, service=service(point, "R"), by_kiosk=True)
    clock.advance(minutes=10)
    services.call_next(counter=counter(point, "1"), by=staff)
    clock.advance(minutes=5)
    services.call_next(counter=counter(point, "1"), by=staff)
    page = staff_client.get(reverse("queues:stats", args=[point.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg class="chart"' in page
    # Waits of 10 and 15 minutes: the median is 12.5 (shown as 13), the 90th percentile 14.5 (15).
    assert "<td>25 November</td><td>3</td><td>1</td><td>0</td><td>0</td><td>13</td><td>15</td>" in page


def test_coordinators_open_points_and_name_their_staff(coordinator_client: Client, almaty, staff, point):
    data = {
        "name_ru": "Юрпомощь", "name_kk": "Заң көмегі", "name_en": "Legal aid", "slug": "legal-aid", "region": almaty.pk,
        "district": "", "address": "", "weekdays": ["0"], "opens_at": "10:00", "closes_at": "14:00",
        "timezone": "Asia/Almaty", "daily_limit": "40", "notify_ahead": "3", "no_show_grace_minutes": "3",
        "appointment_percent": "0", "slot_minutes": "30",
    }  # fmt: skip
    assert coordinator_client.post(reverse("queues:new-point"), {**data, "slug": "new"}).status_code == 400
    assert coordinator_client.post(reverse("queues:new-point"), data).status_code == 302
    url = reverse("queues:staff", args=["legal-aid"])
    unknown = coordinator_client.post(url, {"email": "nobody@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Nobody has a Haven account" in unknown.content.decode()
    coordinator_client.post(url, {"email": staff.email})
    assert PointStaff.objects.filter(point__slug="legal-aid", user=staff).exists()


def test_staff_cannot_open_points_nor_name_staff(staff_client: Client, point, almaty):
    assert staff_client.get(reverse("queues:new-point")).status_code == 404
    assert staff_client.get(reverse("queues:staff", args=[point.slug])).status_code == 404


def test_a_coordinator_of_another_city_cannot_name_staff_here(bishkek_coordinator, point):
    client = logged_in(bishkek_coordinator)
    assert client.post(reverse("queues:staff", args=[point.slug]), {"email": "x@example.org"}).status_code == 404


def test_staff_land_on_their_points_after_login(staff_client: Client, point):
    response = staff_client.get(reverse("accounts:home"))
    assert response["Location"] == reverse("queues:index")
    assert reverse("queues:console", args=[point.slug]) in staff_client.get(response["Location"]).content.decode()


def test_odd_values_in_staff_urls_and_forms_find_nothing_instead_of_failing(
    coordinator_client: Client, staff_client: Client, point
):
    assert coordinator_client.post(reverse("queues:staff", args=[point.slug]), {"remove": "abc"}).status_code == 302
    assert coordinator_client.post(reverse("queues:staff", args=[point.slug]), {"remove": "9" * 40}).status_code == 302
    assert staff_client.get(f"/q/{point.slug}/services/%00/").status_code == 404
    assert staff_client.get(f"/q/{point.slug}/services/ZZZ/").status_code == 404
    assert staff_client.get(f"/q/{point.slug}/console/{10**30}/").status_code == 404


def test_a_counter_of_two_lines_can_call_from_one_of_them(staff_client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    clock.advance(minutes=1)
    services.take_ticket(point=point, service=service(point, "D"), by_kiosk=True)
    assert "Called D-001." in move(staff_client, point, "2", "next", service="D").content.decode()
    assert "does not call that service" in move(staff_client, point, "1", "next", service="D").content.decode()
    assert "does not call that service" in move(staff_client, point, "1", "next", service="Q").content.decode()
    assert Ticket.objects.get(letter="R").state == TicketState.WAITING
