"""A seeded generator of realistic ``haven-match/1`` instances.

    uv run python -m bench.generate --households 300 --offers 150 --seed 1 > inst.json

The mix follows what Haven's coordinators saw in the autumn 2022 exodus: mostly single
men and couples, a fifth families with children, a few pets and accessibility needs;
hosts are mostly private flats, some shared flats and a few dormitory-like places
(a gym, a church hall, a hostel). Households are listed in registration order (each
carries a ``registered_at`` timestamp, an extra field the format lets through), which is
the order the first-come-first-served baseline serves them in.

The same arguments always give the same instance (households and offers come from
separate random streams, so changing the number of offers leaves the households alone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from typing import Any

FORMAT = "haven-match/1"

CITY_DISTRICTS: dict[str, tuple[str, ...]] = {
    "almaty": ("almaly", "auezov", "bostandyk", "medeu", "zhetysu", "turksib", "nauryzbay", "alatau"),
    "astana": ("almaty", "baikonur", "yesil", "saryarka", "nura"),
    "bishkek": ("leninsky", "oktyabrsky", "pervomaisky", "sverdlovsky"),
}
# Relative weight of a city when several are generated at once.
CITY_WEIGHT = {"almaty": 5.0, "astana": 3.0, "bishkek": 2.0}
GENERIC_DISTRICTS = ("center", "north", "south", "east", "west")
# The local language besides Russian.
CITY_LANGUAGE = {"almaty": "kk", "astana": "kk", "bishkek": "ky"}
TZ = dt.timezone(dt.timedelta(hours=6))  # Almaty, Astana and Bishkek alike (2022)
# Hosts decline about 1 % of the plausible pairs, but no more than one pair a household on
# average: in a big city a household is only ever shown to a few hosts.
EXCLUSION_RATE = 0.01
EXCLUSIONS_PER_HOUSEHOLD = 1.0


def _pick(rng: random.Random, table: list[tuple[float, Any]]) -> Any:
    """One value from a list of (weight, value)."""
    x = rng.random() * sum(w for w, _ in table)
    for weight, value in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][1]


def _districts(city: str) -> tuple[str, ...]:
    return CITY_DISTRICTS.get(city, GENERIC_DISTRICTS)


def _household(rng: random.Random, i: int, city: str, horizon: int, day0: dt.date) -> dict[str, Any]:
    kind = _pick(rng, [(0.55, "single"), (0.25, "couple"), (0.20, "family")])
    if kind == "single":
        adults, children = 1, 0
        women_only = rng.random() < 0.10
        vulnerable = rng.random() < 0.06
    elif kind == "couple":
        adults, children = 2, 0
        women_only = rng.random() < 0.03
        vulnerable = rng.random() < 0.08
    else:
        adults = 1 if rng.random() < 0.35 else 2
        children = _pick(rng, [(0.5, 1), (0.35, 2), (0.15, 3)])
        women_only = adults == 1 and rng.random() < 0.40
        vulnerable = rng.random() < 0.22
    if adults == 2 and kind != "single" and rng.random() < 0.04:
        adults = 3  # a grown-up child or a grandparent travelling along
    local = CITY_LANGUAGE.get(city, "kk")
    languages = _pick(
        rng,
        [(0.75, ["ru"]), (0.12, ["ru", "en"]), (0.08, [local, "ru"]), (0.05, ["ky" if local == "kk" else "kk", "ru"])],
    )
    # Most need a bed tonight or within the first days; a few plan further ahead.
    last_start = max(0, horizon - 2)
    start = _pick(rng, [(0.45, 0), (0.35, rng.randint(1, 3)), (0.20, rng.randint(4, max(4, last_start)))])
    start = min(start, last_start)
    nights = _pick(rng, [(0.50, rng.randint(2, 7)), (0.35, rng.randint(5, 14)), (0.15, rng.randint(10, 21))])
    end = min(start + nights, horizon)
    if end <= start:  # a horizon of one night
        end = start + 1
    return {
        "id": f"h{i}",
        "city": city,
        "adults": adults,
        "children": children,
        "from": (day0 + dt.timedelta(days=start)).isoformat(),
        "until": (day0 + dt.timedelta(days=end)).isoformat(),
        "pets": rng.random() < 0.10,
        "accessible": rng.random() < 0.05,
        "women_only": women_only,
        "vulnerable": vulnerable,
        "languages": languages,
        "district": rng.choice(_districts(city)) if rng.random() < 0.5 else None,
    }


def _offer(rng: random.Random, i: int, city: str, horizon: int, day0: dt.date) -> dict[str, Any]:
    kind = _pick(rng, [(0.60, "flat"), (0.30, "shared"), (0.10, "dorm")])
    if kind == "flat":
        beds, max_households = rng.randint(1, 3), 1
        max_nights = rng.randint(2, 14)
        pets_ok, children_ok, accessible, women_only = (
            rng.random() < 0.30, rng.random() < 0.75, rng.random() < 0.10, rng.random() < 0.09
        )  # fmt: skip
    elif kind == "shared":
        beds, max_households = rng.randint(3, 6), rng.randint(2, 3)
        max_nights = rng.randint(2, 14)
        pets_ok, children_ok, accessible, women_only = (
            rng.random() < 0.20, rng.random() < 0.65, rng.random() < 0.12, rng.random() < 0.08
        )  # fmt: skip
    else:
        beds = rng.randint(10, 40)
        max_households = rng.randint(10, max(10, beds))
        max_nights = rng.randint(7, 21)
        pets_ok, children_ok, accessible, women_only = (
            rng.random() < 0.05, rng.random() < 0.60, rng.random() < 0.40, rng.random() < 0.03
        )  # fmt: skip
    local = CITY_LANGUAGE.get(city, "kk")
    languages = _pick(
        rng,
        [(0.70, ["ru"]), (0.10, ["ru", local]), (0.08, ["ru", "en"]), (0.05, [local]), (0.04, ["en"]),
         (0.03, ["ru", local, "en"])],
    )  # fmt: skip
    last_start = max(0, horizon - 3)
    start = _pick(rng, [(0.60, 0), (0.25, rng.randint(1, 5)), (0.15, rng.randint(6, max(6, last_start)))])
    start = min(start, last_start)
    end = min(start + rng.randint(3, 21), horizon)
    if end <= start:
        end = start + 1
    return {
        "id": f"o{i}",
        "city": city,
        "district": rng.choice(_districts(city)),
        "beds": beds,
        "max_households": max_households,
        "from": (day0 + dt.timedelta(days=start)).isoformat(),
        "until": (day0 + dt.timedelta(days=end)).isoformat(),
        "max_nights": max_nights,
        "pets_ok": pets_ok,
        "children_ok": children_ok,
        "accessible": accessible,
        "women_only": women_only,
        "languages": languages,
    }


def plausible(h: dict[str, Any], o: dict[str, Any]) -> bool:
    """Same city, the rules allow it and the dates overlap: a pair a host might decline."""
    return (
        h["city"] == o["city"]
        and o["beds"] >= h["adults"] + h["children"]
        and (o["pets_ok"] or not h["pets"])
        and (o["children_ok"] or h["children"] == 0)
        and (o["accessible"] or not h["accessible"])
        and (h["women_only"] or not o["women_only"])
        and h["from"] < o["until"]
        and o["from"] < h["until"]
    )


def _exclusions(rng: random.Random, households: list[dict[str, Any]], offers: list[dict[str, Any]]) -> list[dict]:
    """About EXCLUSION_RATE of the plausible pairs (capped), as if hosts had declined them."""
    by_city: dict[str, list[dict[str, Any]]] = {}
    for o in offers:
        by_city.setdefault(o["city"], []).append(o)
    pairs = sum(len(by_city.get(h["city"], ())) for h in households)
    if pairs == 0:
        return []
    if pairs * EXCLUSION_RATE <= EXCLUSIONS_PER_HOUSEHOLD * len(households) and pairs <= 2_000_000:
        chosen = [
            (h["id"], o["id"])
            for h in households
            for o in by_city.get(h["city"], ())
            if plausible(h, o) and rng.random() < EXCLUSION_RATE
        ]
    else:  # a big city: estimate the plausible share, then draw that many pairs at random
        with_offers = [h for h in households if h["city"] in by_city]
        sample = min(20_000, 10 * pairs)
        hits = 0
        for _ in range(sample):
            h = rng.choice(with_offers)
            hits += plausible(h, rng.choice(by_city[h["city"]]))
        target = round(min(EXCLUSION_RATE * pairs * hits / sample, EXCLUSIONS_PER_HOUSEHOLD * len(households)))
        seen: set[tuple[str, str]] = set()
        chosen = []
        for _ in range(50 * target):
            if len(chosen) >= target:
                break
            h = rng.choice(with_offers)
            o = rng.choice(by_city[h["city"]])
            if (h["id"], o["id"]) not in seen and plausible(h, o):
                seen.add((h["id"], o["id"]))
                chosen.append((h["id"], o["id"]))
    return [{"household": h, "offer": o} for h, o in chosen]


def generate(
    households: int,
    offers: int,
    *,
    seed: int,
    cities: tuple[str, ...] | list[str] = ("almaty",),
    horizon: int = 21,
    today: str = "2022-10-01",
) -> dict[str, Any]:
    """A JSON-ready instance in the ``haven-match/1`` format; the same arguments, the same instance."""
    if households < 0 or offers < 0:
        raise ValueError("households and offers must be >= 0")
    if horizon < 1:
        raise ValueError("horizon must be at least one night")
    cities = tuple(cities)
    if not cities:
        raise ValueError("at least one city")
    day0 = dt.date.fromisoformat(today)
    weights = [CITY_WEIGHT.get(c, 2.0) for c in cities]
    rng_h = random.Random(f"haven-bench/{seed}/households")
    rng_o = random.Random(f"haven-bench/{seed}/offers")
    rng_x = random.Random(f"haven-bench/{seed}/exclusions")

    household_list = []
    registered = dt.datetime.combine(day0, dt.time(9, 0), tzinfo=TZ) - dt.timedelta(days=2)
    for i in range(1, households + 1):
        city = rng_h.choices(cities, weights)[0]
        h = _household(rng_h, i, city, horizon, day0)
        registered += dt.timedelta(seconds=rng_h.randint(20, 600))
        h["registered_at"] = registered.isoformat()
        household_list.append(h)
    offer_list = [_offer(rng_o, i, rng_o.choices(cities, weights)[0], horizon, day0) for i in range(1, offers + 1)]
    return {
        "format": FORMAT,
        "today": day0.isoformat(),
        "households": household_list,
        "offers": offer_list,
        "exclusions": _exclusions(rng_x, household_list, offer_list),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--offers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cities", default="almaty", help="comma-separated city slugs (default: almaty)")
    parser.add_argument("--horizon", type=int, default=21, help="nights from today (default: 21)")
    parser.add_argument("--today", default="2022-10-01")
    parser.add_argument("--indent", type=int, default=None)
    args = parser.parse_args(argv)
    instance = generate(
        args.households, args.offers, seed=args.seed, cities=tuple(c.strip() for c in args.cities.split(",") if c.strip()),
        horizon=args.horizon, today=args.today,
    )  # fmt: skip
    json.dump(instance, sys.stdout, indent=args.indent, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
