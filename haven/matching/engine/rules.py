"""The hard rules, the score and the reason codes of FORMAT.md, for one household.

Part of the independent validator (``validate.py``): it shares no code with the
solver beyond the parsed instance, so checking the engine with it is a real check.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np

from haven.matching.engine.model import Household, Instance, Leg, Offer

# The reason codes of ``unassigned[].reason``, in the order the rules are checked.
REASON_CODES: tuple[str, ...] = (
    "no_offer_in_city",
    "too_many_people",
    "pets",
    "children",
    "accessibility",
    "women_only",
    "excluded",
    "dates",
    "capacity_taken",
)

# --- lookups shared by the functions below, built once per instance ----------------------


class _CityOffers:
    """The offers of one city as arrays, for the reason filter chain."""

    def __init__(self, offers: list[Offer]) -> None:
        self.offers = offers
        self.position = {o.id: i for i, o in enumerate(offers)}
        self.beds = np.array([o.beds for o in offers], dtype=np.int64)
        self.pets_ok = np.array([o.pets_ok for o in offers], dtype=bool)
        self.children_ok = np.array([o.children_ok for o in offers], dtype=bool)
        self.accessible = np.array([o.accessible for o in offers], dtype=bool)
        self.open_to_all = np.array([not o.women_only for o in offers], dtype=bool)
        self.start = np.array([o.start.toordinal() for o in offers], dtype=np.int64)
        self.end = np.array([o.end.toordinal() for o in offers], dtype=np.int64)


class _Lookup:
    """Households and offers by id, offers by city, exclusions by household."""

    def __init__(self, instance: Instance) -> None:
        self.households = {h.id: h for h in instance.households}
        self.offers = {o.id: o for o in instance.offers}
        by_city: dict[str, list[Offer]] = {}
        for offer in instance.offers:
            by_city.setdefault(offer.city, []).append(offer)
        self.cities = {city: _CityOffers(offers) for city, offers in by_city.items()}
        self.excluded: dict[str, set[str]] = {}
        for household_id, offer_id in instance.exclusions:
            self.excluded.setdefault(household_id, set()).add(offer_id)


_LOOKUPS: dict[int, tuple[weakref.ref[Instance], _Lookup]] = {}


def _lookup(instance: Instance) -> _Lookup:
    """The lookup of an instance, cached by identity while the instance lives.

    Instances are immutable, and hashing a large one on every call would cost more
    than the lookup saves, hence the identity key and the finalizer.
    """
    key = id(instance)
    cached = _LOOKUPS.get(key)
    if cached is not None and cached[0]() is instance:
        return cached[1]
    lookup = _Lookup(instance)
    _LOOKUPS[key] = (weakref.ref(instance), lookup)
    weakref.finalize(instance, _LOOKUPS.pop, key, None)
    return lookup


# --- score -----------------------------------------------------------------------------


def _urgent_start(instance: Instance, household: Household) -> dt.date:
    """The first night counted as urgent: max(household from, today)."""
    return max(household.start, instance.today)


def leg_value(
    instance: Instance, household: Household, offer: Offer, leg_start: dt.date, leg_end: dt.date, leg_index: int
) -> float:
    """The score of one leg of ``household`` at ``offer`` over nights leg_start <= n < leg_end.

    ``leg_index`` is the leg's position in the household's chain, from 0; every leg
    after the first pays the move penalty. The leg is scored as given, even if it
    breaks a hard rule (that is ``household_violations``' business).
    """
    policy = instance.policy
    people = household.people
    start, end = leg_start.toordinal(), leg_end.toordinal()
    nights = max(0, end - start)
    urgent_from = _urgent_start(instance, household).toordinal()
    urgent_until = urgent_from + policy.urgent_nights
    urgent = max(0, min(end, urgent_until) - max(start, urgent_from))
    weight_sum = policy.urgent_weight * urgent + (nights - urgent)
    vulnerable = policy.vulnerable_weight if household.vulnerable else 1.0
    value = people * vulnerable * weight_sum
    if household.languages & offer.languages:
        value += people * policy.language_bonus
    if household.district is not None and household.district == offer.district:
        value += people * policy.district_bonus
    if leg_index > 0:
        value -= people * policy.move_penalty
    return value


def score_assignment(instance: Instance, household_id: str, legs: Sequence[Leg]) -> float:
    """The score of one household's chain of legs, in the order given.

    Raises KeyError for an unknown household or offer id (``check_result`` reports
    those as violations instead).
    """
    lookup = _lookup(instance)
    household = lookup.households[household_id]
    return sum(
        (
            leg_value(instance, household, lookup.offers[leg.offer], leg.start, leg.end, index)
            for index, leg in enumerate(legs)
        ),
        0.0,
    )


# --- hard rules for one household ----------------------------------------------------


def _leg_label(household: Household, leg: Leg) -> str:
    return f"{household.id} at {leg.offer} from {leg.start.isoformat()} until {leg.end.isoformat()}"


def household_violations(instance: Instance, household: Household, legs: Sequence[Leg]) -> list[str]:
    """The hard rules 1 to 3 of FORMAT.md, and "no night before today", for one household.

    Capacity (rule 4) involves all households and is checked by ``check_result``.
    An empty chain breaks none of these rules.
    """
    lookup = _lookup(instance)
    policy = instance.policy
    found: list[str] = []
    if len(legs) > policy.max_legs:
        found.append(f"{household.id}: {len(legs)} legs > max_legs {policy.max_legs}")
    offers_seen: set[str] = set()
    for index, leg in enumerate(legs):
        label = _leg_label(household, leg)
        nights = (leg.end - leg.start).days
        if nights <= 0:
            found.append(f"{label}: from is not before until")
        if index > 0 and leg.start != legs[index - 1].end:
            previous_end = legs[index - 1].end.isoformat()
            found.append(f"{label}: not consecutive, the previous leg ends {previous_end}")
        if leg.start < household.start or leg.end > household.end:
            window = f"{household.start.isoformat()} until {household.end.isoformat()}"
            found.append(f"{label}: outside the household's nights from {window}")
        if leg.start < instance.today:
            found.append(f"{label}: night {leg.start.isoformat()} is before today {instance.today.isoformat()}")
        if leg.offer in offers_seen:
            found.append(f"{label}: offer used twice by the household")
        offers_seen.add(leg.offer)
        if len(legs) > 1 and 0 < nights < policy.min_leg_nights:
            found.append(f"{label}: {nights} night(s) < min_leg_nights {policy.min_leg_nights} in a chain")
        offer = lookup.offers.get(leg.offer)
        if offer is None:
            found.append(f"{label}: unknown offer {leg.offer!r}")
            continue
        if leg.start < offer.start or leg.end > offer.end:
            window = f"{offer.start.isoformat()} until {offer.end.isoformat()}"
            found.append(f"{label}: outside the offer's nights from {window}")
        if nights > offer.max_nights:
            found.append(f"{label}: {nights} nights > the offer's max_nights {offer.max_nights}")
        if offer.city != household.city:
            found.append(f"{label}: offer in {offer.city}, household in {household.city}")
        if (household.id, offer.id) in instance.exclusions:
            found.append(f"{label}: excluded pair")
        if household.pets and not offer.pets_ok:
            found.append(f"{label}: household has pets, offer takes none")
        if household.children > 0 and not offer.children_ok:
            found.append(f"{label}: household has children, offer takes none")
        if household.accessible and not offer.accessible:
            found.append(f"{label}: household needs step-free access, offer has none")
        if offer.women_only and not household.women_only:
            found.append(f"{label}: women-only offer, household not women_only")
    return found


# --- reasons ---------------------------------------------------------------------------


def _filter_chain(instance: Instance, household: Household) -> tuple[str, list[Offer]]:
    """The reason code of ``household`` and the offers that pass every filter."""
    code, city, mask = _filter_mask(instance, household)
    if city is None or mask is None:
        return code, []
    return code, [city.offers[i] for i in np.flatnonzero(mask)]


def _filter_mask(
    instance: Instance, household: Household
) -> tuple[str, _CityOffers | None, np.ndarray[Any, np.dtype[np.bool_]] | None]:
    """The reason code of ``household``, and its city's offers with a mask of those
    that pass every filter (None unless the code is ``capacity_taken``).

    Starts from the offers in its city and applies the rules in the order of
    FORMAT.md; the first filter that leaves nothing names the reason. When some offer
    passes all of them the code is ``capacity_taken``.
    """
    lookup = _lookup(instance)
    city = lookup.cities.get(household.city)
    if city is None:
        return "no_offer_in_city", None, None
    mask = city.beds >= household.people
    if not mask.any():
        return "too_many_people", None, None
    rules = (
        ("pets", household.pets, city.pets_ok),
        ("children", household.children > 0, city.children_ok),
        ("accessibility", household.accessible, city.accessible),
        # A women-only offer takes only women_only households; the reverse is free.
        ("women_only", not household.women_only, city.open_to_all),
    )
    for code, applies, allowed in rules:
        if applies:
            mask &= allowed
            if not mask.any():
                return code, None, None
    for offer_id in lookup.excluded.get(household.id, ()):
        position = city.position.get(offer_id)
        if position is not None:
            mask[position] = False
    if not mask.any():
        return "excluded", None, None
    first = _urgent_start(instance, household).toordinal()
    last = household.end.toordinal()  # exclusive
    if first >= last:
        return "dates", None, None
    mask &= (city.start < last) & (city.end > first)
    if not mask.any():
        return "dates", None, None
    return "capacity_taken", city, mask


def unassigned_reason(instance: Instance, household: Household) -> str:
    """The FORMAT.md reason code for leaving ``household`` unplaced.

    The first rule, in the listed order, that leaves it no compatible offer at all,
    or ``capacity_taken`` when compatible offers exist (and went to others).
    """
    return _filter_mask(instance, household)[0]


def compatible_offers(instance: Instance, household: Household) -> list[Offer]:
    """The offers that pass every rule of the chain: same city, enough beds, pets,
    children, access, women-only, not excluded, and open on some night of the
    household from max(its from, today). Each could take it alone for one night."""
    return _filter_chain(instance, household)[1]
