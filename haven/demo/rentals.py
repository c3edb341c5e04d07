"""The demo's rentals: a year of listings in the three cities, so that the rent index
has charts and every rent has a district median to stand against; Georgy's two-room
flat in Almaty; the Toktogulov family's flat in Bishkek; an ad saying "только славянам"
held with its explanation, and a rent far above its district held for a look.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.utils import timezone

from haven.accounts.models import Region, User
from haven.demo import data
from haven.rentals import index, services
from haven.rentals.models import Listing, ListingStatus, RentReport

# A two-room flat's monthly rent in October 2022 (local currency), and the rise a month.
BASE_RENT = {"almaty": 320_000, "astana": 260_000, "bishkek": 42_000}
RISE_A_MONTH = 0.035
ROOM_FACTOR = {1: 0.72, 2: 1.0, 3: 1.35}
# Central districts cost more.
DEARER = {"medeu": 1.25, "bostandyk": 1.15, "almaly": 1.1, "yesil": 1.2, "leninsky": 1.1, "pervomaisky": 1.05}
PER_CITY = 260
TEXTS = [
    "Светлая квартира после ремонта, рядом метро и парк.",
    "Тихий двор, рядом школа и магазины. Без животных.",
    "Квартира с мебелью и техникой, интернет подключён.",
    "Сдаю на длительный срок, только некурящим.",
    "Уютная квартира, большой балкон, вид на горы.",
    "Семье с детьми, рядом детский сад.",
]


def _landlord(email: str, name: str, password: str) -> User:
    from haven.demo.services import _create_login  # the demo's way of making a login

    user = _create_login(email, name, password)
    services.accept_pledge(user)
    return user


def _month_start(today: dt.date, back: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    return dt.date(year, month + 1, 1)


def load(*, rng: random.Random, regions: dict[str, Region], password: str) -> None:
    today = timezone.localdate()
    now = timezone.now()
    currency_of = {"almaty": "KZT", "astana": "KZT", "bishkek": "KGS"}
    for slug, region in regions.items():
        owners = [_landlord(f"landlord{n:02d}.{slug}@{data.DEMO_DOMAIN}", f"Landlord {n}", password) for n in (1, 2, 3)]
        districts = list(region.districts.all())
        rows = []
        for _ in range(PER_CITY):
            back = rng.randrange(12)
            district = rng.choice(districts)
            rooms = rng.choice([1, 1, 2, 2, 2, 3])
            rent = (
                BASE_RENT[slug] * ROOM_FACTOR[rooms] * DEARER.get(district.slug, 1.0) * (1 + RISE_A_MONTH * (11 - back))
            )
            rent *= rng.uniform(0.85, 1.15)
            step = 1000 if currency_of[slug] == "KZT" else 500
            rows.append(Listing(
                landlord=rng.choice(owners), region=region, district=district, rooms=rooms,
                area_m2=int(28 + 20 * rooms * rng.uniform(0.8, 1.2)), floor=rng.randint(1, 12),
                furnished=rng.random() < 0.8, pets_ok=rng.random() < 0.3, children_ok=rng.random() < 0.8,
                rent=Decimal(int(rent // step * step)), currency=currency_of[slug], deposit=Decimal(int(rent // step * step)),
                min_term_months=rng.choice([1, 3, 6, 12]), available_from=today + dt.timedelta(days=rng.randint(0, 30)),
                description=rng.choice(TEXTS), address=f"ул. Демо {rng.randint(1, 200)}, кв. {rng.randint(1, 90)}",
                # Older listings were let long ago; those of the last two months are open.
                status=ListingStatus.PUBLISHED if back < 2 else ListingStatus.WITHDRAWN,
            ))  # fmt: skip
            rows[-1]._back = back  # type: ignore[attr-defined]
        made = Listing.objects.bulk_create(rows)
        for listing, row in zip(made, rows, strict=True):
            when = now - dt.timedelta(days=30 * row._back + rng.randint(0, 25))  # type: ignore[attr-defined]
            Listing.objects.filter(pk=listing.pk).update(created_at=when)
        RentReport.objects.bulk_create([
            RentReport(region=region, district=rng.choice(districts), rooms=2, currency=currency_of[slug],
                       rent=Decimal(int(BASE_RENT[slug] * rng.uniform(0.9, 1.2))), month=_month_start(today, rng.randrange(6)))
            for _ in range(20)
        ])  # fmt: skip
        for listing in Listing.objects.filter(region=region, status=ListingStatus.PUBLISHED):
            Listing.objects.filter(pk=listing.pk).update(above_median=index.above_median(listing))
    _showcase(regions, password, today)


def _showcase(regions: dict[str, Region], password: str, today: dt.date) -> None:
    almaty, bishkek = regions["almaty"], regions["bishkek"]
    medeu = almaty.districts.get(slug="medeu")
    owner = User.objects.get(email=f"landlord01.almaty@{data.DEMO_DOMAIN}")
    flat: dict[str, Any] = {
        "rooms": 2, "area_m2": 56, "floor": 5, "furnished": True, "pets_ok": False, "children_ok": True,
        "currency": "KZT", "deposit": Decimal(350_000), "min_term_months": 6, "available_from": today,
    }  # fmt: skip
    # Georgy's find: two rooms in Medeu, fairly priced, room for his wife and son in winter.
    services.save_listing(
        landlord=owner, region=almaty, district=medeu, address="ул. Жамбыла 114, кв. 21", rent=Decimal(390_000),
        description="Двухкомнатная квартира у парка, две спальни, школа во дворе. Рады семье с детьми.", **flat,
    )  # fmt: skip
    # Held: the ad that says who may not live there.
    services.save_listing(
        landlord=owner, region=almaty, district=almaty.districts.get(slug="almaly"), address="ул. Панфилова 50, кв. 3",
        rent=Decimal(300_000), description="Сдаю квартиру надолго. Только славянам, без животных.", **flat,
    )  # fmt: skip
    # Held for a look: the rent is twice the district's.
    services.save_listing(
        landlord=owner, region=almaty, district=medeu, address="пр. Достык 97, кв. 40", rent=Decimal(950_000),
        description="Квартира с видом на горы.", **flat,
    )  # fmt: skip
    toktogulov = _landlord(data.LANDLORD_EMAIL, data.LANDLORD_NAME, password)
    services.save_listing(
        landlord=toktogulov, region=bishkek, district=bishkek.districts.get(slug="pervomaisky"),
        address="ул. Токтогула 125, кв. 8", rent=Decimal(45_000),
        description="Квартира нашей семьи: две комнаты, мебель, рядом рынок и остановка. Рады всем.",
        **{**flat, "currency": "KGS", "deposit": Decimal(45_000)},
    )  # fmt: skip


def report_lines(base: str) -> list[str]:
    if not Listing.objects.exists():
        return []
    return [
        f"Rentals: {urljoin(base, 'rent/?region=almaty&rooms=2')} lists two-room flats in Almaty, each rent set against "
        "its district's median (Georgy's find is the one on Жамбыла in Medeu);",
        f"  the rent index with a year of charts for the three cities: {urljoin(base, 'rent/index/')};",
        f"  the Toktogulov family lists flats in Bishkek as {data.LANDLORD_EMAIL} (password {data.DEMO_PASSWORD}, no TOTP) "
        f"at {urljoin(base, 'rent/mine/')};",
        f"  an ad saying «только славянам» and a rent twice its district's wait for the Almaty coordinator at "
        f"{urljoin(base, 'rent/coord/')}.",
    ]
