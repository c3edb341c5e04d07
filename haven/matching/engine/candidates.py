"""The best plans of one household on its own, for a coordinator matching by hand.

No one else competes here: these are the places and chains that would serve this group
best with the beds free now (the instance already counts the beds others hold). The
best stay at each of its best offers, and the best chain of each length, best first.
"""

from __future__ import annotations

import numpy as np

from haven.matching.engine.model import Instance
from haven.matching.engine.prepare import prepare
from haven.matching.engine.pricing import NEG, Plan, _rows, good_plans


def candidate_plans(instance: Instance, household_id: str, *, limit: int = 5) -> list[Plan]:
    """Up to ``limit`` distinct plans for the household, best first; [] when nothing fits it."""
    p = prepare(instance)
    hd = next((h for h in p.households if h.household.id == household_id), None)
    if hd is None or hd.reason is not None or len(hd.offers) == 0:
        return []
    plans = [plan for plan, _ in good_plans(p, hd)[0]]
    rows = _rows(p, hd, np.arange(len(hd.offers)))  # plain value of every leg at every offer
    flat = rows.reshape(len(hd.offers), -1)
    best = flat.max(axis=1)
    for k in np.argsort(-best, kind="stable")[: limit * 2]:
        if best[k] <= NEG / 2:
            break
        t0, t1 = np.unravel_index(int(flat[k].argmax()), rows.shape[1:])
        legs = ((int(hd.offers[k]), hd.start + int(t0), hd.start + int(t1)),)
        plans.append(Plan(hd.index, legs, float(best[k])))
    seen: set[tuple[tuple[int, int, int], ...]] = set()
    unique = []
    for plan in sorted(plans, key=lambda pl: -pl.value):
        if plan.legs not in seen:
            seen.add(plan.legs)
            unique.append(plan)
    return unique[:limit]


def best_plan_each(instance: Instance) -> dict[str, Plan]:
    """Every household's best plan on its own (households nothing fits are left out)."""
    p = prepare(instance)
    best: dict[str, Plan] = {}
    for hd in p.households:
        if hd.reason is None and len(hd.offers):
            plans, _ = good_plans(p, hd)
            if plans:
                best[hd.household.id] = max((plan for plan, _ in plans), key=lambda pl: pl.value)
    return best
