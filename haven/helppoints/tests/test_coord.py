"""Coordinators add, change, hide and show help points of their own cities only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from conftest import logged_in
from haven.audit.models import Entry
from haven.helppoints import services
from haven.helppoints.models import HelpPoint, Kind
from haven.helppoints.tests.conftest import form_data, make_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def ekaterina(coordinator: Any) -> Client:
    client = logged_in(coordinator)
    client.cookies["django_language"] = "en"
    return client


def test_a_coordinator_adds_a_food_point_that_the_list_shows(ekaterina: Client, almaty: Any, coordinator: Any):
    response = ekaterina.post("/help/coord/new/", form_data(almaty, **{f"hours_{d}": "24h" for d in range(7)}))
    assert response.status_code == 302
    point = HelpPoint.objects.get()
    assert point.region == almaty
    assert point.kind == Kind.FOOD
    assert point.created_by == coordinator
    assert point.latitude == Decimal("43.260100")
    assert point.phone == "+77272500000"
    assert point.hours[0] == [["00:00", "24:00"]]
    entry = Entry.objects.get(subject_kind="help-point")
    assert entry.subject_id == str(point.public_id)
    assert entry.detail == "created"
    assert (
        "Open now · round the clock" in Client(headers={"cookie": "django_language=en"}).get("/help/").content.decode()
    )


def test_hours_of_25_00_get_a_clear_message_and_nothing_is_saved(ekaterina: Client, almaty: Any):
    response = ekaterina.post("/help/coord/new/", form_data(almaty, hours_1="09:00-25:00"))
    assert response.status_code == 400
    assert "25:00 is not a time: hours run from 00:00 to 24:00." in response.content.decode()
    assert not HelpPoint.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_2", "abc", "Could not read “abc”"),
        ("hours_3", "09:00-13:00, 12:00-18:00", "overlap"),
        ("hours_4", "10:00-10:00", "opens and closes at the same time"),
        ("latitude", "91", "A latitude is a number from -90 to 90"),
        ("longitude", "east", "A longitude is a number from -180 to 180"),
        ("longitude", "", "Enter both latitude and longitude, or neither."),
        ("website", "javascript:alert(1)", "Enter a web address like https://example.org."),
        ("website", "ftp://example.org", "Enter a web address like https://example.org."),
        ("phone", "call me", "Enter a phone number with its country code"),
        ("address", "", "Enter the address"),
        ("kind", "spa", "Choose a kind of help from the list."),
        ("region", "atlantis", "Choose one of the cities you coordinate."),
        ("name", "", "Enter the name people will look for."),
        ("languages", ["xx"], "Choose languages from the list."),
    ],
)
def test_each_bad_value_gets_its_message_and_nothing_is_saved(
    ekaterina: Client, almaty: Any, field: str, value: Any, message: str
):
    response = ekaterina.post("/help/coord/new/", form_data(almaty, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HelpPoint.objects.exists()


def test_coordinates_accept_a_comma_and_are_kept_to_six_places(ekaterina: Client, almaty: Any):
    ekaterina.post("/help/coord/new/", form_data(almaty, latitude="43,238949812", longitude="76.8897"))
    point = HelpPoint.objects.get()
    assert point.latitude == Decimal("43.238950")


def test_a_hotline_needs_a_phone_but_no_address(ekaterina: Client, almaty: Any):
    refused = ekaterina.post("/help/coord/new/", form_data(almaty, kind="hotline", address="", phone=""))
    assert "A hotline needs its phone number." in refused.content.decode()
    added = ekaterina.post("/help/coord/new/", form_data(almaty, kind="hotline", address="", latitude="", longitude=""))
    assert added.status_code == 302


def test_a_district_of_another_city_is_refused(ekaterina: Client, almaty: Any, bishkek: Any):
    leninsky = bishkek.districts.get(slug="leninsky")
    response = ekaterina.post("/help/coord/new/", form_data(almaty, district=str(leninsky.pk)))
    assert response.status_code == 400
    assert not HelpPoint.objects.exists()


def test_a_coordinator_of_bishkek_cannot_see_change_or_hide_almatys_points(
    almaty: Any, bishkek_coordinator: Any, coordinator: Any
):
    point = make_point(almaty, by=coordinator)
    aibek = logged_in(bishkek_coordinator)
    assert aibek.get(f"/help/coord/{point.public_id}/").status_code == 404
    assert aibek.post(f"/help/coord/{point.public_id}/", form_data(almaty, name="Чужое")).status_code == 404
    assert aibek.post(f"/help/coord/{point.public_id}/shown/", {"shown": "0"}).status_code == 404
    assert "Кухня на Абая" not in aibek.get("/help/coord/").content.decode()
    # Nor can he add one in Almaty.
    assert aibek.post("/help/coord/new/", form_data(almaty)).status_code == 400
    point.refresh_from_db()
    assert point.name == "Кухня на Абая"
    assert point.is_active


def test_a_coordinator_edits_a_point_and_the_form_shows_its_hours_again(ekaterina: Client, almaty: Any):
    point = make_point(almaty, hours_text="20:00-02:00")
    page = ekaterina.get(f"/help/coord/{point.public_id}/").content.decode()
    assert 'value="20:00-02:00"' in page
    response = ekaterina.post(f"/help/coord/{point.public_id}/", form_data(almaty, name="Новое имя", hours_0="24h"))
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "Новое имя"
    assert point.hours[0] == [["00:00", "24:00"]]
    assert Entry.objects.filter(subject_id=str(point.public_id), detail="changed").exists()


def test_hiding_and_showing_again_are_audited(ekaterina: Client, almaty: Any):
    point = make_point(almaty)
    assert ekaterina.post(f"/help/coord/{point.public_id}/shown/", {"shown": "0"}).status_code == 302
    point.refresh_from_db()
    assert not point.is_active
    assert "Hidden from the public" in ekaterina.get("/help/coord/").content.decode()
    ekaterina.post(f"/help/coord/{point.public_id}/shown/", {"shown": "1"})
    point.refresh_from_db()
    assert point.is_active
    details = list(Entry.objects.filter(subject_id=str(point.public_id)).values_list("detail", flat=True))
    assert sorted(details) == ["created", "hidden", "shown again"]


def test_people_without_a_role_are_refused(host_client: Client, client: Client, almaty: Any):
    for who in (host_client, client):
        assert who.get("/help/coord/").status_code in (302, 403, 404)
        assert who.post("/help/coord/new/", form_data(almaty)).status_code in (302, 403, 404)
    assert not HelpPoint.objects.exists()


def test_the_service_refuses_a_district_of_another_city(almaty: Any, bishkek: Any, coordinator: Any):
    with pytest.raises(services.Refused):
        make_point(almaty, by=coordinator, district=bishkek.districts.first())


def test_the_database_refuses_one_coordinate_alone_or_out_of_range(almaty: Any):
    from django.db import IntegrityError, transaction

    point = make_point(almaty)
    for latitude, longitude in ((Decimal(91), Decimal(0)), (Decimal(10), None), (Decimal(0), Decimal(-181))):
        with pytest.raises(IntegrityError), transaction.atomic():
            HelpPoint.objects.filter(pk=point.pk).update(latitude=latitude, longitude=longitude)
