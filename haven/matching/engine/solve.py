"""Column generation over stay plans, then an integer programme over the plans found.

1. Every household starts with its best plan ignoring everyone else.
2. The LP relaxation of the set-packing master prices each bed-night; each household's
   best plan under those prices (pricing.best_plan) enters when it pays more than its
   own dual. Any prices give a Lagrangian upper bound on the best integer score:
   sum(capacity * price) + sum over households of max(0, best priced plan); the
   lowest seen is reported (at convergence it equals the LP optimum).
3. HiGHS solves the master as a MILP over the generated plans, started from a greedy
   rounding of the LP, within the remaining time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from haven.matching.engine.explain import explain_assignment, explain_unassigned
from haven.matching.engine.master import INF, Master
from haven.matching.engine.model import Assignment, Instance, Leg, Result, Unassigned
from haven.matching.engine.prepare import HouseholdData, Prepared, prepare
from haven.matching.engine.pricing import Plan, best_plan, good_plans
from haven.matching.engine.state import Certificate, export_state

EPS = 1e-7
Progress = Callable[[float], None]
MAX_ROUNDS = 200


def price_and_dive(p: Prepared, master: Master, active: list[HouseholdData], *, deadline: float) -> np.ndarray:
    """Round the LP to whole plans by diving, generating new plans at every step.

    Each step fixes the plans the LP takes whole and the one fractional plan it takes
    most, then lets the households still free price new plans around the fixed ones
    (without them, a fix strands the households it displaces). A fix that leaves the
    LP infeasible is turned into a ban. The plans generated on the way also give the
    final MILP more to choose from. Returns 0/1 per plan in the master.
    """
    lower, upper = np.zeros(len(master.plans)), np.full(len(master.plans), INF)
    fixed_households: set[int] = set()
    best = np.zeros(len(master.plans))

    def grow(values: np.ndarray, fill: float) -> np.ndarray:
        return np.concatenate([values, np.full(len(master.plans) - len(values), fill)])

    step_seconds = 0.0
    while time.perf_counter() + step_seconds < deadline:
        step_started = time.perf_counter()
        _, bed, slot, household_dual = master.solve_lp()
        if not master.status_optimal():
            break
        new_plans = []
        for hd in active:
            if hd.index not in fixed_households:
                plan, priced, _ = best_plan(p, hd, (bed, slot))
                if plan is not None and priced - household_dual[hd.index] > EPS * max(1.0, abs(priced)):
                    new_plans.append(plan)
        if master.add_plans(new_plans):  # one pricing round per step, then decide
            lower, upper = grow(lower, 0.0), grow(upper, INF)
            master.solve_lp()
        x = master.lp_values()
        best = (x > 1 - 1e-6).astype(np.float64)
        fractional = np.flatnonzero((x > 1e-6) & (x < 1 - 1e-6))
        if len(fractional) == 0:
            break
        top = int(fractional[np.argmax(x[fractional])])
        picks = [int(j) for j in fractional if x[j] >= 0.5] or [top]
        whole = np.flatnonzero((x > 1 - 1e-6) & (lower < 1))
        lower[whole] = 1.0
        lower[picks] = 1.0
        master.set_bounds(lower, upper)
        master.solve_lp()
        if not master.status_optimal():  # the picks together do not fit: ban the surest one alone
            lower[picks] = 0.0
            upper[top] = 0.0
            master.set_bounds(lower, upper)
            picks = []
        fixed_households.update(master.plans[int(j)].household for j in [*whole, *picks])
        step_seconds = time.perf_counter() - step_started
    master.set_bounds(np.zeros(len(master.plans)), np.full(len(master.plans), INF))
    return grow(best, 0.0)


def improve_by_neighbourhoods(
    p: Prepared, master: Master, active: list[HouseholdData], best: list[Plan], *, deadline: float
) -> list[Plan]:
    """Large-neighbourhood search seeded by the LP: keep most households' plans, free a
    random third, let the freed ones price new plans around the kept ones, and solve
    the MILP over all plans with the kept ones fixed. Repeat while time remains, or
    until forty neighbourhoods in a row found nothing better."""
    rng = np.random.default_rng(2022)
    step_seconds = 0.0
    fruitless = 0
    while active and fruitless < 40 and time.perf_counter() + step_seconds < deadline:
        step_started = time.perf_counter()
        chosen_size = max(1, len(active) // 3)
        free = {active[int(i)].index for i in rng.choice(len(active), size=chosen_size, replace=False)}
        candidate = reoptimise(p, master, best, free, limit=max(0.1, min(2.0, deadline - time.perf_counter())))
        if sum(pl.value for pl in candidate) > sum(pl.value for pl in best) + 1e-9:
            best, fruitless = candidate, 0
        else:
            fruitless += 1
        step_seconds = time.perf_counter() - step_started
    return best


def reoptimise(p: Prepared, master: Master, best: list[Plan], free: set[int], *, limit: float) -> list[Plan]:
    """One neighbourhood: the households in ``free`` price new plans around everyone
    else's plan in ``best`` (kept fixed), then the MILP over all plans chooses, started
    from ``best``. Returns the better of its answer and ``best``."""
    freed = [p.households[i] for i in sorted(free)]
    for _round in range(5):
        lower = _kept(master, best, free)
        master.set_bounds(lower, np.full(len(lower), INF))
        _, bed, slot, household_dual = master.solve_lp()
        if not master.status_optimal():
            break
        new: list[Plan] = []
        for hd in freed:
            plans, _ = good_plans(p, hd, (bed, slot))
            threshold = household_dual[hd.index]
            new.extend(pl for pl, priced in plans if priced - threshold > EPS * max(1.0, abs(priced)))
        if not master.add_plans(new):
            break
    master.add_plans(best)
    lower = _kept(master, best, free)
    start = np.zeros(len(master.plans))
    index = {(pl.household, pl.legs): i for i, pl in enumerate(master.plans)}
    for pl in best:
        start[index[(pl.household, pl.legs)]] = 1.0
    candidate, _ = master.solve_integer(limit, start, lower)
    master.set_bounds(np.zeros(len(master.plans)), np.full(len(master.plans), INF))
    if sum(pl.value for pl in candidate) > sum(pl.value for pl in best) + 1e-9:
        return candidate
    return best


def _kept(master: Master, best: list[Plan], free: set[int]) -> np.ndarray:
    """Lower bounds fixing every plan of ``best`` whose household is not freed."""
    lower = np.zeros(len(master.plans))
    keep = {(pl.household, pl.legs) for pl in best if pl.household not in free}
    for i, pl in enumerate(master.plans):
        if (pl.household, pl.legs) in keep:
            lower[i] = 1.0
    return lower


def values_of(master: Master) -> np.ndarray:
    return np.array([plan.value for plan in master.plans], dtype=np.float64)


BLOCKED = 1e12


def sequential_plans(
    p: Prepared, active: list[HouseholdData], taken: Sequence[Plan] = (), on_step: Progress | None = None
) -> list[Plan]:
    """Every household in turn takes its best plan among the beds still free (after
    the ``taken`` plans).

    What a coordinator does by hand, but with chains: a floor under everything else,
    so the engine never answers worse than first come, first served.
    """
    horizon = max(p.horizon, 1)
    beds_left = np.repeat(p.beds[:, None], horizon, axis=1).astype(np.float64)
    slots_left = np.repeat(p.max_households[:, None], horizon, axis=1).astype(np.float64)
    for kept in taken:
        for o, a, b in kept.legs:
            beds_left[o, a:b] -= p.households[kept.household].people
            slots_left[o, a:b] -= 1
    no_bed_price = np.zeros_like(beds_left)
    chosen = []
    for n, hd in enumerate(active):
        if on_step is not None and n % 200 == 199:
            on_step(n / len(active))
        blocked = np.where((beds_left < hd.people) | (slots_left < 1), BLOCKED, 0.0)
        plan, priced, _ = best_plan(p, hd, (no_bed_price, blocked))
        if plan is None or priced <= 0:
            continue
        for o, a, b in plan.legs:
            beds_left[o, a:b] -= hd.people
            slots_left[o, a:b] -= 1
        chosen.append(plan)
    return chosen


def greedy_select(p: Prepared, plans: list[Plan], order: np.ndarray) -> list[Plan]:
    """Take plans in the given order while every bed and household slot has room."""
    beds_used: dict[tuple[int, int], int] = defaultdict(int)
    slots_used: dict[tuple[int, int], int] = defaultdict(int)
    placed: set[int] = set()
    chosen = []
    for i in order:
        plan = plans[int(i)]
        if plan.household in placed or plan.value <= 0:
            continue
        people = p.households[plan.household].people
        cells = [(o, n) for o, a, b in plan.legs for n in range(a, b)]
        if all(beds_used[c] + people <= p.beds[c[0]] and slots_used[c] + 1 <= p.max_households[c[0]] for c in cells):
            for c in cells:
                beds_used[c] += people
                slots_used[c] += 1
            placed.add(plan.household)
            chosen.append(plan)
    return chosen


def _no_progress(fraction: float) -> None:
    return None


def solve(instance: Instance, *, time_limit: float | None = 10.0, progress: Progress | None = None) -> Result:
    """The best assignment found within ``time_limit`` seconds, with a proven upper bound.

    The search phases keep to ``time_limit``; the two passes every household needs
    (its own bound, and first come first served as a floor) do not, and in a city of
    thousands of offers they cost ~10 ms a household (docs/matching.md). ``progress``
    is called now and then with the share of the work done (0 to 1).
    """
    started = time.perf_counter()
    budget = float("inf") if time_limit is None else max(0.5, time_limit)
    report = progress or _no_progress
    p = prepare(instance)
    master = Master(p)
    active = [hd for hd in p.households if hd.reason is None]
    report(0.05)

    # With no prices, the bound is every household's best plan (relaxed) at once.
    initial: list[Plan] = []
    bound = 0.0
    # The prices behind the best bound and each household's term in it: a later run
    # for the same city starts from them (warm.py).
    terms: dict[int, float] = {}
    for n, hd in enumerate(active):
        plans, relaxed = good_plans(p, hd)
        initial.extend(pl for pl, _ in plans[:1])
        terms[hd.index] = max(0.0, relaxed)
        bound += terms[hd.index]
        if n % 200 == 199:
            report(0.05 + 0.25 * n / len(active))
    certificate = Certificate(None, terms)
    master.add_plans(initial)
    lp_value = 0.0
    rounds = 0
    converged = not active
    floor = sequential_plans(p, active, on_step=lambda share: report(0.3 + 0.2 * share))
    master.add_plans(floor)
    round_seconds = 0.0
    while active and rounds < MAX_ROUNDS:
        if time.perf_counter() - started + round_seconds > 0.45 * budget:
            break
        round_started = time.perf_counter()
        report(0.5 + 0.45 * min(1.0, (round_started - started) / budget))
        rounds += 1
        lp_value, bed, slot, household_dual = master.solve_lp()
        if not master.status_optimal():  # no duals to trust: keep the bound we have
            break
        new_plans: list[Plan] = []
        lagrangian = float(master.capacity_value(bed, slot))
        # Pricing is exact unless a household's best chain returned to a host (A, B, A)
        # and was refused: then "no new plan" proves nothing, and only the Lagrangian
        # value (which used the refused chain's value) bounds the optimum.
        exact = True
        round_terms: dict[int, float] = {}
        for hd in active:
            plans, relaxed = good_plans(p, hd, (bed, slot))
            round_terms[hd.index] = max(0.0, relaxed)
            lagrangian += round_terms[hd.index]
            best_priced = plans[0][1] if plans else 0.0
            exact &= relaxed <= max(best_priced, 0.0) + EPS * max(1.0, abs(relaxed))
            threshold = household_dual[hd.index]
            new_plans.extend(pl for pl, priced in plans if priced - threshold > EPS * max(1.0, abs(priced)))
        if lagrangian < bound:
            bound, certificate = lagrangian, Certificate((bed, slot), round_terms)
        added = master.add_plans(new_plans)
        if (added == 0 and exact) or bound - lp_value <= 1e-9 * max(1.0, bound):
            converged = True
            break
        if added == 0:  # inexact and nothing new to add: stop, keeping the Lagrangian bound
            break
        round_seconds = time.perf_counter() - round_started
    if converged and active:
        lp_value, *_ = master.solve_lp()
        bound = min(bound, float(lp_value))

    cg_seconds = time.perf_counter() - started
    # Integer selections, the best of which is answered: first come first served with
    # chains (a floor), a greedy rounding of the LP, price-and-dive, then the MILP
    # over every plan generated, started from the best so far.
    lp = master.lp_values() if master.plans else np.zeros(0)
    order = np.lexsort((-np.array([pl.value for pl in master.plans]), -lp)) if master.plans else np.zeros(0, int)
    rounded = greedy_select(p, master.plans, order)
    index = {(pl.household, pl.legs): i for i, pl in enumerate(master.plans)}

    def as_vector(plans: list[Plan]) -> np.ndarray:
        x = np.zeros(len(master.plans))
        for pl in plans:
            x[index[(pl.household, pl.legs)]] = 1.0
        return x

    best = max([floor, rounded], key=lambda plans: sum(pl.value for pl in plans))
    report(0.5 + 0.45 * min(1.0, (time.perf_counter() - started) / budget))
    proven = False
    if master.plans:
        dived = price_and_dive(p, master, active, deadline=started + budget * 0.7)
        index = {(pl.household, pl.legs): i for i, pl in enumerate(master.plans)}
        dived_plans = [pl for pl, x in zip(master.plans, dived, strict=True) if x > 0.5]
        if sum(pl.value for pl in dived_plans) > sum(pl.value for pl in best):
            best = dived_plans
        remaining = budget - (time.perf_counter() - started)
        milp, proven = master.solve_integer(min(remaining, 0.6 * remaining + 1.0), as_vector(best))
        if sum(pl.value for pl in milp) >= sum(pl.value for pl in best) - 1e-9:
            best = milp
        else:
            proven = False
        if not proven or bound - sum(pl.value for pl in best) > 1e-9 * max(1.0, bound):
            best = improve_by_neighbourhoods(p, master, active, best, deadline=started + 0.95 * budget)
    chosen = best

    score = float(sum(plan.value for plan in chosen))
    bound = max(bound, score)  # guards rounding: a bound never falls below a feasible score
    result = _result(p, chosen, score, bound, started, rounds, len(master.plans), converged, proven)
    result.state = export_state(p, chosen, certificate)
    result.stats["column_generation_seconds"] = round(cg_seconds, 3)
    result.stats["first_come_first_served_score"] = float(sum(pl.value for pl in floor))
    result.stats["lp_rounding_score"] = float(sum(pl.value for pl in rounded))
    return result


def _result(
    p: Prepared,
    chosen: list[Plan],
    score: float,
    bound: float,
    started: float,
    rounds: int,
    columns: int,
    converged: bool,
    proven: bool,
) -> Result:
    today = p.instance.today
    by_household = {plan.household: plan for plan in chosen}
    assignments, unassigned = [], []
    for hd in p.households:
        plan = by_household.get(hd.index)
        if plan is None:
            reason = hd.reason or "capacity_taken"
            unassigned.append(Unassigned(hd.household.id, reason, explain_unassigned(p, hd, reason)))
            continue
        legs = [
            Leg(p.offers[o].id, today + dt.timedelta(days=a), today + dt.timedelta(days=b)) for o, a, b in plan.legs
        ]
        assignments.append(Assignment(hd.household.id, legs, explain_assignment(p, hd, plan)))
    return Result(
        score=score,
        upper_bound=bound,
        assignments=assignments,
        unassigned=unassigned,
        stats={
            "seconds": round(time.perf_counter() - started, 3),
            "solver": "column generation (HiGHS LP) + HiGHS MILP over generated plans",
            "rounds": rounds,
            "columns": columns,
            "lp_converged": bool(converged),
            "milp_optimal_over_columns": bool(proven),
            "gap": (bound - score) / bound if bound > 0 else 0.0,
        },
    )
