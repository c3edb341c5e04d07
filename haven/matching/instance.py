"""A city as the engine sees it: its open needs and bookable places as a ``haven-match/1`` instance.

Windows start no earlier than today; nights a group's stays already cover are not asked
for again; each place's window is cut where its stays change the room left (one engine
offer per run of nights with the same room, ``<id>~n``); coordinators' rejections and a
relocated team's budget become exclusions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from haven.accounts.models import Region
from haven.hosting.models import Offer, OfferStatus, Vetting
from haven.matching.engine.model import FORMAT, MAX_WINDOW_DAYS
from haven.matching.models import Exclusion
from haven.registry.models import Household, Status
from haven.relocation.matching import beyond_budget
from haven.stays.services import occupancy

# An offer without an end date counts as open for this many days from today.
OPEN_ENDED_DAYS = 60


def _window(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end) the engine can use: from today, and no longer than it accepts."""
    start = max(start, today)
    end = min(end, start + dt.timedelta(days=MAX_WINDOW_DAYS))
    return (start, end) if end > start else None


def _languages(value: Any) -> list[str]:
    return [code for code in value if isinstance(code, str) and code.strip()] if isinstance(value, list) else []


def matchable_households(region: Region, today: dt.date) -> Any:
    """Open needs of the city (``build_instance`` cuts off the nights their stays cover)."""
    return (
        Household.objects.select_related("district")
        .filter(region=region, status=Status.OPEN, needed_until__gt=today)
        .order_by("needed_from", "created_at", "pk")
    )


def _stays_of(households: list[Household]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per household, the nights of its stays that hold beds (planned, proposed, booked, on), in order."""
    from haven.stays.models import Stay
    from haven.stays.states import ACTIVE

    nights: dict[int, list[tuple[dt.date, dt.date]]] = {}
    rows = Stay.objects.filter(household__in=[h.pk for h in households], state__in=ACTIVE).order_by("start")
    for household_id, start, end in rows.values_list("household", "start", "end"):
        nights.setdefault(household_id, []).append((start, end))
    return nights


def _still_needed(start: dt.date, end: dt.date, stays: list[tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date]:
    """The first run of nights in [start, end) that no stay covers: after the stays that
    cover its start, up to the next stay (a group is never in two stays at once)."""
    for first, last in stays:
        if last <= start:
            continue
        if first <= start:
            start = last
        else:
            end = min(end, first)
            break
    return start, end


def _room_runs(
    offer: Offer, window: tuple[dt.date, dt.date], use: dict[tuple[int, dt.date], tuple[int, int]]
) -> list[tuple[dt.date, dt.date, int, int]]:
    """The offer's window cut where its stays change the room left: (from, until, beds,
    groups) per run of nights with the same room, runs with none left dropped. The
    format has one capacity per offer, so each run becomes an offer of its own."""
    runs: list[tuple[dt.date, dt.date, int, int]] = []
    night = window[0]
    while night < window[1]:
        beds, groups = use.get((offer.pk, night), (0, 0))
        room = (offer.beds - beds, offer.max_households - groups)
        if runs and runs[-1][1] == night and runs[-1][2:] == room:
            runs[-1] = (runs[-1][0], night + dt.timedelta(days=1), *room)
        elif room[0] >= 1 and room[1] >= 1:
            runs.append((night, night + dt.timedelta(days=1), *room))
        night += dt.timedelta(days=1)
    return runs


RUN_SEPARATOR = "~"


def offer_id_of(instance_offer_id: str) -> str:
    """The offer's public id behind an instance offer id (a run of it: ``<id>~2``)."""
    return instance_offer_id.split(RUN_SEPARATOR, 1)[0]


def matchable_offers(region: Region, today: dt.date) -> Any:
    """Active offers of hosts who may take guests: not suspended, account not closed."""
    return (
        Offer.objects.select_related("district")
        .filter(region=region, status=OfferStatus.ACTIVE, host__is_active=True)
        .filter(Q(available_until__isnull=True) | Q(available_until__gt=today))
        .exclude(host__host_profile__vetting=Vetting.SUSPENDED)
        .order_by("available_from", "created_at", "pk")
    )


@transaction.atomic
def build_instance(*, region: Region, today: dt.date, households: Any = None, offers: Any = None) -> dict[str, Any]:
    """The ``haven-match/1`` instance of one city on ``today``: its open needs and bookable beds.

    ``households`` and ``offers`` (querysets) narrow it, for matching one group or one
    place by hand; by default every open need and every bookable place of the city.
    Ids are public ids; the city is the region's slug. Windows start no earlier than
    today; an open-ended offer runs ``OPEN_ENDED_DAYS`` from today. Exclusions are the
    pairs that coordinators rejected before.
    """
    rows = []
    wanted = list(matchable_households(region, today) if households is None else households)
    stays = _stays_of(wanted)
    for h in wanted:
        # Nights its stays already cover are not asked for again.
        window = _window(*_still_needed(max(h.needed_from, today), h.needed_until, stays.get(h.pk, [])), today)
        if window is None:
            continue
        rows.append(
            {
                "id": str(h.public_id), "city": region.slug, "adults": h.adults, "children": h.children,
                "from": window[0].isoformat(), "until": window[1].isoformat(), "pets": h.pets,
                "accessible": h.step_free, "women_only": h.women_only,
                "vulnerable": h.priority,
                "languages": _languages(h.languages), "district": h.district.slug if h.district else None,
            }
        )  # fmt: skip
    places = []
    candidates = list(matchable_offers(region, today) if offers is None else offers)
    use = occupancy(candidates)
    for o in candidates:
        until = o.available_until or today + dt.timedelta(days=OPEN_ENDED_DAYS)
        window = _window(o.available_from, until, today)
        if window is None:
            continue
        runs = _room_runs(o, window, use)
        for n, (start, end, beds, slots) in enumerate(runs):
            places.append(
                {
                    "id": str(o.public_id) if len(runs) == 1 else f"{o.public_id}{RUN_SEPARATOR}{n}",
                    "city": region.slug, "district": o.district.slug, "beds": beds,
                    "max_households": slots, "from": start.isoformat(),
                    "until": end.isoformat(), "max_nights": o.max_nights, "pets_ok": o.pets_ok,
                    "children_ok": o.children_ok, "accessible": o.step_free, "women_only": o.women_only,
                    "languages": _languages(o.languages),
                }
            )  # fmt: skip
    household_ids = {h["id"] for h in rows}
    runs_of: dict[str, list[str]] = {}
    for offer in places:
        runs_of.setdefault(offer_id_of(offer["id"]), []).append(offer["id"])
    pairs = Exclusion.objects.filter(household__region=region, offer__region=region).values_list(
        "household__public_id", "offer__public_id"
    )
    exclusions = [
        {"household": str(h), "offer": run}
        for h, o in pairs
        if str(h) in household_ids
        for run in runs_of.get(str(o), [])
    ]
    exclusions += beyond_budget(wanted, candidates, household_ids, runs_of)
    return {
        "format": FORMAT,
        "today": today.isoformat(),
        "households": rows,
        "offers": places,
        "exclusions": exclusions,
    }
