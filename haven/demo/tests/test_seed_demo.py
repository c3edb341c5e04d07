from __future__ import annotations

import datetime as dt
import io
import random
import re
import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from haven.accounts.models import District, Membership, Region, Role, User
from haven.audit.models import Entry
from haven.demo import data
from haven.demo.report import totp_now
from haven.demo.services import household_alias, split
from haven.hosting.models import HostProfile, Offer, Vetting
from haven.registry.models import Household, Status
from haven.registry.selectors import household_by_code

CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")


def seed(**options: Any) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **{"households": 24, "offers": 10, **options})
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [Region, District, User, EmailAddress, Membership, Authenticator, Household, Offer, HostProfile, Entry]
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_the_asked_numbers_of_households_and_offers(db: Any) -> None:
    seed(households=24, offers=10)

    assert Household.objects.count() == 24
    assert Offer.objects.count() == 10
    by_city = {slug: Household.objects.filter(region__slug=slug).count() for slug in ("almaty", "astana", "bishkek")}
    assert by_city == {"almaty": 12, "astana": 6, "bishkek": 6}


def test_it_creates_the_three_cities_with_their_districts_in_three_languages(db: Any) -> None:
    seed()

    assert set(Region.objects.values_list("slug", "country")) == {
        ("almaty", "KZ"),
        ("astana", "KZ"),
        ("bishkek", "KG"),
    }
    assert Region.objects.get(slug="bishkek").name_kk == "Бішкек"
    districts = {
        slug: set(District.objects.filter(region__slug=slug).values_list("name_en", flat=True))
        for slug in ("almaty", "astana", "bishkek")
    }
    assert districts["almaty"] == {
        f"{name} District"
        for name in ("Alatau", "Almaly", "Auezov", "Bostandyk", "Zhetysu", "Medeu", "Nauryzbay", "Turksib")
    }
    assert districts["astana"] == {f"{n} District" for n in ("Almaty", "Baikonur", "Yesil", "Saryarka", "Nura")}
    assert districts["bishkek"] == {f"{n} District" for n in ("Leninsky", "Oktyabrsky", "Pervomaisky", "Sverdlovsky")}
    assert District.objects.get(region__slug="almaty", slug="medeu").name_kk == "Медеу ауданы"
    assert not District.objects.filter(name_ru="").exists()
    assert not District.objects.filter(name_kk="").exists()


def test_each_city_has_a_lead_coordinator_with_totp_and_the_admin_too(db: Any) -> None:
    seed()

    for city in data.CITIES:
        coordinator = User.objects.get(email=city.coordinator_email)
        assert Membership.objects.filter(user=coordinator, region__slug=city.slug, role=Role.LEAD).exists()
        assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
        assert coordinator.check_password(data.DEMO_PASSWORD)
    admin = User.objects.get(email=data.ADMIN_EMAIL)
    assert admin.is_staff
    assert admin.is_superuser
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()


def test_every_demo_login_has_a_verified_primary_address(db: Any) -> None:
    seed()

    users = User.objects.filter(email__endswith="@demo.haven")
    assert users.count() >= 1 + 3 + 3
    for user in users:
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()


def test_about_half_the_hosts_are_vetted_by_their_citys_coordinator(db: Any) -> None:
    seed(households=10, offers=40)

    profiles = HostProfile.objects.select_related("user", "vetted_by")
    vetted = [p for p in profiles if p.vetting == Vetting.VETTED]
    assert 0.25 * len(profiles) <= len(vetted) <= 0.8 * len(profiles)
    for profile in vetted:
        city = profile.user.email.split("@")[0].split(".")[1]
        assert profile.vetted_by is not None
        assert profile.vetted_by.email == f"coordinator.{city}@demo.haven"


def test_the_output_names_the_logins_and_their_current_codes(db: Any) -> None:
    output = seed(url="http://192.0.2.1:9000")

    assert output.startswith("Haven demo is ready.\nOpen http://192.0.2.1:9000/\n")
    for city in data.CITIES:
        assert city.coordinator_email in output
        assert city.host_email in output
        assert city.coordinator_totp_secret in output
    assert data.ADMIN_EMAIL in output
    assert data.DEMO_PASSWORD in output
    line = next(line for line in output.splitlines() if "coordinator.almaty@" in line)
    match = re.search(r"code now (\d{6})", line)
    assert match is not None
    shown = match.group(1)
    now = time.time()
    assert shown in {totp_now(data.CITIES[0].coordinator_totp_secret, now + d) for d in (-30, 0)}


def test_the_printed_household_codes_can_be_looked_up(db: Any) -> None:
    output = seed()

    codes = CODE.findall(output)
    assert len(codes) == 3
    households = [h for code in codes if (h := household_by_code(code)) is not None]
    assert len(households) == 3
    assert all(h.status == Status.OPEN for h in households)
    assert {h.region.slug for h in households} == {"almaty", "astana", "bishkek"}
    assert households[0].alias in output


def test_a_coordinator_logs_in_with_the_printed_password_and_code(db: Any, settings: Any) -> None:
    settings.MFA_TOTP_TOLERANCE = 1  # a code read just before the 30 seconds turn over still counts
    seed()
    city = data.CITIES[1]
    client = Client()

    response = client.post(reverse("account_login"), {"login": city.coordinator_email, "password": data.DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(city.coordinator_totp_secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=city.coordinator_email).pk)


def test_running_it_twice_adds_nothing_and_prints_the_logins_again(db: Any) -> None:
    seed()
    before = counts()

    output = seed()

    assert counts() == before
    assert output.startswith("Haven demo is already loaded; nothing was added.")
    assert "coordinator.bishkek@demo.haven" in output
    assert data.CITIES[2].coordinator_totp_secret in output
    assert not CODE.search(output)


def test_it_loads_the_same_households_and_offers_every_time(db: Any) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        households = Household.objects.order_by("pk").values_list(
            "alias", "adults", "children", "region__slug", "district__slug", "needed_from", "needed_until", "status"
        )
        offers = Offer.objects.order_by("pk").values_list("host__email", "kind", "beds", "district__slug", "rules")
        return [*households, *offers]

    with transaction.atomic():
        seed()
        first = snapshot()
        transaction.set_rollback(True)
    assert not Household.objects.exists()

    seed()

    assert snapshot() == first


def test_it_refuses_a_database_that_holds_other_regions(db: Any) -> None:
    Region.objects.create(slug="almaty", name_ru="Алматы", name_kk="Алматы", name_en="Almaty", country="KZ")

    with pytest.raises(CommandError, match="empty database"):
        seed()
    assert not User.objects.exists()


def test_a_default_sized_load_is_spread_over_the_cities_with_withdrawn_households(db: Any) -> None:
    seed(households=300, offers=100)

    assert Household.objects.filter(region__slug="almaty").count() == 150
    assert 1 <= Household.objects.filter(status=Status.WITHDRAWN).count() <= 30
    assert 30 <= User.objects.filter(email__startswith="host").count() <= 50
    assert set(Offer.objects.exclude(currency="").values_list("region__country", "currency")) <= {
        ("KZ", "KZT"),
        ("KG", "KGS"),
    }


def test_split_gives_every_city_one_when_there_are_enough() -> None:
    assert split(300, [0.5, 0.25, 0.25]) == [150, 75, 75]
    assert split(3, [0.5, 0.25, 0.25]) == [1, 1, 1]
    assert split(4, [0.5, 0.25, 0.25]) == [2, 1, 1]
    assert split(2, [0.5, 0.25, 0.25]) == [1, 1, 0]
    assert split(0, [0.5, 0.25, 0.25]) == [0, 0, 0]
    assert all(sum(split(n, [0.5, 0.25, 0.25])) == n for n in range(50))


def test_aliases_are_first_names_and_plain_words_that_fit_the_form() -> None:
    names = {*data.MEN, *data.MEN_SHORT, *data.WOMEN, *data.WOMEN_SHORT}
    names |= {word for nickname in data.NICKNAMES for word in nickname.split()}
    words = {"и", "с", "сыном", "дочкой", "детьми", "котом", "собакой", "семьёй", "друзьями"}
    rng = random.Random(1)
    for _ in range(2000):
        alias = household_alias(
            rng,
            adults=rng.randint(1, 3),
            children=rng.randint(0, 3),
            pets=rng.random() < 0.5,
            women_only=rng.random() < 0.5,
        )
        assert 0 < len(alias) <= 40
        assert set(alias.replace(",", "").split()) <= names | words, alias


def test_women_only_households_are_named_by_women_only() -> None:
    rng = random.Random(2)
    men = set(data.MEN) | set(data.MEN_SHORT) | set(data.NICKNAMES)
    for _ in range(500):
        alias = household_alias(rng, adults=rng.randint(1, 3), children=0, pets=False, women_only=True)
        assert not any(name in men for name in re.split(r", | и | с ", alias))


def test_the_first_host_of_each_city_has_a_request_waiting(db: Any) -> None:
    from haven.stays.models import Stay, StayState

    seed()
    waiting = Stay.objects.filter(state=StayState.PROPOSED).select_related("offer__host", "offer__region")
    assert {(s.offer.host.email, s.offer.region.slug) for s in waiting} == {
        (city.host_email, city.slug) for city in data.CITIES
    }


def test_the_almaty_centre_has_a_queue_moving_and_its_staff_can_call(db: Any) -> None:
    from haven.queues import services as queues
    from haven.queues.models import ServicePoint, Ticket

    output = seed()
    centre = ServicePoint.objects.get(slug="almaty-centre")
    assert "q/almaty-centre/console/" in output
    assert f"kiosk/{centre.kiosk_key}/" in output
    assert Ticket.objects.filter(point=centre, state="served").count() > 100  # two weeks of figures
    assert Ticket.objects.filter(point=centre, state="called", counter__label="1").count() == 1
    staff = User.objects.get(email=data.QUEUE_STAFF_EMAIL)
    assert staff.check_password(data.DEMO_PASSWORD)
    client = Client()
    client.force_login(staff)
    assert client.get(f"/q/{centre.slug}/console/").status_code == 200
    before = Ticket.objects.filter(point=centre, state="waiting").count()
    ticket = queues.take_ticket(point=centre, service=centre.services.get(letter="R"))
    assert ticket.state == "waiting"
    assert Ticket.objects.filter(point=centre, state="waiting").count() == before + 1


def test_city_hub_is_full_and_a_newcomer_on_its_waitlist_gets_the_host_s_cancelled_desk(db: Any) -> None:
    from django.utils import timezone

    from haven.workspaces import services as desks
    from haven.workspaces.models import Booking, WaitState, Workspace

    output = seed()
    hub = Workspace.objects.get(slug="city-hub")
    assert "w/city-hub/" in output
    today = timezone.localdate()
    newcomer = Household.objects.filter(region__slug="almaty").first()
    with pytest.raises(desks.DeskRefused):
        desks.book(workspace=hub, first_day=today, last_day=today, desks=1, household=newcomer)
    entry = desks.join_waitlist(workspace=hub, first_day=today, last_day=today, desks=1, household=newcomer)
    host = User.objects.get(email=data.CITIES[0].host_email)
    desks.cancel(booking=Booking.objects.get(workspace=hub, user=host))
    entry.refresh_from_db()
    assert entry.state == WaitState.OFFERED


def test_the_demo_employer_files_the_example_roster_and_sees_the_team_seated(db: Any) -> None:
    from pathlib import Path

    from haven.relocation.models import RelocationRequest
    from haven.workspaces.models import Booking

    seed()
    employer = User.objects.get(email=data.EMPLOYER_EMAIL)
    client = Client()
    client.force_login(employer)
    office = employer.managed_spaces.get().workspace
    roster = (Path(__file__).resolve().parents[3] / "docs" / "examples" / "relocation-roster.csv").read_text()
    today = timezone_today()
    company = employer.companies.get().company
    response = client.post(
        f"/relocate/{company.slug}/new/",
        {
            "region": office.region.pk, "district": "", "first_night": (today + dt.timedelta(days=1)).isoformat(),
            "leaving_on": (today + dt.timedelta(days=15)).isoformat(), "company_pays": "on", "budget_per_night": "20000",
            "currency": "KZT", "workspace": office.pk, "roster_text": roster,
        },
    )  # fmt: skip
    assert response.status_code == 200, response.content.decode()[:3000]
    request = RelocationRequest.objects.get()
    assert request.households.count() == 16
    assert request.households.filter(status="open").count() == 16  # in the matching pool
    assert Booking.objects.get(relocation=request).desks == 16


def timezone_today() -> Any:
    from django.utils import timezone

    return timezone.localdate()
