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


def _base(p: Prepared, hd: HouseholdData) -> np.ndarray:
    """Plain leg values (no prices) with NEG for impossible legs; the same every round, so kept."""
    if hd.legs is not None:
        return hd.legs
    s, e = hd.start, hd.end
    offers = hd.offers
    prefix = np.concatenate([[0.0], np.cumsum(hd.night_value)])
    t = np.arange(e - s + 1)
    t0, t1 = t[:, None], t[None, :]
    lo = (p.offer_start[offers] - s)[:, None, None]
    hi = (p.offer_end[offers] - s)[:, None, None]
    cap = p.max_nights[offers][:, None, None]
    valid = (t1 > t0)[None] & (t0[None] >= lo) & (t1[None] <= hi) & ((t1 - t0)[None] <= cap)
    base = np.where(valid, hd.bonus[:, None, None] + (prefix[None, :] - prefix[:, None])[None], NEG)
    if base.size <= _CACHE_LIMIT:  # big cities: recompute rather than hold gigabytes
        hd.legs = base
    return base


def leg_table(p: Prepared, hd: HouseholdData, prices: Prices | None) -> tuple[np.ndarray, np.ndarray]:
    """Value of every leg (offer k, from boundary t0 to t1) under prices, and its plain value.

    Boundaries are relative to the household's first night: t in 0..L.
    Returns two arrays of shape (K, L+1, L+1); impossible legs hold NEG.
    """
    plain = _base(p, hd)
    if prices is None:
        return plain, plain
    s, e = hd.start, hd.end
    bed, slot = prices
    cost = hd.people * bed[hd.offers, s:e] + slot[hd.offers, s:e]  # (K, L)
    if not cost.any():
        return plain, plain
    prefix = np.concatenate([np.zeros((len(hd.offers), 1)), np.cumsum(cost, axis=1)], axis=1)
    return plain - (prefix[:, None, :] - prefix[:, :, None]), plain


def best_plan(p: Prepared, hd: HouseholdData, prices: Prices | None = None) -> tuple[Plan | None, float, float]:
    """The best feasible plan, its priced value, and an upper bound on any plan's priced value.

    ``prices`` are the duals of the capacity rows: a household of ``people`` pays
    ``people * bed[o, n] + slot[o, n]`` to stay at offer o on night n. None: no prices.
    """
    if hd.reason is not None or len(hd.offers) == 0:
        return None, 0.0, 0.0
    policy: Policy = p.instance.policy
    value, plain = leg_table(p, hd, prices)
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

    if not candidates:
        return None, 0.0, max(bound, 0.0)
    priced, legs_rel = max(candidates, key=lambda c: c[0])
    offers = hd.offers
    legs_abs = tuple((int(offers[kk]), hd.start + a, hd.start + b) for kk, a, b in legs_rel)
    plain_value = sum(float(plain[kk, a, b]) for kk, a, b in legs_rel) - hd.people * policy.move_penalty * (
        len(legs_rel) - 1
    )
    return Plan(household=hd.index, legs=legs_abs, value=plain_value), priced, max(bound, priced)
