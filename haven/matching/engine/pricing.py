"""The best stay plan of one household under given prices of beds on each night.

A plan is a chain of 1..max_legs consecutive legs at distinct offers. Its value is the
FORMAT.md score; under prices it is reduced by what the beds it takes cost. This is
the pricing step of column generation, and also what a plan is worth with no prices.

The dynamic program runs over leg boundaries: ``f[j][k, t]`` is the best value of a
chain of ``j`` legs ending at boundary ``t`` with its last leg at offer ``k``. Keeping
the best and second-best predecessor per boundary enforces that consecutive legs
differ; a chain that reuses an offer further back (A, B, A) is refused afterwards,
and its value still serves as an upper bound for the Lagrangian bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from haven.matching.engine.model import Policy
from haven.matching.engine.prepare import HouseholdData, Prepared

NEG = -1e18


@dataclass(frozen=True)
class Plan:
    household: int  # index in Prepared.households
    legs: tuple[tuple[int, int, int], ...]  # (offer index, first night, end night), nights absolute
    value: float  # FORMAT.md score of the plan (no prices)


Prices = tuple[np.ndarray, np.ndarray]  # (bed price, household-slot price), each (offers, horizon)


# Leg tables up to this many entries (8 bytes each) are kept between pricing rounds.
_CACHE_LIMIT = 60_000


def _static(p: Prepared, hd: HouseholdData) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per compatible offer, relative to the household's window: first and end boundary
    it allows, longest leg, and a group number shared by offers that are identical for
    this household (same allowed window, longest leg and bonus)."""
    if hd.static is not None:
        return hd.static
    length = hd.end - hd.start
    lo = np.clip(p.offer_start[hd.offers] - hd.start, 0, length)
    hi = np.clip(p.offer_end[hd.offers] - hd.start, 0, length)
    cap = np.minimum(p.max_nights[hd.offers], length)
    signature = np.stack([lo, hi, cap, np.round(hd.bonus.astype(np.float64) * 1e6)], axis=1)
    _, group = np.unique(signature, axis=0, return_inverse=True)
    # Small types: kept for every household between pricing rounds (10 bytes an offer, not 32).
    hd.static = (lo.astype(np.int16), hi.astype(np.int16), cap.astype(np.int16), group.ravel().astype(np.int32))
    return hd.static


def _rows(p: Prepared, hd: HouseholdData, sel: np.ndarray) -> np.ndarray:
    """Plain leg values (no prices) of the selected offers; impossible legs hold NEG."""
    if hd.legs is not None:
        return hd.legs[sel]
    lo, hi, cap, _ = _static(p, hd)
    prefix = np.concatenate([[0.0], np.cumsum(hd.night_value)])
    t = np.arange(hd.end - hd.start + 1)
    t0, t1 = t[:, None], t[None, :]
    valid = (
        (t1 > t0)[None]
        & (t0[None] >= lo[sel][:, None, None])
        & (t1[None] <= hi[sel][:, None, None])
        & ((t1 - t0)[None] <= cap[sel][:, None, None])
    )
    rows = np.where(valid, hd.bonus[sel][:, None, None] + (prefix[None, :] - prefix[:, None])[None], NEG)
    if len(sel) == len(hd.offers) and rows.size <= _CACHE_LIMIT:
        hd.legs = rows
    return rows


def _representatives(group: np.ndarray, among: np.ndarray, per_group: int) -> np.ndarray:
    """Up to ``per_group`` members of each group, taken from ``among`` (indices)."""
    if len(among) == 0:
        return among
    order = among[np.argsort(group[among], kind="stable")]
    groups = group[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < per_group]


def leg_table(p: Prepared, hd: HouseholdData, prices: Prices | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value of every leg (offer k, from boundary t0 to t1) under prices, its plain value,
    and which of the household's offers the rows stand for.

    Offers without a price on any of the household's nights and identical for it are
    interchangeable, so only ``max_legs`` of each kind are kept (a chain may need that
    many distinct ones); every priced offer is kept. This is exact, and it is what
    makes a city of thousands of mostly free offers affordable.
    Boundaries are relative to the household's first night: t in 0..L.
    """
    _, _, _, group = _static(p, hd)
    every = np.arange(len(hd.offers))
    per_group = max(1, p.instance.policy.max_legs)
    if prices is None:
        sel = np.sort(_representatives(group, every, per_group))
        plain = _rows(p, hd, sel)
        return plain, plain, sel
    s, e = hd.start, hd.end
    bed, slot = prices
    cost = hd.people * bed[hd.offers, s:e] + slot[hd.offers, s:e]  # (K, L)
    priced = cost.any(axis=1)
    sel = np.sort(np.concatenate([every[priced], _representatives(group, every[~priced], per_group)]))
    plain = _rows(p, hd, sel)
    if not priced.any():
        return plain, plain, sel
    prefix = np.concatenate([np.zeros((len(sel), 1)), np.cumsum(cost[sel], axis=1)], axis=1)
    return plain - (prefix[:, None, :] - prefix[:, :, None]), plain, sel


def good_plans(p: Prepared, hd: HouseholdData, prices: Prices | None = None) -> tuple[list[tuple[Plan, float]], float]:
    """The best plan of each length (one leg, two legs, ...) with its priced value, best
    first, and an upper bound on any plan's priced value. Offering the master the best
    chain of every length, not only the best overall, gives the final MILP room to trade.

    ``prices`` are the duals of the capacity rows: a household of ``people`` pays
    ``people * bed[o, n] + slot[o, n]`` to stay at offer o on night n. None: no prices.
    """
    if hd.reason is not None or len(hd.offers) == 0:
        return [], 0.0
    policy: Policy = p.instance.policy
    value, plain, sel = leg_table(p, hd, prices)
    k, size, _ = value.shape
    candidates: list[tuple[float, tuple[tuple[int, int, int], ...]]] = []

    # One leg, any length.
    flat = int(np.argmax(value))
    kk, t0, t1 = np.unravel_index(flat, value.shape)
    if value[kk, t0, t1] > NEG / 2:
        candidates.append((float(value[kk, t0, t1]), ((int(kk), int(t0), int(t1)),)))
    bound = candidates[0][0] if candidates else NEG

    if policy.max_legs >= 2:
        short = np.arange(size)[None, :] - np.arange(size)[:, None] < policy.min_leg_nights
        vm = np.where(short[None], NEG, value)
        move = hd.people * policy.move_penalty
        f = vm.max(axis=1)  # (K, size): best first leg ending at t1
        back: list[tuple[np.ndarray, np.ndarray]] = []  # per extra leg: (start boundary, previous offer)
        for _legs in range(2, policy.max_legs + 1):
            order = np.argsort(-f, axis=0)
            first, second = order[0], order[1] if k > 1 else order[0]
            best_val = f[first, np.arange(size)]
            second_val = f[second, np.arange(size)] if k > 1 else np.full(size, NEG)
            is_first = np.arange(k)[:, None] == first[None, :]
            prev_val = np.where(is_first, second_val[None, :], best_val[None, :])  # (K, size) over start t
            prev_off = np.where(is_first, second[None, :], first[None, :])
            total = prev_val[:, :, None] + vm  # (K, t, t1)
            arg_t = total.argmax(axis=1)  # (K, size)
            f = np.take_along_axis(total, arg_t[:, None, :], axis=1)[:, 0, :] - move
            f = np.where(f > NEG / 2, f, NEG)
            back.append((arg_t, np.take_along_axis(prev_off, arg_t, axis=1)))
            flat = int(np.argmax(f))
            kk, tt = np.unravel_index(flat, f.shape)
            if f[kk, tt] <= NEG / 2:
                continue
            bound = max(bound, float(f[kk, tt]))
            legs = []
            cur_k, cur_t = int(kk), int(tt)
            for arg_t_j, prev_j in reversed(back):
                start = int(arg_t_j[cur_k, cur_t])
                legs.append((cur_k, start, cur_t))
                cur_k, cur_t = int(prev_j[cur_k, cur_t]), start
            start_first = int(vm[cur_k, :, cur_t].argmax())
            legs.append((cur_k, start_first, cur_t))
            legs.reverse()
            if len({leg[0] for leg in legs}) == len(legs):
                candidates.append((float(f[kk, tt]), tuple(legs)))

    offers = hd.offers[sel]

    def as_plan(legs_rel: tuple[tuple[int, int, int], ...]) -> Plan:
        legs_abs = tuple((int(offers[kk]), hd.start + a, hd.start + b) for kk, a, b in legs_rel)
        moves = hd.people * policy.move_penalty * (len(legs_rel) - 1)
        return Plan(hd.index, legs_abs, sum(float(plain[kk, a, b]) for kk, a, b in legs_rel) - moves)

    candidates.sort(key=lambda c: -c[0])
    plans = [(as_plan(legs), priced) for priced, legs in candidates]
    return plans, max(bound, plans[0][1]) if plans else max(bound, 0.0)


def best_plan(p: Prepared, hd: HouseholdData, prices: Prices | None = None) -> tuple[Plan | None, float, float]:
    """The best feasible plan, its priced value, and an upper bound on any plan's priced value."""
    plans, bound = good_plans(p, hd, prices)
    if not plans:
        return None, 0.0, bound
    return plans[0][0], plans[0][1], bound


def plan_value(p: Prepared, hd: HouseholdData, legs: tuple[tuple[int, int, int], ...]) -> float | None:
    """FORMAT.md value of the given legs (offer index, first night, end night) for the
    household, or None when they break a hard rule other than capacity."""
    policy: Policy = p.instance.policy
    if not legs or len(legs) > policy.max_legs or len({o for o, _, _ in legs}) < len(legs):
        return None
    prefix = np.concatenate([[0.0], np.cumsum(hd.night_value)])
    total, previous_end = 0.0, legs[0][1]
    for offer, first, end in legs:
        k = int(np.searchsorted(hd.offers, offer))
        a, b = first - hd.start, end - hd.start
        if k >= len(hd.offers) or hd.offers[k] != offer or first != previous_end or not 0 <= a < b <= len(prefix) - 1:
            return None
        inside = p.offer_start[offer] <= first and end <= p.offer_end[offer] and end - first <= p.max_nights[offer]
        if not inside or (len(legs) > 1 and b - a < policy.min_leg_nights):
            return None
        total += float(hd.bonus[k] + prefix[b] - prefix[a])
        previous_end = end
    return total - hd.people * policy.move_penalty * (len(legs) - 1)
