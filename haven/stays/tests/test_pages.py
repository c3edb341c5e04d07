"""The stay pages through the HTTP client: the host's, the guest's (code or link), the coordinator's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from conftest import logged_in, make_user
from haven.audit.models import Action, Entry
from haven.notify.models import Message
from haven.notify.services import render
from haven.stays import links
from haven.stays.models import Stay, StayState
from haven.stays.tests.helpers import a_household, an_offer, booked, day, proposed


@pytest.fixture
def host_client(host: Any) -> Client:
    client = logged_in(host)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def guest_client(household: Any) -> Client:
    """A browser that opened the household with its signed link."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    message = Message.objects.filter(to_household=household).order_by("-created_at").first()
    assert message is not None
    _, body = render(message)
    path = re.search(r"https?://[^/\s]+(/\S+)", body).group(1)  # type: ignore[union-attr]
    response = client.post(path)
    assert response.status_code == 302
    return client


def test_the_host_sees_the_request_without_contact_and_says_yes(host_client, almaty, host, coordinator):
    household = a_household(almaty, "Алексей", children=1, contact_phone="+77011234567")
    stay = proposed(household, an_offer(almaty, host), by=coordinator)
    listing = host_client.get("/host/stays/")
    assert "1 request waits for your answer" in listing.text
    page = host_client.get(f"/host/stays/{stay.public_id}/")
    assert page.status_code == 200
    assert "Алексей" in page.text
    assert "1 child" in page.text
    assert "+77011234567" not in page.text
    response = host_client.post(f"/host/stays/{stay.public_id}/accept/", follow=True)
    assert "The guest is told" in response.text
    stay.refresh_from_db()
    assert stay.host_accepted_at is not None


def test_contacts_show_only_when_both_said_yes_and_each_look_is_audited(host_client, almaty, host, coordinator):
    household = a_household(almaty, contact_phone="+77011234567")
    offer = an_offer(almaty, host)
    stay = proposed(household, offer, by=coordinator)
    guest = guest_client(household)
    page = guest.get(f"/my/stays/{stay.public_id}/")
    assert "ул. Абая 10" not in page.text
    guest.post(f"/my/stays/{stay.public_id}/confirm/")
    assert "ул. Абая 10" not in guest.get(f"/my/stays/{stay.public_id}/").text  # the host has not said yes
    host_client.post(f"/host/stays/{stay.public_id}/accept/")
    stay.refresh_from_db()
    assert stay.state == StayState.BOOKED

    guest_page = guest.get(f"/my/stays/{stay.public_id}/")
    assert "ул. Абая 10, кв. 5" in guest_page.text
    assert "almira@example.org" in guest_page.text
    host_page = host_client.get(f"/host/stays/{stay.public_id}/")
    assert "+77011234567" in host_page.text
    looks = Entry.objects.filter(action=Action.REVEALED_CONTACT)
    assert {(e.subject_kind, e.actor) for e in looks} == {("offer", None), ("household", host)}


def test_a_decline_needs_a_reason_and_says_it_plainly(host_client, almaty, host, coordinator):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    bad = host_client.post(f"/host/stays/{stay.public_id}/decline/", {"reason": "rude"})
    assert bad.status_code == 400
    stay.refresh_from_db()
    assert stay.state == StayState.PROPOSED
    good = host_client.post(f"/host/stays/{stay.public_id}/decline/", {"reason": "dates"}, follow=True)
    assert "will not be proposed to this place again" in good.text
    again = host_client.post(f"/host/stays/{stay.public_id}/accept/", follow=True)
    assert "This proposal was declined." in again.text


def test_bad_moves_get_a_clear_message_and_change_nothing(host_client, almaty, host, coordinator):
    stay = booked(a_household(almaty, nights=10), an_offer(almaty, host), by=coordinator, host=host)
    out = host_client.post(f"/host/stays/{stay.public_id}/check-out/", follow=True)
    assert "This cannot be done at this stage of the stay." in out.text
    long = host_client.post(f"/host/stays/{stay.public_id}/extend/", {"until": day(40).isoformat()}, follow=True)
    assert "not available on these dates" in long.text
    garbage = host_client.post(f"/host/stays/{stay.public_id}/extend/", {"until": "tomorrow"})
    assert garbage.status_code == 400
    stay.refresh_from_db()
    assert (stay.state, stay.end) == (StayState.BOOKED, day(3))
    assert host_client.post(f"/host/stays/{stay.public_id}/fly-away/").status_code == 404
    assert host_client.get(f"/host/stays/{stay.public_id}/accept/").status_code == 405


def test_a_host_sees_only_stays_at_her_own_places(almaty, host, coordinator):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    other = logged_in(make_user("bolat@example.org"))
    assert other.get(f"/host/stays/{stay.public_id}/").status_code == 404
    assert other.post(f"/host/stays/{stay.public_id}/accept/").status_code == 404
    assert Client().get(f"/host/stays/{stay.public_id}/").status_code == 302  # to the login


def test_a_guest_sees_only_his_own_stays(almaty, host, coordinator):
    mine = a_household(almaty, "Алексей")
    theirs = a_household(almaty, "Ирина")
    proposed(mine, an_offer(almaty, host), by=coordinator)
    their_stay = proposed(theirs, an_offer(almaty, host), by=coordinator)
    guest = guest_client(mine)
    assert guest.get(f"/my/stays/{their_stay.public_id}/").status_code == 404
    assert guest.post(f"/my/stays/{their_stay.public_id}/confirm/").status_code == 404
    assert Client().get(f"/my/stays/{their_stay.public_id}/").status_code == 404


def test_the_guests_request_page_lists_his_stays(almaty, host, coordinator):
    household = a_household(almaty)
    stay = proposed(household, an_offer(almaty, host), by=coordinator)
    guest = guest_client(household)
    page = guest.get("/my/")
    assert f"/my/stays/{stay.public_id}/" in page.text
    assert "your answer is needed" in page.text


def test_a_link_works_once_and_a_forged_or_expired_one_is_refused(almaty, host, coordinator, settings):
    household = a_household(almaty)
    stay = proposed(household, an_offer(almaty, host), by=coordinator)
    token = links.token_for(str(stay.public_id), "abc")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    look = client.get(f"/stays/link/{token}/")  # a mail scanner following the link uses nothing up
    assert look.status_code == 200
    assert client.post(f"/stays/link/{token}/").status_code == 302
    reused = Client(HTTP_ACCEPT_LANGUAGE="en").post(f"/stays/link/{token}/")
    assert reused.status_code == 410
    assert "already used" in reused.text
    forged = signing.dumps({"s": str(stay.public_id), "n": "x"}, salt="another salt")
    assert Client().post(f"/stays/link/{forged}/").status_code == 400
    assert Client().get("/stays/link/garbage/").status_code == 400
    settings.HAVEN_LINK_HOURS = 0
    expired = Client(HTTP_ACCEPT_LANGUAGE="en").post(f"/stays/link/{links.token_for(str(stay.public_id), 'new')}/")
    assert expired.status_code == 410
    assert "expired" in expired.text


def test_the_guest_checks_in_and_out_and_leaves_a_note(host_client, almaty, host, coordinator):
    household = a_household(almaty)
    stay = booked(household, an_offer(almaty, host), by=coordinator, host=host)
    guest = guest_client(household)
    guest.post(f"/my/stays/{stay.public_id}/check-in/")
    guest.post(f"/my/stays/{stay.public_id}/check-out/")
    too_long = guest.post(f"/my/stays/{stay.public_id}/note/", {"text": "x" * 501})
    assert too_long.status_code == 400
    guest.post(f"/my/stays/{stay.public_id}/note/", {"text": "Хозяйка была очень добра"})
    stay.refresh_from_db()
    assert stay.state == StayState.CHECKED_OUT
    assert stay.guest_note == "Хозяйка была очень добра"


def test_a_coordinator_proposes_by_hand_and_cancels(coordinator_client, almaty, host):
    household = a_household(almaty)
    offer = an_offer(almaty, host)
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = coordinator_client.get(f"/coord/households/{household.public_id}/")
    assert str(offer.public_id) in page.text
    url = f"/coord/households/{household.public_id}/propose/"
    bad_dates = {"offer": str(offer.public_id), "start": day(3).isoformat(), "end": day(2).isoformat()}
    assert coordinator_client.post(url, bad_dates).status_code == 400
    too_long = {"offer": str(offer.public_id), "start": day(0).isoformat(), "end": day(40).isoformat()}
    response = coordinator_client.post(url, too_long)
    assert response.status_code == 400
    assert "not available on these dates" in response.text
    unknown = {"offer": "00000000-0000-0000-0000-000000000000", "start": day(0).isoformat(), "end": day(2).isoformat()}
    assert coordinator_client.post(url, unknown).status_code == 400
    assert not Stay.objects.exists()
    good = {"offer": str(offer.public_id), "start": day(0).isoformat(), "end": day(2).isoformat()}
    assert coordinator_client.post(url, good).status_code == 302
    stay = Stay.objects.get()
    assert (stay.state, stay.proposed_by) == (StayState.PROPOSED, page.wsgi_request.user)
    coordinator_client.post(f"/coord/stays/{stay.public_id}/cancel/")
    stay.refresh_from_db()
    assert stay.state == StayState.CANCELLED


def test_another_citys_coordinator_cannot_touch_the_stay(almaty, bishkek, host, coordinator, bishkek_coordinator):
    household = a_household(almaty)
    offer = an_offer(almaty, host)
    stay = proposed(household, offer, by=coordinator)
    other = logged_in(bishkek_coordinator)
    assert other.post(f"/coord/stays/{stay.public_id}/cancel/").status_code == 404
    good = {"offer": str(offer.public_id), "start": day(0).isoformat(), "end": day(2).isoformat()}
    assert other.post(f"/coord/households/{household.public_id}/propose/", good).status_code == 404


def test_a_group_whose_place_fell_through_shows_on_the_coordinators_home(coordinator_client, almaty, host, coordinator):
    from haven.stays import services as stays

    household = a_household(almaty, "Ирина")
    stay = proposed(household, an_offer(almaty, host), by=coordinator)
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Back in the pool" not in coordinator_client.get("/coord/").text
    stays.host_decline(stay=stay, by=host, reason="full")
    home = coordinator_client.get("/coord/")
    assert "Back in the pool" in home.text
    assert "Ирина" in home.text
    assert Entry.objects.filter(action=Action.LISTED, subject_id=str(household.public_id)).exists()
    proposed(household, an_offer(almaty, host), by=coordinator)  # placed again: no longer listed
    assert "Ирина" not in coordinator_client.get("/coord/").text


def test_a_host_does_not_see_a_planned_later_leg_until_she_is_asked(almaty, host, coordinator):
    from haven.stays import services as stays

    second_host = make_user("dana@example.org")
    household = a_household(almaty, "Алексей", nights=6)
    legs = [
        stays.LegRequest(an_offer(almaty, host), day(0), day(3)),
        stays.LegRequest(an_offer(almaty, second_host), day(3), day(6)),
    ]
    _, later = stays.propose(household=household, legs=legs, by=coordinator)
    dana = logged_in(second_host)
    assert "Алексей" not in dana.get("/host/stays/").text
    assert dana.get(f"/host/stays/{later.public_id}/").status_code == 404


def test_a_group_that_grows_while_a_host_keeps_beds_is_told_why_not(almaty, host, coordinator):
    household = a_household(almaty)
    booked(household, an_offer(almaty, host), by=coordinator, host=host)
    guest = guest_client(household)
    page = guest.get("/my/edit/")
    assert page.status_code == 200
    form = {
        "alias": household.alias, "adults": "3", "children": "0", "region": "almaty", "district": "",
        "needed_from": household.needed_from.isoformat(), "needed_until": household.needed_until.isoformat(),
        "languages": ["ru"], "contact_email": "alexei@example.org",
    }  # fmt: skip
    response = guest.post("/my/edit/", form)
    assert response.status_code == 400
    assert "A host is keeping beds for your group" in response.text
    household.refresh_from_db()
    assert household.adults == 1


def test_a_group_whose_stay_ends_before_its_need_shows_as_moving_on(coordinator_client, almaty, host, coordinator):
    household = a_household(almaty, "Сергей", nights=8)
    stay = booked(household, an_offer(almaty, host), by=coordinator, host=host, end=2)
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    home = coordinator_client.get("/coord/")
    assert "Moving on soon" in home.text
    assert "Сергей" in home.text
    proposed(household, an_offer(almaty, host), by=coordinator, start=2, end=5)  # a next place: no longer listed
    assert "Moving on soon" not in coordinator_client.get("/coord/").text
    assert stay.end == day(2)


def test_the_coordinator_sees_when_messages_could_not_reach_a_group(coordinator_client, almaty, host, coordinator):
    household = a_household(almaty, "Тимур", contact_email="", contact_telegram="@timur_b")
    proposed(household, an_offer(almaty, host), by=coordinator)
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = coordinator_client.get(f"/coord/households/{household.public_id}/")
    assert "1 message could not reach this group" in page.text
