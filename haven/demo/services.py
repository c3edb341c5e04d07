"""Loading the demo: three cities, people to log in as, households and offers.

Households and offers are written through the services of their apps, as the web
forms write them. Everything is drawn from ``random.Random(2022)`` relative to
today, so every load of the same size holds the same people and places. Loading
twice adds nothing: the second run only describes what is there.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import District, Membership, Region, Role, User
from haven.demo import checklists as checklists_demo
from haven.demo import data
from haven.demo import guide as guide_demo
from haven.demo import helppoints as helppoints_demo
from haven.demo import queues as queues_demo
from haven.demo import relocation as relocation_demo
from haven.demo import rentals as rentals_demo
from haven.demo import workspaces as workspaces_demo
from haven.demo.data import CityData
from haven.demo.report import DemoReport, ShowcaseCode, describe_demo
from haven.hosting.models import Kind, Vetting
from haven.hosting.services import create_offer, vet_host
from haven.lib.codes import format_code
from haven.lib.validators import clean_alias, clean_phone, clean_telegram
from haven.registry.models import Household
from haven.registry.services import register_household, set_priority, withdraw_household

SEED = 2022
DEFAULT_HOUSEHOLDS = 300
DEFAULT_OFFERS = 100
HOSTS_PER_OFFER = 0.4  # 100 offers by 40 hosts
WITHDRAWN_SHARE = 0.04
VETTED_SHARE = 0.5

# First nights from yesterday to two weeks ahead, most of them in the next days.
START_OFFSETS = tuple(range(-1, 15))
START_WEIGHTS = (4, 12, 10, 8, 7, 6, 5, 4, 4, 3, 3, 2, 2, 2, 2, 2)
# Two nights before moving on, up to a month while looking for a flat.
STAY_NIGHTS = (2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 7, 7, 10, 12, 14, 14, 20, 21, 28, 30)


class DemoRefused(Exception):
    """The database holds data that is not the demo's; the demo is not mixed into it."""


# --- loading -------------------------------------------------------------------------


def load_demo(
    *, households: int = DEFAULT_HOUSEHOLDS, offers: int = DEFAULT_OFFERS, today: dt.date | None = None
) -> DemoReport:
    """Load the demo into an empty database, or describe the demo already there.

    Raises DemoRefused when the cities or the demo's logins exist without the other,
    which means the database holds someone else's data.
    """
    with transaction.atomic():
        regions_exist = Region.objects.filter(slug__in=[city.slug for city in data.CITIES]).exists()
        logins_exist = User.objects.filter(email__endswith=f"@{data.DEMO_DOMAIN}").exists()
        if regions_exist or logins_exist:
            if not (regions_exist and logins_exist):
                raise DemoRefused(
                    "This database already holds regions or logins that are not the demo's; "
                    "load the demo into an empty database."
                )
            return describe_demo(created=False)
        codes = _load(
            rng=random.Random(SEED),
            households=households,
            offers=offers,
            today=today or timezone.localdate(),
        )
        return describe_demo(created=True, codes=codes)


def _load(*, rng: random.Random, households: int, offers: int, today: dt.date) -> list[ShowcaseCode]:
    # Hashing is slow on purpose (PBKDF2): hash the shared password once, not per login.
    password = make_password(data.DEMO_PASSWORD)
    admin = _create_login(data.ADMIN_EMAIL, data.ADMIN_NAME, password, is_staff=True, is_superuser=True)
    TOTP.activate(admin, data.ADMIN_TOTP_SECRET)

    household_counts = split(households, [city.weight for city in data.CITIES])
    offer_counts = split(offers, [city.weight for city in data.CITIES])
    host_names = _cycle(data.HOST_NAMES)
    codes: list[ShowcaseCode] = []
    regions: dict[str, Region] = {}
    for city, n_households, n_offers in zip(data.CITIES, household_counts, offer_counts, strict=True):
        region, districts = _create_region(city)
        regions[city.slug] = region
        coordinator = _create_login(city.coordinator_email, city.coordinator_name, password)
        # The city's demo coordinator also leads its team (the Team page).
        Membership.objects.create(user=coordinator, region=region, role=Role.LEAD)
        TOTP.activate(coordinator, city.coordinator_totp_secret)

        n_hosts = max(1, round(n_offers * HOSTS_PER_OFFER))
        hosts = [_create_login(city.host_email, city.host_name, password)]
        hosts += [
            _create_login(city.extra_host_email(number), next(host_names), password) for number in range(1, n_hosts)
        ]

        showcase = _create_households(rng, city, region, districts, n_households, today)
        if showcase is not None:
            codes.append(showcase)
        _create_offers(rng, city, region, districts, hosts, n_offers, today)
        _vet_hosts(rng, hosts, coordinator, region)
        _propose_to_the_demo_host(region, hosts[0], coordinator, today)
    queue_staff = _create_login(data.QUEUE_STAFF_EMAIL, data.QUEUE_STAFF_NAME, password)
    queues_demo.load(rng=rng, regions=regions, staff=queue_staff)
    almaty_hosts = list(User.objects.filter(email__endswith=f".almaty@{data.DEMO_DOMAIN}", email__startswith="host"))
    workspaces_demo.load(
        regions=regions, manager=_create_login(data.SPACE_MANAGER_EMAIL, data.SPACE_MANAGER_NAME, password),
        bookers=almaty_hosts, host=User.objects.get(email=data.CITIES[0].host_email),
    )  # fmt: skip
    relocation_demo.load(regions=regions, employer=_create_login(data.EMPLOYER_EMAIL, data.EMPLOYER_NAME, password))
    rentals_demo.load(rng=rng, regions=regions, password=password)
    guide_demo.load(regions=regions)
    checklists_demo.load(regions=regions)
    helppoints_demo.load(regions=regions)
    return codes


def _propose_to_the_demo_host(region: Region, host: User, coordinator: User, today: dt.date) -> None:
    """One request waiting for the city's demo host, as a coordinator would have sent it."""
    from haven.stays import services as stays

    offers = list(host.offers.filter(region=region).order_by("pk"))
    for household in Household.objects.filter(region=region, status="open").order_by("-pk")[:40]:
        start = max(household.needed_from, today)
        for offer in offers:
            end = min(household.needed_until, start + dt.timedelta(days=offer.max_nights))
            if end <= start:
                continue
            try:
                stays.propose(household=household, legs=[stays.LegRequest(offer, start, end)], by=coordinator)
            except stays.StayRefused:
                continue
            return


def split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` shared by weight; every share gets at least one when there are enough."""
    counts = [1] * len(weights) if total >= len(weights) else [0] * len(weights)
    rest = total - sum(counts)
    shares = [rest * w / sum(weights) for w in weights]
    counts = [c + int(s) for c, s in zip(counts, shares, strict=True)]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _cycle(items: Sequence[str]) -> Iterator[str]:
    while True:
        yield from items


def _create_region(city: CityData) -> tuple[Region, list[District]]:
    region = Region.objects.create(
        slug=city.slug, country=city.country, name_ru=city.name_ru, name_kk=city.name_kk, name_en=city.name_en,
        timezone={"KG": "Asia/Bishkek"}.get(city.country, "Asia/Almaty"),
    )  # fmt: skip
    districts = [
        District.objects.create(region=region, slug=d.slug, name_ru=d.name_ru, name_kk=d.name_kk, name_en=d.name_en)
        for d in city.districts
    ]
    return region, districts


def _create_login(email: str, name: str, password_hash: str, **flags: bool) -> User:
    user = User.objects.create(email=email, password=password_hash, display_name=name, **flags)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# --- households ----------------------------------------------------------------------


def _create_households(
    rng: random.Random, city: CityData, region: Region, districts: list[District], count: int, today: dt.date
) -> ShowcaseCode | None:
    """Register ``count`` households; the first is the one whose code is shown."""
    showcase = None
    for index in range(count):
        if index == 0:
            fields = _showcase_fields(city, region, districts, today)
        else:
            fields = _household_fields(rng, city, region, districts, today)
        registration = register_household(**fields)
        if index == 0:
            showcase = ShowcaseCode(city=city.name_en, alias=fields["alias"], code=format_code(registration.code))
        elif rng.random() < WITHDRAWN_SHARE:
            withdraw_household(registration.household)
        elif fields["children"] and index % 3 == 0:
            # Some families with children marked as a priority, as a coordinator would.
            set_priority(registration.household, priority=True, by=None)
    return showcase


def _showcase_fields(city: CityData, region: Region, districts: list[District], today: dt.date) -> dict[str, Any]:
    spec = data.SHOWCASE_HOUSEHOLDS[city.slug]
    return {
        "alias": spec.alias,
        "adults": spec.adults,
        "children": 0,
        "languages": ["ru"],
        "region": region,
        "district": next((d for d in districts if d.slug == spec.district), None),
        "needed_from": today,
        "needed_until": today + dt.timedelta(days=spec.nights),
        "contact_telegram": clean_telegram(spec.telegram),
    }


def _household_fields(
    rng: random.Random, city: CityData, region: Region, districts: list[District], today: dt.date
) -> dict[str, Any]:
    women_only = rng.random() < 0.06
    adults = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
    children = rng.choices((0, 1, 2, 3), weights=(76, 14, 7, 3))[0]
    pets = rng.random() < 0.1
    step_free = rng.random() < 0.05
    languages = ["ru", "en"] if rng.random() < 0.22 else ["ru"]
    district = rng.choice(districts) if rng.random() < 0.65 else None
    start = today + dt.timedelta(days=rng.choices(START_OFFSETS, weights=START_WEIGHTS)[0])
    nights = rng.choice(STAY_NIGHTS)
    alias = household_alias(rng, adults=adults, children=children, pets=pets, women_only=women_only)
    telegram = _telegram(rng) if rng.random() < 1 / 3 else ""
    phone = _phone(rng, city.country) if rng.random() < 0.25 else ""
    return {
        "alias": alias,
        "adults": adults,
        "children": children,
        "pets": pets,
        "step_free": step_free,
        "women_only": women_only,
        "languages": languages,
        "region": region,
        "district": district,
        "needed_from": start,
        "needed_until": start + dt.timedelta(days=nights),
        "contact_telegram": telegram,
        "contact_phone": phone,
    }


def household_alias(rng: random.Random, *, adults: int, children: int, pets: bool, women_only: bool) -> str:
    """What a household might call itself: first names and nicknames, no surnames."""

    def man() -> str:
        roll = rng.random()
        return rng.choice(data.NICKNAMES if roll < 0.1 else data.MEN_SHORT if roll < 0.45 else data.MEN)

    def woman() -> str:
        return rng.choice(data.WOMEN_SHORT if rng.random() < 0.45 else data.WOMEN)

    def women(k: int) -> list[str]:
        return rng.sample(data.WOMEN_SHORT if rng.random() < 0.45 else data.WOMEN, k)

    def men(k: int) -> list[str]:
        return rng.sample(data.MEN_SHORT if rng.random() < 0.45 else data.MEN, k)

    if adults == 1:
        alias = woman() if women_only or rng.random() < 0.2 else man()
    elif adults == 2:
        if women_only:
            first, second = women(2)
        elif rng.random() < 0.6:
            first, second = man(), woman()
        else:
            first, second = men(2)
        alias = f"{first} и {second}"
    else:
        names = women(3) if women_only else men(3)
        if rng.random() < 0.5:
            alias = f"{names[0]}, {names[1]} и {names[2]}"
        else:  # the children are then counted in the family
            return clean_alias(f"{names[0]} с семьёй" if children else f"{names[0]} с друзьями")
    if children == 1:
        alias += rng.choice((" с сыном", " с дочкой"))
    elif children > 1:
        alias += " с детьми"
    elif pets and rng.random() < 0.5:
        alias += rng.choice((" с котом", " с собакой"))
    if len(alias) > 40:
        alias = alias.split(",")[0].split(" и ")[0] + (" с семьёй" if children else " с друзьями")
    return clean_alias(alias)


def _telegram(rng: random.Random) -> str:
    # Every handle ends in _demo, so that no demo record points at a real account.
    return clean_telegram(f"{rng.choice(data.TELEGRAM_STEMS)}_{rng.randint(10, 99)}_demo")


def _phone(rng: random.Random, country: str) -> str:
    prefix = rng.choice(data.PHONE_PREFIXES[country])
    if country == "KG":
        number = f"{prefix} 555 {rng.randint(0, 999):03d}"
    else:
        number = f"{prefix} 555 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    return clean_phone(number)


# --- offers and hosts ----------------------------------------------------------------


def _create_offers(
    rng: random.Random,
    city: CityData,
    region: Region,
    districts: list[District],
    hosts: list[User],
    count: int,
    today: dt.date,
) -> None:
    """Each host offers at least one place (while there are offers), then any host more."""
    for index in range(count):
        host = hosts[index] if index < len(hosts) else rng.choice(hosts)
        create_offer(host=host, **_offer_fields(rng, city, region, districts, today))


def _offer_fields(
    rng: random.Random, city: CityData, region: Region, districts: list[District], today: dt.date
) -> dict[str, Any]:
    kind = rng.choices((Kind.BED, Kind.ROOM, Kind.FLAT), weights=(35, 45, 20))[0]
    beds = {Kind.BED: (1, 2), Kind.ROOM: (1, 3), Kind.FLAT: (2, 6)}[kind]
    beds_n = rng.randint(*beds)
    max_households = 1 if beds_n == 1 or rng.random() < 0.7 else rng.randint(2, min(beds_n, 3))
    available_from = today if rng.random() < 0.55 else today + dt.timedelta(days=rng.randint(1, 10))
    available_until = (
        None if rng.random() < 0.4 else available_from + dt.timedelta(days=rng.choice((14, 21, 30, 45, 60, 90)))
    )
    languages = ["ru"]
    if rng.random() < 0.4:
        languages.append("kk" if city.country == "KZ" else "ky")
    if rng.random() < 0.25:
        languages.append("en")
    paid = rng.random() < (0.45 if kind == Kind.FLAT else 0.12)
    price, currency = None, ""
    if paid:
        low, high, step = data.PRICES[city.currency][kind]
        price, currency = Decimal(rng.randrange(low, high + step, step)), city.currency
    district = rng.choice(districts)
    step_free = rng.random() < (0.3 if kind == Kind.FLAT else 0.1)
    rules = rng.sample(data.HOUSE_RULES, rng.choice((0, 1, 1, 2, 2, 3)))
    if step_free:
        rules = [rule for rule in rules if rule != data.STAIRS_RULE]
    max_nights = rng.choice((3, 5, 7, 7, 10, 14, 14, 21, 30, 45, 60))
    if available_until is not None:
        max_nights = min(max_nights, (available_until - available_from).days)
    return {
        "kind": kind,
        "region": region,
        "district": district,
        "address": _address(rng, city, district),
        "beds": beds_n,
        "max_households": max_households,
        "available_from": available_from,
        "available_until": available_until,
        "max_nights": max_nights,
        "pets_ok": rng.random() < 0.3,
        "children_ok": rng.random() < 0.7,
        "step_free": step_free,
        "women_only": rng.random() < 0.08,
        "languages": languages,
        "price_per_night": price,
        "currency": currency,
        "rules": "\n".join(rules),
    }


def _address(rng: random.Random, city: CityData, district: District) -> str:
    streets = next(d.streets for d in city.districts if d.slug == district.slug)
    street = rng.choice(streets)
    flat = rng.randint(1, 150)
    if street.startswith("мкр."):
        return f"{street}, д. {rng.randint(1, 60)}, кв. {flat}"
    house = rng.randint(1, 200)
    if rng.random() < 0.15:  # a house of its own
        return f"{street} {house}"
    return f"{street} {house}, кв. {flat}"


def _vet_hosts(rng: random.Random, hosts: list[User], coordinator: User, region: Region) -> None:
    """The city's first host is vetted, and about half of the others."""
    for index, host in enumerate(hosts):
        if index == 0 or rng.random() < VETTED_SHARE:
            vet_host(
                host=host, by=coordinator, vetting=Vetting.VETTED, note=rng.choice(data.VETTING_NOTES), region=region
            )
