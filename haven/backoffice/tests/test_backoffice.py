"""Ekaterina's back-office: her region only, every view of personal data audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import logged_in
from haven.audit.models import Action, Entry, Why
from haven.hosting.models import HostProfile, Vetting
from haven.hosting.services import create_offer
from haven.registry.services import register_household


def household_in(region, alias="Георгий"):
    today = timezone.localdate()
    return register_household(
        alias=alias, adults=1, children=0, region=region, needed_from=today,
        needed_until=today + dt.timedelta(days=2), contact_phone="+77011234567",
    ).household  # fmt: skip


def offer_in(region, host):
    return create_offer(
        host=host, kind="room", region=region, district=region.districts.first(), address="ул. Абая 10",
        beds=2, max_households=1, available_from=timezone.localdate(), available_until=None, max_nights=7,
        languages=[], price_per_night=None, currency="", rules="",
    )  # fmt: skip


def test_she_sees_her_regions_households_and_not_others(coordinator_client, almaty, bishkek):
    household_in(almaty, "Георгий")
    household_in(bishkek, "Бакыт")
    page = coordinator_client.get("/coord/households/")
    assert "Георгий" in page.text
    assert "Бакыт" not in page.text


def test_a_coordinator_of_one_region_gets_404_for_another_regions_household(coordinator_client, bishkek):
    other = household_in(bishkek)
    assert coordinator_client.get(f"/coord/households/{other.public_id}/").status_code == 404
    response = coordinator_client.post(f"/coord/households/{other.public_id}/contact/", {"why": "matching"})
    assert response.status_code == 404
    assert not Entry.objects.exists()


def test_a_coordinator_of_one_region_gets_404_for_another_regions_offer(coordinator_client, bishkek, host):
    other = offer_in(bishkek, host)
    assert coordinator_client.get(f"/coord/offers/{other.public_id}/").status_code == 404
    assert coordinator_client.post(f"/coord/offers/{other.public_id}/vet/", {"vetting": "vetted"}).status_code == 404


def test_opening_a_household_is_audited_and_shows_no_contact_yet(coordinator_client, coordinator, almaty):
    household = household_in(almaty)
    page = coordinator_client.get(f"/coord/households/{household.public_id}/")
    assert page.status_code == 200
    assert "+77011234567" not in page.text
    entry = Entry.objects.get()
    assert (entry.actor, entry.action, entry.subject_id, entry.region, entry.why) == (
        coordinator, Action.VIEWED, str(household.public_id), almaty, Why.PAGE,
    )  # fmt: skip


def test_contact_details_need_a_reason_and_the_reason_is_recorded(coordinator_client, almaty):
    household = household_in(almaty)
    url = f"/coord/households/{household.public_id}/contact/"
    refused = coordinator_client.post(url, {"why": "curiosity"})
    assert refused.status_code == 400
    assert "+77011234567" not in refused.text
    shown = coordinator_client.post(url, {"why": "follow-up"})
    assert "+77011234567" in shown.text
    assert Entry.objects.filter(action=Action.REVEALED_CONTACT, why=Why.FOLLOW_UP).count() == 1


def test_personal_pages_are_never_cached(coordinator_client, almaty):
    household = household_in(almaty)
    response = coordinator_client.get(f"/coord/households/{household.public_id}/")
    assert "no-store" in response["Cache-Control"]


def test_the_offer_page_shows_the_address_to_her_and_is_audited(coordinator_client, almaty, host):
    offer = offer_in(almaty, host)
    page = coordinator_client.get(f"/coord/offers/{offer.public_id}/")
    assert "ул. Абая 10" in page.text
    assert Entry.objects.filter(subject_kind="offer", subject_id=str(offer.public_id)).exists()


def test_she_vets_and_suspends_a_host(coordinator_client, coordinator, almaty, host):
    offer = offer_in(almaty, host)
    url = f"/coord/offers/{offer.public_id}/vet/"
    coordinator_client.post(url, {"vetting": "vetted", "note": "Known to our team"})
    profile = HostProfile.objects.get(user=host)
    assert profile.vetting == Vetting.VETTED
    assert profile.vetted_by == coordinator
    refused = coordinator_client.post(url, {"vetting": "suspended", "note": ""})
    assert refused.status_code == 400
    coordinator_client.post(url, {"vetting": "suspended", "note": "Asked guests for money"})
    profile.refresh_from_db()
    assert profile.vetting == Vetting.SUSPENDED
    assert Entry.objects.filter(action=Action.VETTED).count() == 2


@pytest.mark.parametrize("url", ["/coord/", "/coord/households/", "/coord/offers/"])
def test_hosts_and_strangers_see_no_back_office(host, url):
    assert logged_in(host).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_the_filter_refuses_a_region_she_does_not_coordinate(coordinator_client, almaty, bishkek):
    household_in(bishkek, "Бакыт")
    page = coordinator_client.get("/coord/households/", {"region": "bishkek"})
    assert "Бакыт" not in page.text
    assert page.status_code == 200


def test_the_overview_counts_needs_and_beds(coordinator_client, almaty, host):
    household_in(almaty)
    offer_in(almaty, host)
    page = coordinator_client.get("/coord/")
    assert page.context["rows"][0][1:] == (1, 2)


def test_a_coordinator_cannot_vet_her_own_offer(coordinator_client, coordinator, almaty):
    own = offer_in(almaty, coordinator)
    response = coordinator_client.post(f"/coord/offers/{own.public_id}/vet/", {"vetting": "vetted", "note": ""})
    assert response.status_code == 400
    assert not HostProfile.objects.filter(user=coordinator, vetting=Vetting.VETTED).exists()


def test_lists_of_households_and_offers_are_audited_too(coordinator_client, almaty, host):
    household = household_in(almaty)
    offer = offer_in(almaty, host)
    coordinator_client.get("/coord/households/")
    coordinator_client.get("/coord/offers/")
    assert Entry.objects.filter(action=Action.LISTED, subject_id=str(household.public_id)).count() == 1
    assert Entry.objects.filter(action=Action.LISTED, subject_id=str(offer.public_id)).count() == 1


def test_she_marks_a_group_as_a_priority_and_matching_sees_it(coordinator_client, coordinator, almaty):
    from haven.matching.services import build_instance

    household = household_in(almaty)
    url = f"/coord/households/{household.public_id}/priority/"
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = coordinator_client.post(url, {"priority": "1"}, follow=True)
    household.refresh_from_db()
    assert household.priority
    assert "Marked as a priority" in page.text
    assert "Remove the priority mark" in page.text
    entry = Entry.objects.get(action=Action.PRIORITY)
    assert (entry.actor, entry.subject_id, entry.why) == (coordinator, str(household.public_id), Why.MATCHING)
    (seen,) = build_instance(region=almaty, today=timezone.localdate())["households"]
    assert seen["vulnerable"] is True

    coordinator_client.post(url, {"priority": "0"})
    household.refresh_from_db()
    assert not household.priority


@pytest.mark.parametrize("data", [{}, {"priority": "yes"}, {"priority": "1" * 10_000}])
def test_a_bad_priority_value_changes_nothing(coordinator_client, almaty, data):
    household = household_in(almaty)
    response = coordinator_client.post(f"/coord/households/{household.public_id}/priority/", data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert not household.priority
    assert not Entry.objects.filter(action=Action.PRIORITY).exists()


def test_another_regions_group_cannot_be_marked(coordinator_client, bishkek):
    other = household_in(bishkek)
    assert (
        coordinator_client.post(f"/coord/households/{other.public_id}/priority/", {"priority": "1"}).status_code == 404
    )
    other.refresh_from_db()
    assert not other.priority
    assert coordinator_client.get(f"/coord/households/{other.public_id}/priority/").status_code == 405


def test_a_host_is_vouched_for_by_a_vetted_host_only(coordinator_client, almaty, host):
    from conftest import make_user

    offer = offer_in(almaty, host)
    url = f"/coord/offers/{offer.public_id}/vet/"
    friend = make_user("friend@example.org")
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    missing = coordinator_client.post(url, {"vetting": "vouched"})
    assert missing.status_code == 400
    not_vetted = coordinator_client.post(url, {"vetting": "vouched", "voucher": "friend@example.org"})
    assert not_vetted.status_code == 400
    assert "Only a vetted host" in not_vetted.text
    itself = coordinator_client.post(url, {"vetting": "vouched", "voucher": host.email})
    assert itself.status_code == 400
    HostProfile.objects.create(user=friend, vetting=Vetting.VETTED)
    assert coordinator_client.post(url, {"vetting": "vouched", "voucher": "FRIEND@example.org"}).status_code == 302
    profile = HostProfile.objects.get(user=host)
    assert (profile.vetting, profile.vouched_by) == (Vetting.VOUCHED, friend)
    assert "friend@example.org" in coordinator_client.get(f"/coord/offers/{offer.public_id}/").text
