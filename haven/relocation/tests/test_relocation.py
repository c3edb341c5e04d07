"""An employer moves a team: the roster checked whole, households with codes, desks, budget in matching."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in, make_user
from haven.registry.models import Household
from haven.relocation import services
from haven.relocation.models import Company, RelocationRequest
from haven.workspaces.models import Booking, Workspace

pytestmark = pytest.mark.django_db

ROSTER = "name,adults,children,email\nДмитрий,1,0,dmitry@example.org\n" + "".join(
    f"Коллега {n},{1 + n % 2},{n % 3},colleague{n}@example.org\n" for n in range(1, 16)
)


@pytest.fixture
def employer(db: Any) -> Any:
    return make_user("hr@example.org", display_name="Olga")


@pytest.fixture
def company(employer: Any) -> Company:
    return services.create_company(name="Plov Labs", contact="hr@plov.example", by=employer)


@pytest.fixture
def office(almaty: Any) -> Workspace:
    return Workspace.objects.create(
        slug="plov-office",
        name="Plov Labs Almaty",
        region=almaty,
        address="ул. Сатпаева 30",
        desks=20,
        weekdays="01234",
    )


def request_data(region: Any, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "region": region.pk, "district": region.districts.get(slug="medeu").pk,
        "first_night": (today + dt.timedelta(days=3)).isoformat(), "leaving_on": (today + dt.timedelta(days=17)).isoformat(),
        "company_pays": "on", "budget_per_night": "15000", "currency": "KZT", "roster_text": ROSTER, **extra,
    }  # fmt: skip


def test_an_engineer_and_fifteen_colleagues_are_registered_seated_and_given_codes(employer, company, almaty, office):
    client = logged_in(employer)
    response = client.post(reverse("relocation:new", args=[company.slug]), request_data(almaty, workspace=office.pk))
    assert response.status_code == 200, response.content.decode()[:2000]
    request = RelocationRequest.objects.get()
    households = Household.objects.filter(relocation=request)
    assert households.count() == 16
    assert {h.district.slug for h in households if h.district} == {"medeu"}
    page = response.content.decode()
    assert page.count('class="code-cell"') == 16
    booking = Booking.objects.get()
    assert (booking.desks, booking.user) == (16, employer)
    progress = client.get(reverse("relocation:progress", args=[request.public_id])).content.decode()
    assert '<svg class="chart"' in progress
    assert "16" in progress


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"roster_text": "name,adults\n" + "".join(f"P{n},1\n" for n in range(2000))}, "at most 500 rows"),
        ({"roster_text": "who,how many\nАнна,1\n"}, "needs the columns name, adults"),
        ({"roster_text": "name,adults\nАнна,1\nанна ,1\n"}, "The same person as in row 2."),
        (
            {"roster_text": "name,adults,email\nАнна,1,a@example.org\nБорис,1,A@example.org\n"},
            "The same e-mail as in row 2.",
        ),
        ({"roster_text": "name,adults\nАнна,0\n"}, "Row 2"),
        ({"budget_per_night": "-5"}, "A budget cannot be negative."),
        ({"roster_text": ""}, "Upload the roster or type it here."),
    ],
)
def test_a_bad_roster_or_request_saves_nothing_and_says_why(employer, company, almaty, extra, message):
    client = logged_in(employer)
    response = client.post(
        reverse("relocation:new", args=[company.slug]), request_data(almaty, **extra), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RelocationRequest.objects.exists()
    assert not Household.objects.exists()


def test_a_roster_file_is_read_like_a_typed_one(employer, company, almaty):
    client = logged_in(employer)
    upload = SimpleUploadedFile("team.csv", "Имя;Взрослые;Дети\nАйгуль;2;1\n".encode("cp1251"))
    response = client.post(
        reverse("relocation:new", args=[company.slug]), {**request_data(almaty, roster_text=""), "roster_file": upload}
    )
    assert response.status_code == 200
    assert Household.objects.get().children == 1


def test_a_full_workspace_refuses_the_whole_request(employer, company, almaty, office):
    office.desks = 10
    office.save()
    response = logged_in(employer).post(
        reverse("relocation:new", args=[company.slug]),
        request_data(almaty, workspace=office.pk),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "does not have that many desks" in response.content.decode()
    assert not Household.objects.exists()


def test_another_company_s_request_is_not_found(employer, company, almaty, stranger):
    logged_in(employer).post(reverse("relocation:new", args=[company.slug]), request_data(almaty))
    request = RelocationRequest.objects.get()
    other = logged_in(stranger)
    assert other.get(reverse("relocation:progress", args=[request.public_id])).status_code == 404
    assert other.get(reverse("relocation:new", args=[company.slug])).status_code == 404


def test_matching_offers_the_team_paid_places_only_within_the_budget(employer, company, almaty, host):
    from haven.matching.services import build_instance
    from haven.registry.services import register_household
    from haven.stays.tests.helpers import an_offer

    logged_in(employer).post(
        reverse("relocation:new", args=[company.slug]), request_data(almaty, roster_text="name,adults\nДмитрий,1\n")
    )
    team = Household.objects.get()
    today = timezone.localdate()
    alone = register_household(
        alias="Георгий", region=almaty, needed_from=today + dt.timedelta(days=3), needed_until=today + dt.timedelta(days=10),
        adults=1, children=0, languages=["ru"],
    ).household  # fmt: skip
    cheap = an_offer(almaty, host, price_per_night=Decimal(12000), currency="KZT")
    dear = an_offer(almaty, host, price_per_night=Decimal(30000), currency="KZT")
    dollars = an_offer(almaty, host, price_per_night=Decimal(20), currency="USD")
    instance = build_instance(region=almaty, today=today)
    excluded = {(e["household"], e["offer"]) for e in instance["exclusions"]}
    assert (str(team.public_id), str(dear.public_id)) in excluded
    assert (str(team.public_id), str(dollars.public_id)) in excluded
    assert (str(team.public_id), str(cheap.public_id)) not in excluded
    assert not any(h == str(alone.public_id) for h, _ in excluded)


def test_the_same_form_sent_twice_files_once_and_shows_new_codes_for_the_lost_answer(employer, company, almaty):
    client = logged_in(employer)
    token = "3b1f6f9e-3c55-4f55-9a59-0d4f2a9d2f10"
    data = request_data(almaty, roster_text="name,adults\nАнна,1\nБорис,1\n", submission_token=token)
    first = client.post(reverse("relocation:new", args=[company.slug]), data)
    again = client.post(reverse("relocation:new", args=[company.slug]), data)
    assert RelocationRequest.objects.count() == 1
    assert Household.objects.count() == 2
    assert again.status_code == 200
    assert again.content.decode().count('class="code-cell"') == 2
    assert first.content != again.content  # new codes: the first ones were never seen


def test_an_empty_adults_cell_or_a_broken_quote_is_a_row_error(employer, company, almaty):
    client = logged_in(employer)
    for roster in ("name,adults\nАнна,\n", 'name,adults\n"Анна,1\nБорис,2\n'):
        response = client.post(reverse("relocation:new", args=[company.slug]), request_data(almaty, roster_text=roster))
        assert response.status_code == 400
    assert not Household.objects.exists()


def test_a_first_night_in_the_past_is_said_once(employer, company, almaty):
    past = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    response = logged_in(employer).post(
        reverse("relocation:new", args=[company.slug]),
        request_data(almaty, first_night=past),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.content.decode().count("The first night cannot be in the past.") == 1


def test_two_companies_of_the_same_name_get_links_of_their_own(employer):
    first = services.create_company(name="Степь", contact="a@b.example", by=employer)
    second = services.create_company(name="Степь", contact="a@b.example", by=employer)
    assert first.slug != second.slug
