"""The visitor's pages through the HTTP client: taking, following and leaving a ticket; bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from haven.queues import links, services
from haven.queues.models import PointDay, Ticket, TicketState
from haven.queues.tests.conftest import MORNING, Clock, counter, service

pytestmark = pytest.mark.django_db


def take_on_phone(client: Client, point, letter: str = "R", email: str = "") -> Ticket:
    response = client.post(reverse("queues:point", args=[point.slug]), {"service": letter, "email": email})
    assert response.status_code == 302, response.content.decode()[:500]
    ticket = Ticket.objects.order_by("-pk").first()
    assert ticket is not None
    assert response["Location"] == reverse("queues:ticket", args=[links.token(ticket.public_id)])
    return ticket


def test_the_point_page_shows_the_lines_and_their_waits(client: Client, point, clock: Clock):
    services.take_ticket(point=point, service=service(point, "R"))
    page = client.get(reverse("queues:point", args=[point.slug])).content.decode()
    assert "Регистрация" in page
    assert "Take a ticket" in page or "Взять талон" in page


def test_a_phone_takes_a_ticket_and_follows_its_place(client: Client, point, staff, clock: Clock):
    before = services.take_ticket(point=point, service=service(point, "R"))
    ticket = take_on_phone(client, point)
    url = reverse("queues:ticket", args=[links.token(ticket.public_id)])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "R-002" in page
    assert 'class="ahead">1<' in page
    services.call_next(counter=counter(point, "1"), by=staff)
    part = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'class="ahead">0<' in part
    assert "<html" not in part  # htmx gets the status only
    services.call_next(counter=counter(point, "1"), by=staff)
    assert "counter 1" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert Ticket.objects.get(pk=before.pk).state == TicketState.SERVED


def test_the_ticket_page_is_in_the_visitor_s_language(client: Client, point, clock: Clock):
    ticket = take_on_phone(client, point)
    client.cookies["django_language"] = "kk"
    page = client.get(reverse("queues:ticket", args=[links.token(ticket.public_id)])).content.decode()
    assert "Тіркеу" in page


def test_a_second_ticket_from_the_same_phone_leads_back_to_the_first(client: Client, point, clock: Clock):
    first = take_on_phone(client, point)
    response = client.post(reverse("queues:point", args=[point.slug]), {"service": "R"})
    assert response["Location"] == reverse("queues:ticket", args=[links.token(first.public_id)])
    assert Ticket.objects.count() == 1
    assert "R-001" in client.get(response["Location"]).content.decode()


def test_after_closing_the_visitor_is_sent_to_book_a_time(client: Client, point, clock: Clock):
    clock.set(MORNING.replace(hour=19))
    response = client.post(reverse("queues:point", args=[point.slug]), {"service": "D"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == reverse("queues:appointment", args=[point.slug]) + "?service=D"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "closed for today" in page
    assert 'value="2026-11-26T09:00"' in page
    assert Ticket.objects.count() == 0


def test_booking_a_time_gives_a_ticket_for_that_day(client: Client, point, clock: Clock):
    url = reverse("queues:appointment", args=[point.slug])
    response = client.post(url, {"service": "D", "slot": "2026-11-26T09:30", "email": ""})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.code, ticket.appointment_at) == ("D-001", dt.datetime(2026, 11, 26, 9, 30, tzinfo=point.zone))
    assert "09:30" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"service": "D", "slot": "2026-11-26T09:10"},  # off the grid
        {"service": "D", "slot": "2026-11-25T15:00"},  # today
        {"service": "D", "slot": "1950-01-01T09:00"},
        {"service": "D", "slot": "not a time"},
        {"service": "Z", "slot": "2026-11-26T09:30"},
        {"service": "D"},
    ],
)
def test_a_bad_appointment_is_refused_clearly_and_books_nothing(client: Client, point, clock: Clock, data):
    response = client.post(reverse("queues:appointment", args=[point.slug]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"service": "Z"}, "This service is not offered here."),
        ({}, "Choose a service."),
        ({"service": "R", "email": "not-an-address"}, "Enter an e-mail address"),
        ({"service": "R", "email": "a\u202e@example.org"}, "e-mail address"),
    ],
)
def test_a_bad_ticket_form_says_what_is_wrong_and_takes_nothing(client: Client, point, clock: Clock, data, error):
    response = client.post(reverse("queues:point", args=[point.slug]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Ticket.objects.count() == 0


def test_a_forged_ticket_link_finds_nothing_and_says_so(client: Client, point, clock: Clock):
    ticket = services.take_ticket(point=point, service=service(point, "R"))
    forged = links.token(ticket.public_id)[:-2] + "xx"
    for url in (reverse("queues:ticket", args=[forged]), reverse("queues:ticket", args=[ticket.public_id])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert "This ticket link is not valid" in response.content.decode()
    assert client.post(reverse("queues:leave", args=[forged])).status_code == 404
    assert Ticket.objects.get().state == TicketState.WAITING


def test_leaving_by_the_link_gives_the_place_up(client: Client, point, clock: Clock):
    ticket = take_on_phone(client, point)
    token = links.token(ticket.public_id)
    client.post(reverse("queues:leave", args=[token]))
    assert Ticket.objects.get().state == TicketState.LEFT
    assert PointDay.objects.get().taken == 0
    again = client.post(reverse("queues:leave", args=[token]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "no longer in the queue" in again.content.decode()


def test_the_kiosk_needs_its_key_and_shows_the_ticket_on_a_page_a_reload_cannot_repeat(
    client: Client, point, clock: Clock
):
    assert client.get(reverse("queues:kiosk", args=[point.slug, "guess"])).status_code == 404
    url = reverse("queues:kiosk", args=[point.slug, point.kiosk_key])
    response = client.post(url, {"service": "D"})
    assert response.status_code == 302
    shown = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "D-001" in shown
    assert "<svg" in shown
    assert "0 people ahead of you." in shown
    client.get(response["Location"])  # a reload shows the same ticket, takes none
    assert Ticket.objects.count() == 1
    assert client.post(url, {"service": "D"}).status_code == 302  # the next person at the same kiosk
    assert client.post(url, {"service": "Q"}).status_code == 400
    wrong_key = response["Location"].replace(point.kiosk_key, "guess")
    assert client.get(wrong_key).status_code == 404


def test_a_kiosk_at_a_closed_point_shows_a_code_to_book_another_day_instead_of_buttons(
    client: Client, point, clock: Clock
):
    clock.set(MORNING.replace(hour=19))
    page = client.get(
        reverse("queues:kiosk", args=[point.slug, point.kiosk_key]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "closed for today" in page
    assert "/q/almaty-centre/appointment/" in page
    assert 'name="service"' not in page


def test_a_new_kiosk_link_retires_the_old_one(staff_client: Client, client: Client, point):
    old = reverse("queues:kiosk", args=[point.slug, point.kiosk_key])
    staff_client.post(reverse("queues:settings", args=[point.slug]), {"new_kiosk_link": "1"})
    point.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(reverse("queues:kiosk", args=[point.slug, point.kiosk_key])).status_code == 200


def test_the_screen_shows_the_called_numbers_with_their_counters_in_russian_and_kazakh(
    client: Client, point, staff, clock: Clock
):
    services.take_ticket(point=point, service=service(point, "D"))
    services.call_next(counter=counter(point, "3"), by=staff)
    page = client.get(reverse("queues:display", args=[point.slug])).content.decode()
    assert "D-001" in page
    assert "→ 3" in page
    assert 'class="fresh"' in page
    assert "Талон" in page
    assert "Терезе" in page or "Окно" in page
    clock.advance(minutes=1)
    part = client.get(reverse("queues:display", args=[point.slug]), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="fresh"' not in part


def test_the_door_sign_has_a_code_to_the_point_page(client: Client, point):
    page = client.get(reverse("queues:door", args=[point.slug])).content.decode()
    assert "<svg" in page
    assert "/q/almaty-centre/" in page


def test_an_unknown_or_closed_point_is_not_found(client: Client, point):
    point.is_active = False
    point.save()
    assert client.get(reverse("queues:point", args=[point.slug])).status_code == 404
    assert client.get(reverse("queues:point", args=["nowhere"])).status_code == 404


def test_a_closed_point_says_so_and_offers_a_time_instead_of_the_ticket_button(client: Client, point, clock: Clock):
    clock.set(MORNING.replace(hour=7))
    page = client.get(reverse("queues:point", args=[point.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The point opens at 09:00" in page
    assert 'name="service"' not in page
    assert reverse("queues:appointment", args=[point.slug]) in page


def test_an_e_mail_typed_by_someone_else_does_not_open_its_owner_s_ticket(point, clock: Clock):
    owner, other = Client(), Client()
    ticket = take_on_phone(owner, point, email="victim@example.org")
    response = other.post(reverse("queues:point", args=[point.slug]), {"service": "R", "email": "Victim@Example.org"},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response["Location"] == reverse("queues:point", args=[point.slug])
    page = other.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A ticket for this e-mail is already in this line." in page
    assert ticket.code not in page
    assert links.token(ticket.public_id) not in page
    assert Ticket.objects.count() == 1


def test_times_are_shown_on_the_point_s_own_clock(client: Client, other_point, clock: Clock):
    # Bishkek is an hour ahead of Almaty, where the server's clock is.
    url = reverse("queues:appointment", args=[other_point.slug])
    response = client.post(url, {"service": "R", "slot": "2026-11-26T10:00", "email": ""})
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "10:00" in page
    assert "09:00" not in page


def test_the_appointment_page_lets_the_visitor_choose_the_day(client: Client, point, clock: Clock):
    url = reverse("queues:appointment", args=[point.slug])
    first = client.get(url + "?service=R", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="2026-11-26T09:00"' in first
    assert "day=2026-11-30" in first  # Monday: the weekend is closed
    assert "day=2026-11-28" not in first
    monday = client.get(url + "?service=R&day=2026-11-30").content.decode()
    assert 'value="2026-11-30T17:30"' in monday
    assert 'value="2026-11-26T09:00"' not in monday
    assert client.get(url + "?service=R&day=someday").status_code == 200  # back to the first free day
