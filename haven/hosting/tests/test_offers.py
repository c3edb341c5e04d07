"""Almira offers a room: create, list, edit, pause, withdraw; bad inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from haven.hosting.models import HostProfile, Offer, OfferStatus, Vetting

NEW = "/host/offers/new/"


def offer_data(city, **overrides: Any) -> dict[str, Any]:
    region = city
    today = timezone.localdate()
    data = {
        "kind": "room",
        "region": region.slug,
        "district": str(region.districts.get(slug="medeu").pk) if region.slug == "almaty" else "",
        "address": "ул. Абая 10, кв. 5",
        "beds": "2",
        "max_households": "1",
        "available_from": today.isoformat(),
        "available_until": (today + dt.timedelta(days=30)).isoformat(),
        "max_nights": "7",
        "children_ok": "on",
        "languages": ["ru", "kk"],
        "is_free": "1",
        "price_per_night": "",
        "currency": "",
        "rules": "Не курить.",
    }
    data.update(overrides)
    return data


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


def test_a_visitor_must_log_in_to_offer(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_almira_offers_a_room(host_client, host, almaty):
    response = host_client.post(NEW, offer_data(almaty))
    assert response["Location"] == "/host/"
    offer = Offer.objects.get()
    assert offer.host == host
    assert offer.address == "ул. Абая 10, кв. 5"
    assert offer.is_free
    assert offer.languages == ["ru", "kk"]
    listing = host_client.get("/host/")
    assert "Medeu" in listing.text


def test_a_paid_offer_needs_a_price_and_a_currency(host_client, almaty):
    response = host_client.post(NEW, offer_data(almaty, is_free="0"))
    assert errors_of(response, "price_per_night")
    assert errors_of(response, "currency")
    response = host_client.post(NEW, offer_data(almaty, is_free="0", price_per_night="5000", currency="KZT"))
    assert response.status_code == 302
    assert Offer.objects.get().price_per_night == 5000


def test_a_free_offer_drops_a_stray_price(host_client, almaty):
    host_client.post(NEW, offer_data(almaty, price_per_night="5000", currency="KZT"))
    assert Offer.objects.get().price_per_night is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("beds", "0"),
        ("beds", "1000"),
        ("max_households", "5"),  # more households than beds
        ("max_nights", "0"),
        ("available_from", "1900-01-01"),
        ("available_from", "2099-01-01"),
        ("available_until", "2000-01-01"),
        ("address", ""),
        ("address", "x" * 10_000),
        ("address", "\u202eevil"),
        ("district", ""),
        ("region", "atlantis"),
        ("kind", "castle"),
        ("price_per_night", "-5"),
        ("rules", "y" * 5000),
    ],
)
def test_bad_offer_input_is_refused_and_nothing_is_saved(host_client, almaty, field, value):
    response = host_client.post(NEW, offer_data(almaty, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Offer.objects.count() == 0
    kept = "Не курить." if field == "address" else "ул. Абая"
    assert kept in response.text  # what was typed is kept


def test_a_district_of_another_city_is_refused(host_client, almaty, bishkek):
    response = host_client.post(NEW, offer_data(almaty, district=str(bishkek.districts.first().pk)))
    assert errors_of(response, "district")


def test_she_edits_pauses_resumes_and_withdraws(host_client, almaty):
    host_client.post(NEW, offer_data(almaty))
    offer = Offer.objects.get()
    url = f"/host/offers/{offer.public_id}/"
    assert host_client.get(url).status_code == 200
    host_client.post(url, offer_data(almaty, beds="3", max_households="2"))
    offer.refresh_from_db()
    assert (offer.beds, offer.max_households) == (3, 2)
    host_client.post(url + "pause/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED
    host_client.post(url + "resume/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE
    host_client.post(url + "withdraw/")
    host_client.post(url + "resume/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_another_host_gets_404_for_her_offer(host_client, stranger, almaty):
    host_client.post(NEW, offer_data(almaty))
    offer = Offer.objects.get()
    other = Client()
    other.force_login(stranger)
    assert other.get(f"/host/offers/{offer.public_id}/").status_code == 404
    assert other.post(f"/host/offers/{offer.public_id}/withdraw/").status_code == 404
    assert "Абая" not in other.get("/host/").text


def test_an_unknown_status_move_changes_nothing(host_client, almaty):
    host_client.post(NEW, offer_data(almaty))
    offer = Offer.objects.get()
    host_client.post(f"/host/offers/{offer.public_id}/explode/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE


def test_a_suspended_host_cannot_open_new_offers(host_client, host, almaty):
    HostProfile.objects.create(user=host, vetting=Vetting.SUSPENDED, vetting_note="complaint")
    response = host_client.post(NEW, offer_data(almaty))
    assert response["Location"] == "/host/"
    assert Offer.objects.count() == 0


def test_an_offer_open_for_weeks_can_still_be_edited(host_client, almaty):
    host_client.post(NEW, offer_data(almaty))
    offer = Offer.objects.get()
    started = timezone.localdate() - dt.timedelta(days=20)
    Offer.objects.filter(pk=offer.pk).update(available_from=started)
    data = offer_data(almaty, available_from=started.isoformat(), beds="4")
    assert host_client.post(f"/host/offers/{offer.public_id}/", data).status_code == 302
    offer.refresh_from_db()
    assert offer.beds == 4


def test_suspension_pauses_the_hosts_offers_and_keeps_them_paused(host_client, host, almaty, coordinator):
    from haven.hosting.services import vet_host

    host_client.post(NEW, offer_data(almaty))
    offer = Offer.objects.get()
    vet_host(host=host, by=coordinator, vetting=Vetting.SUSPENDED, note="complaint", region=almaty)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED
    host_client.post(f"/host/offers/{offer.public_id}/resume/")
    host_client.post(f"/host/offers/{offer.public_id}/", offer_data(almaty, beds="5", max_households="1"))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED
    assert offer.beds == 2
    host_client.post(f"/host/offers/{offer.public_id}/withdraw/")  # withdrawing is still allowed
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
