"""Matching by hand: a group's best places from the engine, a place's best groups, one click to propose."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from haven.audit.models import Action, Entry
from haven.stays.models import Stay, StayState
from haven.stays.tests.helpers import a_household, an_offer, booked, day


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def plan_tokens(page) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'name="plan" value="([^"]+)"', page.text)


def test_a_groups_page_lists_the_engines_best_places_and_one_click_proposes(english, almaty, host, coordinator):
    household = a_household(almaty, "Ирина", nights=4, languages=["ru"])
    good = an_offer(almaty, host, languages=["ru"])
    an_offer(almaty, host, languages=["kk"], available_until=day(2))  # shorter and no shared language
    page = english.get(f"/coord/households/{household.public_id}/?candidates=1")
    assert "Best places for this group now" in page.text
    assert "Covers 4 of 4 nights." in page.text
    tokens = plan_tokens(page)
    assert tokens
    first = page.text.index(str(good.public_id))
    assert first < page.text.index("Propose a place by hand")  # the best one is listed first
    response = english.post(f"/coord/households/{household.public_id}/propose-plan/", {"plan": tokens[0]}, follow=True)
    assert "Proposed." in response.text
    stay = Stay.objects.get()
    assert (stay.offer, stay.start, stay.end, stay.state) == (good, day(0), day(4), StayState.PROPOSED)


@pytest.mark.parametrize("plan", ["", "forged", "x" * 5000])
def test_a_forged_or_stale_plan_proposes_nothing(english, almaty, host, plan):
    household = a_household(almaty)
    an_offer(almaty, host)
    response = english.post(f"/coord/households/{household.public_id}/propose-plan/", {"plan": plan}, follow=True)
    assert response.status_code == 200
    assert "out of date" in response.text
    assert not Stay.objects.exists()


def test_a_plan_whose_beds_went_meanwhile_is_refused_plainly(english, almaty, host, coordinator):
    household = a_household(almaty, "Ирина")
    offer = an_offer(almaty, host, beds=1)
    token = plan_tokens(english.get(f"/coord/households/{household.public_id}/?candidates=1"))[0]
    booked(a_household(almaty, "Другой"), offer, by=coordinator, host=host)
    response = english.post(f"/coord/households/{household.public_id}/propose-plan/", {"plan": token}, follow=True)
    assert "already taken" in response.text
    assert Stay.objects.filter(household=household).count() == 0


def test_an_offers_page_lists_the_groups_it_would_serve_and_only_those(english, coordinator, almaty, host):
    a_household(almaty, "С собакой", pets=True)
    fits = a_household(almaty, "Алексей")
    offer = an_offer(almaty, host, pets_ok=False)
    page = english.get(f"/coord/offers/{offer.public_id}/")
    assert "Groups this place would serve" in page.text
    section = page.text[page.text.index("Groups this place would serve") :]
    assert "Алексей" in section
    assert "С собакой" not in section
    listed = Entry.objects.filter(action=Action.LISTED, subject_id=str(fits.public_id), actor=coordinator)
    assert listed.exists()
    (token,) = plan_tokens(page)
    english.post(f"/coord/households/{fits.public_id}/propose-plan/", {"plan": token})
    assert Stay.objects.get().household == fits


def test_a_plan_for_one_group_cannot_be_used_for_another_citys(english, almaty, bishkek, host):
    household = a_household(almaty)
    an_offer(almaty, host)
    token = plan_tokens(english.get(f"/coord/households/{household.public_id}/?candidates=1"))[0]
    other = a_household(bishkek, "Бакыт")
    assert english.post(f"/coord/households/{other.public_id}/propose-plan/", {"plan": token}).status_code == 404
    assert not Stay.objects.exists()


def test_the_groups_page_comes_first_and_asks_for_the_candidates(english, almaty, host):
    household = a_household(almaty, "Ирина")
    an_offer(almaty, host)
    page = english.get(f"/coord/households/{household.public_id}/")
    assert f'hx-get="/coord/households/{household.public_id}/candidates/"' in page.text
    assert "?candidates=1" in page.text  # without JavaScript
    assert not plan_tokens(page)
    fragment = english.get(f"/coord/households/{household.public_id}/candidates/")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert plan_tokens(fragment)


def test_the_candidates_fragment_is_a_look_of_its_own(english, coordinator, almaty, host):
    household = a_household(almaty)
    an_offer(almaty, host)
    english.get(f"/coord/households/{household.public_id}/candidates/")
    assert Entry.objects.filter(actor=coordinator, subject_id=str(household.public_id), why="matching").exists()
