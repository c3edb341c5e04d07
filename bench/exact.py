"""The exact reference for the benchmark: the proven optimum of a small instance with
HiGHS, built from FORMAT.md alone (no engine code).

``"arcs"`` (the default) is a leg-flow model. Per household, one binary per possible
leg (offer, first night, end day) in one of three roles: a *first* leg, a
*continuation* leg (pays the move penalty, starts where another leg of the same
household ends) or a *solo* leg (the only leg, the one allowed to be shorter than
``min_leg_nights``). Flow rows make the chosen legs one consecutive chain from a
single first leg; side rows keep offers distinct and the chain at most ``max_legs``
long; capacity rows per offer and night hold beds and households. Every integer point
is exactly one valid plan per household, so the MILP optimum is the optimum. Its size
grows with the legs (offers x nights x max_nights), not with the chains, which is
what makes 21-night windows with three legs tractable.

``"plans"`` is the textbook set packing over every stay plan of every household,
enumerated in full. Its LP is tighter, but three-leg chains over a 21-night window
number in the millions per household, so it is kept for small instances and as a
cross-check of the arc model in the tests.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import highspy
import numpy as np

from bench.baselines import _date, _day, _Need, _need, _result, compatible
from haven.matching.engine.model import Instance, Leg, Result

# --- exact MILP --------------------------------------------------------------------------

SOLO, FIRST, CONT = 0, 1, 2


class _Columns:
    """A 0-1 maximisation ``max c x, A x <= u`` assembled column by column (CSC)."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.start: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.row_upper: list[float] = []

    def row(self, upper: float) -> int:
        self.row_upper.append(upper)
        return len(self.row_upper) - 1

    def column(self, cost: float, rows: Sequence[int], values: Sequence[float]) -> int:
        self.cost.append(cost)
        self.index.extend(rows)
        self.value.extend(values)
        self.start.append(len(self.index))
        return len(self.cost) - 1

    def solve(
        self, time_limit: float, options: dict[str, Any] | None = None
    ) -> tuple[str, np.ndarray | None, float, float, dict]:
        """(status, 0-1 values or None, objective, dual bound, info) from HiGHS."""
        n, m = len(self.cost), len(self.row_upper)
        info: dict = {"columns": n, "rows": m, "nonzeros": len(self.index)}
        if n == 0:
            return "optimal", np.zeros(0), 0.0, 0.0, info
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = np.asarray(self.cost, dtype=np.float64)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.ones(n)
        lp.row_lower_ = np.full(m, -highspy.kHighsInf)
        lp.row_upper_ = np.asarray(self.row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = np.asarray(self.start, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(self.index, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(self.value, dtype=np.float64)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.setOptionValue("time_limit", max(0.1, float(time_limit)))
        for key, value in (options or {}).items():
            h.setOptionValue(key, value)
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        hinfo = h.getInfo()
        info["nodes"] = int(hinfo.mip_node_count)
        info["mip_gap"] = float(hinfo.mip_gap)
        if status == highspy.HighsModelStatus.kOptimal:
            tag = "optimal"
        elif status == highspy.HighsModelStatus.kTimeLimit:
            tag = "time_limit"
        else:
            tag = h.modelStatusToString(status)
        if hinfo.primal_solution_status != 2:  # no feasible point
            return tag, None, 0.0, float(hinfo.mip_dual_bound), info
        x = np.asarray(h.getSolution().col_value) > 0.5
        return tag, x, float(hinfo.objective_function_value), float(hinfo.mip_dual_bound), info


def _capacity_rows(instance: Instance, needs: list[_Need], offer_windows) -> tuple[dict, dict]:
    """Rows per (offer, night) that some household could actually overfill."""
    people: dict[tuple[int, int], int] = defaultdict(int)
    count: dict[tuple[int, int], int] = defaultdict(int)
    for need in needs:
        for oi, lo, hi in offer_windows[need.index]:
            for t in range(lo, hi):
                people[oi, t] += need.household.people
                count[oi, t] += 1
    return (
        {k: v for k, v in people.items() if v > instance.offers[k[0]].beds},
        {k: v for k, v in count.items() if v > instance.offers[k[0]].max_households},
    )


def _windows(instance: Instance, needs: list[_Need]) -> dict[int, list[tuple[int, int, int]]]:
    """Per household: (offer index, first night, end day) of every compatible offer it overlaps."""
    by_city: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(instance.offers):
        by_city[o.city].append(i)
    windows = {}
    for need in needs:
        found = []
        for oi in by_city.get(need.household.city, ()):
            o = instance.offers[oi]
            if not compatible(instance, need.household, o):
                continue
            lo, hi = max(need.first, _day(instance, o.start)), min(need.end, _day(instance, o.end))
            if lo < hi:
                found.append((oi, lo, hi))
        windows[need.index] = found
    return windows


def _legs(instance: Instance, oi: int, lo: int, hi: int) -> Iterable[tuple[int, int]]:
    max_nights = instance.offers[oi].max_nights
    for a in range(lo, hi):
        for b in range(a + 1, min(hi, a + max_nights) + 1):
            yield a, b


def count_arcs(instance: Instance) -> int:
    """How many leg variables the arc model would have (about; continuations doubled)."""
    needs = [_need(instance, i, h) for i, h in enumerate(instance.households)]
    total = 0
    for need in needs:
        for oi, lo, hi in _windows(instance, [need])[need.index]:
            mn = instance.offers[oi].max_nights
            w = hi - lo
            k = min(mn, w)
            total += k * w - k * (k - 1) // 2
    return total * (2 if instance.policy.max_legs > 1 else 1)


def exact_milp(
    instance: Instance,
    time_limit: float = 60.0,
    *,
    formulation: str = "arcs",
    max_columns: int = 2_000_000,
    highs_options: dict[str, Any] | None = None,
) -> Result | None:
    """The proven optimum of ``instance`` (score == upper_bound), or None when too big.

    Returns None when the model would exceed ``max_columns`` binaries. If HiGHS runs
    out of time, returns its best solution with its dual bound as ``upper_bound`` and
    ``stats["proven_optimal"]`` false.
    """
    started = time.perf_counter()
    if formulation not in ("arcs", "plans"):
        raise ValueError(f"unknown formulation {formulation!r}")
    needs = [n for n in (_need(instance, i, h) for i, h in enumerate(instance.households)) if n.first < n.end]
    windows = _windows(instance, needs)
    if formulation == "arcs" and count_arcs(instance) > max_columns:
        return None
    people_rows, count_rows = _capacity_rows(instance, needs, windows)
    model = _Columns()
    cap_rows: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for key in sorted(people_rows):
        cap_rows[key].append((model.row(instance.offers[key[0]].beds), 1.0))  # coefficient: people
    for key in sorted(count_rows):
        cap_rows[key].append((model.row(instance.offers[key[0]].max_households), 0.0))  # coefficient: 1

    def capacity(oi: int, a: int, b: int, people: int) -> tuple[list[int], list[float]]:
        rows, values = [], []
        for t in range(a, b):
            for r, is_people in cap_rows.get((oi, t), ()):
                rows.append(r)
                values.append(float(people) if is_people else 1.0)
        return rows, values

    if formulation == "arcs":
        meaning = _build_arcs(instance, needs, windows, model, capacity)
    else:
        plans = _build_plans(instance, needs, windows, model, capacity, max_columns)
        if plans is None:
            return None
        meaning = plans
    built = time.perf_counter()
    # Presolve gains nothing on these 0-1 models and costs: on the arc model of 40
    # households it took half the time (the LP is already tight); on the wide plan model
    # it stalls for minutes.
    options = {"presolve": "off"} | (highs_options or {})
    status, x, objective, dual_bound, info = model.solve(time_limit - (built - started), options)
    chains: dict[str, list[Leg]] = {}
    if x is not None:
        chains = _decode(instance, meaning, x, formulation)
    proven = status == "optimal"
    stats = {
        "solver": "exact-milp",
        "formulation": formulation,
        "status": status,
        "proven_optimal": proven,
        "seconds": time.perf_counter() - started,
        "build_seconds": built - started,
        **info,
    }
    if formulation == "plans":
        stats["plans"] = info["columns"]
    result = _result(instance, chains, objective if x is not None else None, None if proven else dual_bound, stats)
    if proven:
        result.upper_bound = result.score
    return result


def _chain_column(
    entry: int, cap_rows: list[int], cap_values: list[float], extra: tuple[tuple[int | None, float], ...]
) -> tuple[list[int], list[float]]:
    """A leg's rows in a chain: it enters at ``entry``, uses its capacity, and meets the
    optional rows ``extra`` (leaving its end node, counting towards max_legs and towards
    the offer's distinctness) with their coefficients."""
    rows, vals = [entry, *cap_rows], [1.0, *cap_values]
    for row, coefficient in extra:
        if row is not None:
            rows.append(row)
            vals.append(coefficient)
    return rows, vals


def _build_arcs(instance: Instance, needs, windows, model: _Columns, capacity) -> list[tuple]:
    """The leg-flow model; returns, per column, (household, role, offer, a, b)."""
    policy = instance.policy
    chains = policy.max_legs >= 2
    meaning: list[tuple] = []
    for need in needs:
        h = need.household
        offers_here = windows[need.index]
        if not offers_here:
            continue
        source = model.row(1.0)  # at most one first (or solo) leg
        # Continuations can start at d only if a leg of >= min_leg_nights ends there.
        cont_start = need.first + policy.min_leg_nights
        node_rows: dict[int, int] = {}
        if chains:
            for d in range(cont_start, need.end):
                node_rows[d] = model.row(0.0)  # legs leaving d <= legs arriving at d
        span = need.end - need.first
        legs_row = (
            model.row(float(policy.max_legs))
            if chains and span >= (policy.max_legs + 1) * policy.min_leg_nights
            else None
        )
        for oi, lo, hi in offers_here:
            offer = instance.offers[oi]
            distinct = model.row(1.0) if chains and hi - max(lo, cont_start) >= policy.min_leg_nights else None
            for a, b in _legs(instance, oi, lo, hi):
                value = need.base(instance, offer, a, b)
                cap_r, cap_v = capacity(oi, a, b, h.people)
                long_enough = b - a >= policy.min_leg_nights
                if not chains or not long_enough:
                    rows = [source, *cap_r]
                    vals = [1.0, *cap_v]
                    model.column(value, rows, vals)
                    meaning.append((need.index, SOLO, oi, a, b))
                    continue

                extra = ((node_rows.get(b), -1.0), (legs_row, 1.0), (distinct, 1.0))
                model.column(value, *_chain_column(source, cap_r, cap_v, extra))
                meaning.append((need.index, FIRST, oi, a, b))
                if a in node_rows:
                    model.column(
                        value - h.people * policy.move_penalty, *_chain_column(node_rows[a], cap_r, cap_v, extra)
                    )
                    meaning.append((need.index, CONT, oi, a, b))
    return meaning


def _plans_of(
    instance: Instance, need: _Need, offers_here, limit: int
) -> list[tuple[tuple[int, int, int], ...]] | None:
    """Every stay plan of one household as tuples of (offer, a, b) legs; None past ``limit``."""
    policy = instance.policy
    plans: list[tuple[tuple[int, int, int], ...]] = []
    legs_from: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for oi, lo, hi in offers_here:
        for a, b in _legs(instance, oi, lo, hi):
            legs_from[a].append((oi, a, b))

    def extend(chain: tuple[tuple[int, int, int], ...]) -> bool:
        plans.append(chain)
        if len(plans) > limit:
            return False
        if len(chain) >= policy.max_legs or chain[-1][2] - chain[-1][1] < policy.min_leg_nights:
            return True
        used = {leg[0] for leg in chain}
        for leg in legs_from.get(chain[-1][2], ()):
            if leg[0] not in used and leg[2] - leg[1] >= policy.min_leg_nights and not extend((*chain, leg)):
                return False
        return True

    for a in sorted(legs_from):
        for leg in legs_from[a]:
            if not extend((leg,)):
                return None
    return plans


def _build_plans(instance: Instance, needs, windows, model: _Columns, capacity, limit: int) -> list[tuple] | None:
    """The set packing over all plans; returns, per column, (household, legs)."""
    policy = instance.policy
    meaning: list[tuple] = []
    for need in needs:
        if not windows[need.index]:
            continue
        plans = _plans_of(instance, need, windows[need.index], limit - len(meaning))
        if plans is None:
            return None
        row = model.row(1.0)
        h = need.household
        for plan in plans:
            value = 0.0
            rows, vals = [row], [1.0]
            for k, (oi, a, b) in enumerate(plan):
                value += need.base(instance, instance.offers[oi], a, b) - (h.people * policy.move_penalty if k else 0.0)
                cap_r, cap_v = capacity(oi, a, b, h.people)
                rows += cap_r
                vals += cap_v
            model.column(value, rows, vals)
            meaning.append((need.index, plan))
    return meaning


def _decode(instance: Instance, meaning: list[tuple], x: np.ndarray, formulation: str) -> dict[str, list[Leg]]:
    """The chosen columns as chains of legs per household id."""
    chosen = np.flatnonzero(x)
    chains: dict[str, list[Leg]] = {}
    if formulation == "plans":
        for j in chosen:
            hi, plan = meaning[j]
            h = instance.households[hi]
            chains[h.id] = [Leg(instance.offers[oi].id, _date(instance, a), _date(instance, b)) for oi, a, b in plan]
        return chains
    picked: dict[int, list[tuple]] = defaultdict(list)
    for j in chosen:
        picked[meaning[j][0]].append(meaning[j])
    for hi, cols in picked.items():
        starts = [c for c in cols if c[1] in (SOLO, FIRST)]
        if len(starts) != 1:
            raise AssertionError(f"household {hi}: {len(starts)} first legs chosen")
        following = {c[3]: c for c in cols if c[1] == CONT}
        chain = [starts[0]]
        while chain[-1][4] in following:
            chain.append(following.pop(chain[-1][4]))
        if following:  # impossible at an integer point: every continuation hangs off the first leg
            raise AssertionError(f"household {hi}: continuation legs off the chain: {sorted(following)}")
        legs = [Leg(instance.offers[c[2]].id, _date(instance, c[3]), _date(instance, c[4])) for c in chain]
        chains[instance.households[hi].id] = legs
    return chains
