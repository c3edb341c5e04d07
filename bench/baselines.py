"""The first-come-first-served baseline for the benchmark, independent of the engine,
and the format's rules and score that both baselines share.

``fcfs_greedy`` is what coordinators do today: households in registration order (the
list order of the instance); each gets the one compatible offer that covers the most
of its nights from max(its from, today), in a single stay, or nothing. The exact
reference is in ``bench/exact.py``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from haven.matching.engine.model import Assignment, Household, Instance, Leg, Offer, Result, Unassigned
from haven.matching.engine.validate import unassigned_reason

REASON_DETAIL = {
    "no_offer_in_city": "no offer in {city}",
    "too_many_people": "no offer in {city} has {people} beds",
    "pets": "no offer in {city} with enough beds takes pets",
    "children": "no remaining offer in {city} takes children",
    "accessibility": "no remaining offer in {city} has step-free access",
    "women_only": "the remaining offers in {city} are women-only",
    "excluded": "the only remaining offers in {city} declined this household",
    "dates": "no remaining offer in {city} is open on its nights",
    "capacity_taken": "compatible offers exist but were taken by others",
}


# --- the format's rules and score, from FORMAT.md ------------------------------------------


def compatible(instance: Instance, household: Household, offer: Offer) -> bool:
    """Hard rules 2 (city, exclusion) and 3, plus enough beds for the whole household."""
    return (
        offer.city == household.city
        and offer.beds >= household.people
        and (offer.pets_ok or not household.pets)
        and (offer.children_ok or household.children == 0)
        and (offer.accessible or not household.accessible)
        and (household.women_only or not offer.women_only)
        and (household.id, offer.id) not in instance.exclusions
    )


def _day(instance: Instance, date: dt.date) -> int:
    """A date as a night number: 0 is today."""
    return (date - instance.today).days


def _date(instance: Instance, day: int) -> dt.date:
    return instance.today + dt.timedelta(days=day)


@dataclass(frozen=True)
class _Need:
    """One household's nights as night numbers, and what its legs are worth."""

    index: int
    household: Household
    first: int  # max(from, today) as a night number
    end: int  # the day after its last night

    def base(self, instance: Instance, offer: Offer, a: int, b: int) -> float:
        """Value of a leg over nights a..b-1 at ``offer``, before any move penalty."""
        policy = instance.policy
        h = self.household
        urgent = max(0, min(b, self.first + policy.urgent_nights) - max(a, self.first))
        weights = (b - a - urgent) + policy.urgent_weight * urgent
        value = h.people * (policy.vulnerable_weight if h.vulnerable else 1.0) * weights
        if h.languages & offer.languages:
            value += h.people * policy.language_bonus
        if h.district is not None and h.district == offer.district:
            value += h.people * policy.district_bonus
        return value


def _need(instance: Instance, index: int, household: Household) -> _Need:
    return _Need(index, household, max(0, _day(instance, household.start)), _day(instance, household.end))


def chain_score(
    instance: Instance, household: Household, legs: Sequence[Leg], offers: dict[str, Offer] | None = None
) -> float:
    """The FORMAT.md score of one household's chain of legs."""
    if offers is None:
        offers = {o.id: o for o in instance.offers}
    need = _need(instance, 0, household)
    total = 0.0
    for k, leg in enumerate(legs):
        total += need.base(instance, offers[leg.offer], _day(instance, leg.start), _day(instance, leg.end))
        if k > 0:
            total -= household.people * instance.policy.move_penalty
    return total


def result_score(instance: Instance, assignments: Iterable[Assignment]) -> float:
    households = {h.id: h for h in instance.households}
    offers = {o.id: o for o in instance.offers}
    return sum((chain_score(instance, households[a.household], a.legs, offers) for a in assignments), 0.0)


def _unassigned(instance: Instance, household: Household) -> Unassigned:
    reason = unassigned_reason(instance, household)
    detail = REASON_DETAIL[reason].format(city=household.city, people=household.people)
    return Unassigned(household.id, reason, detail)


def _reasons(instance: Instance, household: Household, legs: Sequence[Leg], offers: dict[str, Offer]) -> list[str]:
    first = max(household.start, instance.today)
    wanted = (household.end - first).days
    covered = sum((leg.end - leg.start).days for leg in legs)
    stays = "" if len(legs) == 1 else f" in {len(legs)} stays"
    reasons = [f"covers {covered} of {wanted} nights{stays}"]
    for leg in legs:
        offer = offers[leg.offer]
        shared = sorted(household.languages & offer.languages)
        if shared:
            reasons.append(f"host at {offer.id} speaks {', '.join(shared)}")
        if household.district is not None and household.district == offer.district:
            reasons.append(f"{offer.id} is in the preferred district {offer.district}")
    return reasons


def _result(
    instance: Instance, chains: dict[str, list[Leg]], score: float | None, upper_bound: float | None, stats: dict
) -> Result:
    """A Result with households in instance order; score recomputed from the legs."""
    offers = {o.id: o for o in instance.offers}
    assignments, unassigned = [], []
    for h in instance.households:
        legs = chains.get(h.id)
        if legs:
            assignments.append(Assignment(h.id, legs, _reasons(instance, h, legs, offers)))
        else:
            unassigned.append(_unassigned(instance, h))
    recomputed = result_score(instance, assignments)
    if score is not None and abs(score - recomputed) > 1e-6 * max(1.0, abs(recomputed)):
        raise AssertionError(f"solver objective {score} != recomputed score {recomputed}")
    bound = recomputed if upper_bound is None else max(upper_bound, recomputed)
    return Result(recomputed, bound, assignments, unassigned, stats)


# --- FCFS greedy -------------------------------------------------------------------------


class _CityCapacity:
    """The offers of one city as arrays, with beds and slots left per night (0 outside the window)."""

    def __init__(self, instance: Instance, offers: list[Offer], horizon: int) -> None:
        self.ids = [o.id for o in offers]
        self.position = {o.id: k for k, o in enumerate(offers)}
        self.start = np.array([max(0, _day(instance, o.start)) for o in offers], dtype=np.int64)
        self.max_nights = np.array([o.max_nights for o in offers], dtype=np.int64)
        self.beds = np.array([o.beds for o in offers], dtype=np.int64)
        self.pets_ok = np.array([o.pets_ok for o in offers], dtype=bool)
        self.children_ok = np.array([o.children_ok for o in offers], dtype=bool)
        self.accessible = np.array([o.accessible for o in offers], dtype=bool)
        self.not_women_only = np.array([not o.women_only for o in offers], dtype=bool)
        self.beds_left = np.zeros((len(offers), horizon + 1), dtype=np.int64)
        self.slots_left = np.zeros((len(offers), horizon + 1), dtype=np.int64)
        for k, o in enumerate(offers):
            a, b = max(0, _day(instance, o.start)), max(0, _day(instance, o.end))
            self.beds_left[k, a:b] = o.beds
            self.slots_left[k, a:b] = o.max_households


def fcfs_greedy(instance: Instance) -> Result:
    """First come, first served: households in list order, one stay each.

    For each household, every compatible offer is tried from the later of the
    household's first night (not before today) and the offer's first night; the stay
    runs night by night while the offer has a bed and a household slot left, within
    the offer's window, its max_nights and the household's nights. The offer with the
    longest such stay wins (the first in offer order on a tie). No chains, no look-ahead.
    The upper bound is the score itself: a greedy proves nothing.
    """
    started = time.perf_counter()
    ends = [_day(instance, x.end) for x in instance.households] + [_day(instance, x.end) for x in instance.offers]
    horizon = max([*ends, 1])
    by_city: dict[str, list[Offer]] = defaultdict(list)
    for o in instance.offers:
        by_city[o.city].append(o)
    cities = {city: _CityCapacity(instance, offers, horizon) for city, offers in by_city.items()}
    excluded: dict[str, list[str]] = defaultdict(list)
    for h_id, o_id in instance.exclusions:
        excluded[h_id].append(o_id)

    chains: dict[str, list[Leg]] = {}
    for h in instance.households:
        c = cities.get(h.city)
        first, end = max(0, _day(instance, h.start)), _day(instance, h.end)
        if c is None or end <= first:
            continue
        mask = c.beds >= h.people
        if h.pets:
            mask &= c.pets_ok
        if h.children:
            mask &= c.children_ok
        if h.accessible:
            mask &= c.accessible
        if not h.women_only:
            mask &= c.not_women_only
        for o_id in excluded.get(h.id, ()):
            if o_id in c.position:
                mask[c.position[o_id]] = False
        cand = np.flatnonzero(mask)
        if cand.size == 0:
            continue
        width = end - first
        a = np.maximum(c.start[cand] - first, 0)  # stay start, relative to ``first``
        free = (c.beds_left[cand, first:end] >= h.people) & (c.slots_left[cand, first:end] >= 1)
        free |= np.arange(width)[None, :] < a[:, None]  # nights before the stay don't stop it
        free = np.concatenate([free, np.zeros((cand.size, 1), dtype=bool)], axis=1)
        stop = np.minimum(np.argmin(free, axis=1), a + c.max_nights[cand])
        length = np.maximum(stop - a, 0)
        best = int(np.argmax(length))  # the first of the longest, in offer order
        if length[best] <= 0:
            continue
        k = int(cand[best])
        s, t = first + int(a[best]), first + int(stop[best])
        c.beds_left[k, s:t] -= h.people
        c.slots_left[k, s:t] -= 1
        chains[h.id] = [Leg(c.ids[k], _date(instance, s), _date(instance, t))]
    return _result(instance, chains, None, None, {"solver": "fcfs-greedy", "seconds": time.perf_counter() - started})
