"""A re-run for a city that changed a little: local re-optimisation, not a new solve.

Given the state a previous run left (state.py) and the city as it is now:

1. Every plan of the previous answer whose household, offers and exclusions did not
   change is kept (and checked again: rules, dates, capacity).
2. The households that are new or changed, that lost their plan, or that had none and
   can use a new offer are *free*; so are a few placed households that compete with
   them for the same beds (the *neighbourhood*). The free ones take plans first come
   first served around the kept ones, then price new plans around them and the MILP
   over those plans chooses (solve.reoptimise), everyone else staying put.
3. The bound is the previous run's Lagrangian certificate, carried over: the same
   prices (zero on new or changed offers), every unchanged household's term reused,
   and only the households that a change touches priced again. For any non-negative
   prices that sum bounds the best score, so the bound stays proven; it is looser
   than a full run's, and a full run tightens it again.

``solve_warm`` returns None when the state cannot serve (another day, another policy,
another format): then run ``solve``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

import numpy as np

from haven.matching.engine.master import Master
from haven.matching.engine.model import Instance, Result
from haven.matching.engine.prepare import HouseholdData, Prepared, prepare
from haven.matching.engine.pricing import Plan, Prices, good_plans, plan_value
from haven.matching.engine.solve import _result, greedy_select, reoptimise, sequential_plans
from haven.matching.engine.state import STATE_FORMAT, Certificate, export_state, fingerprint

# Placed households freed beside the changed ones, at most.
NEIGHBOURHOOD = 40


def usable(state: dict[str, Any] | None, instance: Instance) -> bool:
    """Whether a previous run's state can seed a run of this instance."""
    return (
        isinstance(state, dict)
        and state.get("format") == STATE_FORMAT
        and state.get("today") == instance.today.isoformat()
        and state.get("policy") == dataclasses.asdict(instance.policy)
    )


def _carried_prices(p: Prepared, state: dict[str, Any], unchanged: np.ndarray) -> tuple[Prices, float]:
    """The previous prices on offers that did not change, and sum(capacity * price)."""
    horizon = max(p.horizon, 1)
    bed, slot = np.zeros((len(p.offers), horizon)), np.zeros((len(p.offers), horizon))
    index = {o.id: j for j, o in enumerate(p.offers)}
    constant = 0.0
    for offer_id, night, bed_price, slot_price in state["prices"]:
        j = index.get(offer_id)
        n = (dt.date.fromisoformat(night) - p.instance.today).days
        # Nights past every household's last are no one's: their price can go.
        if j is None or not unchanged[j] or not 0 <= n < horizon:
            continue
        bed[j, n], slot[j, n] = bed_price, slot_price
        constant += float(p.beds[j]) * bed_price + float(p.max_households[j]) * slot_price
    return (bed, slot), constant


def _kept_plans(p: Prepared, state: dict[str, Any], same: dict[str, bool], unchanged: np.ndarray) -> list[Plan]:
    by_id = {hd.household.id: hd for hd in p.households}
    index = {o.id: j for j, o in enumerate(p.offers)}
    today = p.instance.today
    plans = []
    for household_id, legs in state["plans"].items():
        hd = by_id.get(household_id)
        if hd is None or hd.reason is not None or not same.get(household_id):
            continue
        found = [index.get(offer_id) for offer_id, _, _ in legs]
        offers = [j for j in found if j is not None and unchanged[j]]
        if len(offers) < len(found):
            continue
        mapped = tuple(
            (int(j), (dt.date.fromisoformat(a) - today).days, (dt.date.fromisoformat(b) - today).days)
            for j, (_, a, b) in zip(offers, legs, strict=True)
        )
        value = plan_value(p, hd, mapped)  # None when an exclusion or a window now forbids it
        if value is not None:
            plans.append(Plan(hd.index, mapped, value))
    # Capacities did not change on these offers, but check: never answer a bed twice.
    return greedy_select(p, plans, np.arange(len(plans)))


def _neighbours(p: Prepared, free: set[int], kept: list[Plan], prices: Prices, limit: int) -> set[int]:
    """Placed households whose plans use the beds the free ones would want most."""
    wanted: dict[int, list[tuple[int, int]]] = {}
    for i in free:
        for with_prices in (None, prices):
            plans, _ = good_plans(p, p.households[i], with_prices)
            for plan, _ in plans:
                for offer, a, b in plan.legs:
                    wanted.setdefault(offer, []).append((a, b))
    near: list[tuple[int, int]] = []
    for plan in kept:
        overlap = sum(max(0, min(b, wb) - max(a, wa)) for offer, a, b in plan.legs for wa, wb in wanted.get(offer, ()))
        if overlap and plan.household not in free:
            near.append((-overlap, plan.household))
    near.sort()
    return {household for _, household in near[:limit]}


def solve_warm(instance: Instance, state: dict[str, Any] | None, *, time_limit: float = 1.0) -> Result | None:
    """A new answer for ``instance`` re-optimised around the previous one; None when
    ``state`` cannot seed it."""
    if not usable(state, instance):
        return None
    assert state is not None
    started = time.perf_counter()
    p = prepare(instance)
    active = [hd for hd in p.households if hd.reason is None]
    old_households, old_offers = state["households"], state["offers"]
    same = {h.id: old_households.get(h.id) == fingerprint(h) for h in instance.households}
    unchanged = np.array([old_offers.get(o.id) == fingerprint(o) for o in p.offers], dtype=bool)
    prices, bound = _carried_prices(p, state, unchanged)

    # The bound: reuse each term the change does not touch, price the others again.
    old_exclusions: dict[str, set[str]] = {}
    for household_id, offer_id in state["exclusions"]:
        old_exclusions.setdefault(household_id, set()).add(offer_id)
    terms: dict[int, float] = {}
    repriced: list[HouseholdData] = []
    for hd in active:
        hid = hd.household.id
        still = all((hid, o) in instance.exclusions for o in old_exclusions.get(hid, ()))
        if same[hid] and hid in state["terms"] and still and unchanged[hd.offers].all():
            terms[hd.index] = float(state["terms"][hid])
        else:
            terms[hd.index] = max(0.0, good_plans(p, hd, prices)[1])
            repriced.append(hd)
        bound += terms[hd.index]

    # The answer: keep what still holds, free what changed and its neighbours.
    kept = _kept_plans(p, state, same, unchanged)
    placed = {plan.household for plan in kept}
    fresh = set(np.flatnonzero(~unchanged).tolist())
    free = {
        hd.index
        for hd in active
        if hd.index not in placed
        and (
            not same[hd.household.id]
            or hd.household.id in state["plans"]  # it lost its plan
            or not fresh.isdisjoint(hd.offers.tolist())  # a new offer may fit it
        )
    }
    neighbours = _neighbours(p, free, kept, prices, NEIGHBOURHOOD)
    first_served = sequential_plans(p, [p.households[i] for i in sorted(free)], taken=kept)
    best = kept + first_served
    master = Master(p)
    master.add_plans(best)
    deadline = started + time_limit
    if free:
        best = reoptimise(p, master, best, free | neighbours, limit=max(0.05, deadline - time.perf_counter()))

    score = float(sum(plan.value for plan in best))
    bound = max(bound, score)
    result = _result(p, best, score, bound, started, 0, len(master.plans), False, False)
    result.stats["solver"] = "local re-optimisation from the previous run (HiGHS MILP over the freed households)"
    result.stats["warm"] = {
        "kept": len(kept),
        "freed": len(free),
        "neighbours": len(neighbours),
        "repriced": len(repriced),
    }
    result.state = export_state(p, best, Certificate(prices, terms))
    return result
