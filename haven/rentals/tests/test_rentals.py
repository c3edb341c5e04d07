"""Rentals end to end through the pages: a landlord lists, the screener holds what
excludes people, a rent far above the district is held, a tenant with a case code asks
and sees the address once accepted, coordinators decide, reports suspend."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import logged_in, make_coordinator, make_user
from haven.audit.models import Action, Entry
from haven.notify.models import Message
from haven.rentals import services
from haven.rentals.models import Hold, Listing, ListingStatus, Photo, RentalRequest, RequestStatus

pytestmark = pytest.mark.django_db


def listing_data(city: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "region": city.slug, "district": str(city.districts.get(slug="medeu").pk), "address": "ул. Кунаева 12, кв. 5",
        "rooms": "2", "area_m2": "54", "floor": "4", "furnished": "on", "children_ok": "on", "rent": "300000",
        "currency": "KZT", "deposit": "300000", "min_term_months": "3",
        "available_from": timezone.localdate().isoformat(), "description": "Светлая квартира, рядом метро.",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def landlord(almaty: Any) -> Client:
    user = make_user("toktogulov@example.org", display_name="Toktogulov")
    services.accept_pledge(user)
    return logged_in(user)


def comparable(city: Any, rent: int, count: int = 6, rooms: int = 2) -> None:
    """Other two-room flats listed in Medeu: the district's median."""
    other = make_user(f"other{rent}@example.org")
    services.accept_pledge(other)
    for n in range(count):
        services.save_listing(
            landlord=other, region=city, district=city.districts.get(slug="medeu"), address=f"дом {n}", rooms=rooms,
            area_m2=50, floor=2, furnished=True, pets_ok=False, children_ok=True, rent=Decimal(rent + n * 1000),
            currency="KZT", deposit=Decimal(0), min_term_months=3, available_from=timezone.localdate(), description="",
        )  # fmt: skip


def test_a_landlord_takes_the_pledge_before_the_first_listing(almaty):
    client = logged_in(make_user("new@example.org"))
    assert client.get("/rent/new/")["Location"] == "/rent/pledge/"
    client.post("/rent/pledge/")
    assert client.get("/rent/new/").status_code == 200


def test_an_ad_saying_only_slavs_is_held_with_the_phrase_and_published_once_rephrased(almaty, landlord):
    page = landlord.post("/rent/new/", listing_data(almaty, description="Сдаю только славянам, без животных."))
    assert page.status_code == 302
    listing = Listing.objects.get()
    assert (listing.status, listing.hold) == (ListingStatus.HELD, Hold.DISCRIMINATION)
    assert listing.flagged_terms == ["только славянам"]
    mine = landlord.get("/rent/mine/").content.decode()
    assert "«только славянам»" in mine
    assert Client().get("/rent/").content.decode().count("/rent/" + str(listing.public_id)) == 0  # not published
    assert Client().get(f"/rent/{listing.public_id}/").status_code == 404
    landlord.post(
        f"/rent/{listing.public_id}/edit/", listing_data(almaty, description="Без животных, только некурящим.")
    )
    listing.refresh_from_db()
    assert (listing.status, listing.flagged_terms) == (ListingStatus.PUBLISHED, [])


def test_the_rent_is_set_against_the_district_median_and_far_above_it_is_held(almaty, landlord):
    comparable(almaty, 250_000)
    landlord.post("/rent/new/", listing_data(almaty, rent="345000"))
    fair = Listing.objects.get(rent=345000)  # (the address is encrypted: not a thing to look up by)
    assert fair.status == ListingStatus.PUBLISHED
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rent/").content.decode()
    assert "37 % above the median for 2 rooms in Medeu" in page  # 345,000 over the others' 252,500
    landlord.post("/rent/new/", listing_data(almaty, rent="500000", address="другой дом"))
    steep = Listing.objects.get(rent=500000)
    assert (steep.status, steep.hold) == (ListingStatus.HELD, Hold.GOUGING)
    # Dollars are set against tenge at the configured rate: 1000 USD = 470,000 KZT.
    landlord.post("/rent/new/", listing_data(almaty, rent="1000", currency="USD", address="в долларах"))
    assert Listing.objects.get(currency="USD").hold == Hold.GOUGING


def test_a_coordinator_publishes_a_held_listing_with_a_reason_and_it_is_audited(almaty, landlord, coordinator_client):
    landlord.post("/rent/new/", listing_data(almaty, description="Только славянам"))
    listing = Listing.objects.get()
    assert str(listing.public_id) in coordinator_client.get("/rent/coord/").content.decode()
    page = coordinator_client.post(f"/rent/coord/{listing.public_id}/", {"publish": "1"})
    assert page.status_code == 400  # a reason is needed
    coordinator_client.post(f"/rent/coord/{listing.public_id}/", {"publish": "1", "note": "Цитата из закона"})
    listing.refresh_from_db()
    assert (listing.status, listing.review_note) == (ListingStatus.PUBLISHED, "Цитата из закона")
    assert Entry.objects.filter(action=Action.RENTAL, subject_id=str(listing.public_id)).exists()
    other = logged_in(make_coordinator("aibek@example.org", make_other_city()))
    assert other.get(f"/rent/coord/{listing.public_id}/").status_code == 404


def make_other_city() -> Any:
    from conftest import make_region

    return make_region("bishkek", "Bishkek", "KG", ["Lenin"])


def test_a_household_asks_once_and_sees_the_address_only_when_accepted(almaty, landlord, arrival):
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    tenant, household, _code = arrival
    when = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    assert "ул. Кунаева" not in tenant.get(f"/rent/{listing.public_id}/").content.decode()
    tenant.post(f"/rent/{listing.public_id}/ask/", {"move_in": when, "message": "Двое взрослых, на год"})
    tenant.post(f"/rent/{listing.public_id}/ask/", {"move_in": when, "message": "ещё раз"})  # a second press
    request = RentalRequest.objects.get()
    assert (request.household, request.status) == (household, RequestStatus.PENDING)
    assert Message.objects.filter(to_user=listing.landlord, template="rental_asked_landlord").count() == 1
    assert "ул. Кунаева" not in tenant.get("/rent/requests/").content.decode()
    landlord.post(f"/rent/requests/{request.public_id}/answer/", {"accept": "1"})
    assert "ул. Кунаева 12, кв. 5" in tenant.get("/rent/requests/").content.decode()
    assert Message.objects.filter(to_household=household, template="rental_answered_tenant").exists()
    assert Entry.objects.filter(action=Action.REVEALED_CONTACT, subject_kind="listing-address").exists()


def test_three_confirmed_reports_suspend_the_landlord_and_take_the_listings_down(almaty, landlord, coordinator_client):
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    for _ in range(3):
        assert (
            Client()
            .post(f"/rent/{listing.public_id}/report/", {"kind": "refusal", "text": "Отказали из-за имени"})
            .status_code
            == 302
        )
    for report in listing.reports.all():
        coordinator_client.post(f"/rent/coord/reports/{report.public_id}/", {"confirm": "1", "note": "Подтверждено"})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUSPENDED
    assert landlord.post("/rent/new/", listing_data(almaty, rent="111111")).status_code == 200  # refused, said why
    assert not Listing.objects.filter(rent=111111).exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("rent", "0", "more than zero"),
        ("rent", "1000000000000", "far beyond any rent"),
        ("rent", "abc", "in digits"),
        ("currency", "EUR", "tenge, som or US dollars"),
        ("description", "х" * 100_000, "At most 5000 characters"),
        ("available_from", (dt.date(2020, 1, 1)).isoformat(), "long past"),
        ("area_m2", "3", "At least 8"),
        ("district", "999999", "district of the city"),
    ],
)
def test_a_listing_with_a_bad_value_is_refused_with_a_clear_message(almaty, landlord, field, value, says):
    page = landlord.post("/rent/new/", listing_data(almaty, **{field: value}), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert says in page.content.decode()
    assert not Listing.objects.exists()


def test_a_request_for_a_day_past_is_refused(almaty, landlord, arrival):
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    tenant, *_ = arrival
    page = tenant.post(f"/rent/{listing.public_id}/ask/", {"move_in": "2020-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "That day is past" in page.content.decode()
    assert not RentalRequest.objects.exists()


def jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (2400, 1600), (200, 180, 150))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)}  # GPS: Almaty
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_resized_and_loses_its_location(almaty, landlord, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload has GPS
    page = landlord.post(f"/rent/{listing.public_id}/photos/", {"photo": SimpleUploadedFile("flat.jpg", original)})
    assert page.status_code == 302
    photo = Photo.objects.get()
    with Image.open(photo.image.path) as kept:
        assert max(kept.size) == 1280
        assert not kept.getexif()  # no EXIF at all: no GPS, no camera
    with Image.open(photo.thumb.path) as thumb:
        assert max(thumb.size) == 320


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"not an image at all", "not a photo we can read"), (b"\xff\xd8" + b"0" * (21 * 2**20), "larger than 10 MB")],
)
def test_a_photo_that_is_not_one_or_too_large_is_refused(almaty, landlord, settings, tmp_path, content, says):
    settings.MEDIA_ROOT = tmp_path
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    page = landlord.post(
        f"/rent/{listing.public_id}/photos/", {"photo": SimpleUploadedFile("x.jpg", content)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 400
    assert says in page.content.decode()
    assert not Photo.objects.exists()


def test_the_index_hides_cells_with_fewer_than_five_rents_and_gives_figures(almaty, landlord):
    comparable(almaty, 250_000, count=5)
    comparable(almaty, 150_000, count=4, rooms=1)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/rent/index/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    figures = Client().get("/rent/index.json").json()
    almaty_figures = next(c for c in figures["cities"] if c["city"] == "almaty")
    assert almaty_figures["currency"] == "KZT"
    assert almaty_figures["districts"]["medeu"]["2"]["median"] == 252000
    assert almaty_figures["districts"]["medeu"]["1"] is None  # four rents: hidden
    assert almaty_figures["rooms"]["2"][-1]["count"] == 5


def test_a_tenant_reports_a_rent_anonymously_and_bad_values_are_refused(almaty, arrival):
    assert Client().post("/rent/index/", {"rooms": "2"})["Location"] == "/code/"  # tenants only
    client, _household, _code = arrival
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {"region": "almaty", "district": str(almaty.districts.get(slug="medeu").pk), "rooms": "2", "rent": "260000",
            "currency": "KZT", "month": timezone.localdate().replace(day=1).isoformat()}  # fmt: skip
    assert client.post("/rent/index/", data).status_code == 302
    future = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    page = client.post("/rent/index/", {**data, "month": future, "currency": "XYZ"})
    assert page.status_code == 400
    assert "Tell a rent you already pay" in page.content.decode()
    assert "tenge, som or US dollars" in page.content.decode()


def test_held_rents_do_not_raise_the_median_that_judges_them(almaty, landlord):
    comparable(almaty, 250_000, count=5)
    steep = make_user("steep@example.org")
    services.accept_pledge(steep)
    for n in range(8):  # a landlord trying to move the district's median
        services.save_listing(
            landlord=steep, region=almaty, district=almaty.districts.get(slug="medeu"), address=f"x{n}", rooms=2,
            area_m2=50, floor=2, furnished=True, pets_ok=False, children_ok=True, rent=Decimal(600_000 + n),
            currency="KZT", deposit=Decimal(0), min_term_months=3, available_from=timezone.localdate(), description="",
        )  # fmt: skip
    assert not Listing.objects.filter(landlord=steep, status=ListingStatus.PUBLISHED).exists()
    figures = Client().get("/rent/index.json").json()
    assert next(c for c in figures["cities"] if c["city"] == "almaty")["districts"]["medeu"]["2"]["median"] == 252000


def test_a_flat_is_let_once_and_the_others_waiting_are_told_no(almaty, landlord, arrival):
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    when = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    tenant, *_ = arrival
    tenant.post(f"/rent/{listing.public_id}/ask/", {"move_in": when})
    other = logged_in(make_user("irina@example.org"))
    other.post(f"/rent/{listing.public_id}/ask/", {"move_in": when})
    first, second = RentalRequest.objects.order_by("created_at")
    landlord.post(f"/rent/requests/{first.public_id}/answer/", {"accept": "1"})
    landlord.post(f"/rent/requests/{second.public_id}/answer/", {"accept": "1"})
    first.refresh_from_db()
    second.refresh_from_db()
    listing.refresh_from_db()
    assert (first.status, second.status, listing.status) == ("accepted", "declined", ListingStatus.WITHDRAWN)
    assert "ул. Кунаева" not in other.get("/rent/requests/").content.decode()


def test_a_confirmed_report_of_an_ad_takes_it_off_and_a_suspended_listing_stays_suspended(
    almaty, landlord, coordinator_client
):
    landlord.post("/rent/new/", listing_data(almaty, description="Квартира для своих"))
    listing = Listing.objects.get()
    Client().post(f"/rent/{listing.public_id}/report/", {"kind": "ad"})
    report = listing.reports.get()
    coordinator_client.post(f"/rent/coord/reports/{report.public_id}/", {"confirm": "1", "note": "Исключает людей"})
    listing.refresh_from_db()
    assert (listing.status, listing.hold) == (ListingStatus.HELD, Hold.DISCRIMINATION)
    services.suspend_landlord(landlord=listing.landlord, by=None)
    landlord.post(f"/rent/{listing.public_id}/withdraw/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUSPENDED  # not back in the index as withdrawn


def test_a_strange_photo_number_to_remove_is_not_an_error(almaty, landlord):
    landlord.post("/rent/new/", listing_data(almaty))
    listing = Listing.objects.get()
    for value in ["²", "-1", "1e9", "x", ""]:
        assert landlord.post(f"/rent/{listing.public_id}/photos/", {"remove": value}).status_code == 302


def test_a_rent_a_coordinator_published_stays_published_when_edited_unless_it_goes_up(
    almaty, landlord, coordinator_client
):
    comparable(almaty, 250_000)
    landlord.post("/rent/new/", listing_data(almaty, rent="500000"))
    listing = Listing.objects.get(rent=500000)
    coordinator_client.post(f"/rent/coord/{listing.public_id}/", {"publish": "1", "note": "Пентхаус, цена честная"})
    landlord.post(
        f"/rent/{listing.public_id}/edit/", listing_data(almaty, rent="500000", description="Пентхаус с террасой")
    )
    listing.refresh_from_db()
    assert (listing.status, listing.review_note) == (ListingStatus.PUBLISHED, "Пентхаус, цена честная")
    landlord.post(f"/rent/{listing.public_id}/edit/", listing_data(almaty, rent="600000"))
    listing.refresh_from_db()
    assert (listing.status, listing.hold) == (ListingStatus.HELD, Hold.GOUGING)
