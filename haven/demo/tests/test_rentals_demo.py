"""The rentals of the demo do what issue 10 says a person can try."""

from __future__ import annotations

from typing import Any

from django.test import Client

from haven.accounts.models import User
from haven.demo import data
from haven.demo.tests.test_seed_demo import seed
from haven.rentals.models import Hold, Listing, ListingStatus


def test_georgy_finds_a_two_room_flat_in_almaty_against_its_district_median(db: Any) -> None:
    output = seed()
    assert "rent/?region=almaty&rooms=2" in output
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rent/?region=almaty&rooms=2").content.decode()
    georgy = Listing.objects.get(rent=390_000, area_m2=56, region__slug="almaty")
    assert str(georgy.public_id) in page
    assert "the median for 2 rooms in" in page  # every rent against its district


def test_toktogulov_lists_in_bishkek_and_only_slavs_is_held_with_why(db: Any) -> None:
    output = seed()
    toktogulov = User.objects.get(email=data.LANDLORD_EMAIL)
    assert toktogulov.check_password(data.DEMO_PASSWORD)
    assert data.LANDLORD_EMAIL in output
    flat = Listing.objects.get(landlord=toktogulov)
    assert (flat.region.slug, flat.status) == ("bishkek", ListingStatus.PUBLISHED)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(toktogulov)
    assert client.get("/rent/new/").status_code == 200  # the pledge is taken: he can list another
    held = Listing.objects.get(hold=Hold.DISCRIMINATION)
    assert held.flagged_terms == ["Только славянам"]
    assert Listing.objects.filter(hold=Hold.GOUGING).count() == 1


def test_the_rent_index_shows_charts_for_the_three_cities(db: Any) -> None:
    seed()
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rent/index/").content.decode()
    assert page.count("<svg") == 3
    figures = Client().get("/rent/index.json").json()
    assert {c["city"] for c in figures["cities"]} == {"almaty", "astana", "bishkek"}
    for city in figures["cities"]:
        shown = [cell for cell in city["rooms"]["2"] if cell is not None]
        assert len(shown) >= 10  # a year of two-room medians, most months with enough rents
