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

import numpy as np

from haven.matching.engine.explain import explain_assignment, explain_unassigned
from haven.matching.engine.master import INF, Master
from haven.matching.engine.model import Assignment, Instance, Leg, Result, Unassigned
from haven.matching.engine.prepare import Prepared, prepare
from haven.matching.engine.pricing import Plan, best_plan

EPS = 1e-7
MAX_ROUNDS = 200


def price_and_dive(p: Prepared, master: Master, active: list, *, deadline: float) -> np.ndarray:
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

    while time.perf_counter() < deadline:
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
    master.set_bounds(np.zeros(len(master.plans)), np.full(len(master.plans), INF))
    return grow(best, 0.0)


def values_of(master: Master) -> np.ndarray:
    return np.array([plan.value for plan in master.plans], dtype=np.float64)


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


def solve(instance: Instance, *, time_limit: float | None = 10.0) -> Result:
    """The best assignment found within ``time_limit`` seconds, with a proven upper bound."""
    started = time.perf_counter()
    budget = float("inf") if time_limit is None else max(0.5, time_limit)
    p = prepare(instance)
    master = Master(p)
    active = [hd for hd in p.households if hd.reason is None]

    initial = [plan for hd in active if (plan := best_plan(p, hd)[0]) is not None]
    master.add_plans(initial)

    bound = sum(plan.value for plan in initial)  # no prices: every household's best plan
    lp_value = 0.0
    rounds = 0
    converged = not active
    while active and rounds < MAX_ROUNDS:
        rounds += 1
        lp_value, bed, slot, household_dual = master.solve_lp()
        new_plans: list[Plan] = []
        lagrangian = master.capacity_value(bed, slot)
        for hd in active:
            plan, priced, relaxed = best_plan(p, hd, (bed, slot))
            lagrangian += max(0.0, relaxed)
            if plan is not None and priced - household_dual[hd.index] > EPS * max(1.0, abs(priced)):
                new_plans.append(plan)
        bound = min(bound, lagrangian)
        added = master.add_plans(new_plans)
        if added == 0 or bound - lp_value <= 1e-9 * max(1.0, bound):
            converged = added == 0 or bound - lp_value <= 1e-9 * max(1.0, bound)
            break
        if time.perf_counter() - started > 0.5 * budget:
            break
    if converged and active:
        lp_value, *_ = master.solve_lp()
        bound = min(bound, lp_value)

    cg_seconds = time.perf_counter() - started
    # An integer selection: greedy rounding of the LP first, then the MILP.
    lp = master.lp_values() if master.plans else np.zeros(0)
    order = np.lexsort((-np.array([pl.value for pl in master.plans]), -lp)) if master.plans else np.zeros(0, int)
    greedy = greedy_select(p, master.plans, order)
    start = np.zeros(len(master.plans))
    index_of = {id(plan): i for i, plan in enumerate(master.plans)}
    for plan in greedy:
        start[index_of[id(plan)]] = 1.0
    if master.plans:
        dived = price_and_dive(p, master, active, deadline=started + budget * 0.7)
        if len(dived) > len(start):
            start = np.concatenate([start, np.zeros(len(dived) - len(start))])
        if float(dived @ values_of(master)) > float(start @ values_of(master)):
            start = dived
    remaining = budget - (time.perf_counter() - started)
    chosen, proven = master.solve_integer(remaining, start) if master.plans else ([], True)
    if sum(pl.value for pl in chosen) < sum(pl.value for pl in greedy) - 1e-9:
        chosen, proven = greedy, False

    score = float(sum(plan.value for plan in chosen))
    bound = max(bound, score)  # guards rounding: a bound never falls below a feasible score
    result = _result(p, chosen, score, bound, started, rounds, len(master.plans), converged, proven)
    result.stats["column_generation_seconds"] = round(cg_seconds, 3)
    result.stats["greedy_rounding_score"] = float(sum(pl.value for pl in greedy))
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
            "lp_converged": converged,
            "milp_optimal_over_columns": proven,
            "gap": (bound - score) / bound if bound > 0 else 0.0,
        },
    )
