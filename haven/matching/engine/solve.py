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
from haven.matching.engine.master import Master
from haven.matching.engine.model import Assignment, Instance, Leg, Result, Unassigned
from haven.matching.engine.prepare import Prepared, prepare
from haven.matching.engine.pricing import Plan, best_plan

EPS = 1e-7
MAX_ROUNDS = 200


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
        if time.perf_counter() - started > 0.6 * budget:
            break
    if converged and active:
        lp_value, *_ = master.solve_lp()
        bound = min(bound, lp_value)

    # An integer selection: greedy rounding of the LP first, then the MILP.
    lp = master.lp_values() if master.plans else np.zeros(0)
    order = np.lexsort((-np.array([pl.value for pl in master.plans]), -lp)) if master.plans else np.zeros(0, int)
    greedy = greedy_select(p, master.plans, order)
    start = np.zeros(len(master.plans))
    index_of = {id(plan): i for i, plan in enumerate(master.plans)}
    for plan in greedy:
        start[index_of[id(plan)]] = 1.0
    remaining = budget - (time.perf_counter() - started)
    chosen, proven = master.solve_integer(remaining, start) if master.plans else ([], True)
    if sum(pl.value for pl in chosen) < sum(pl.value for pl in greedy) - 1e-9:
        chosen, proven = greedy, False

    score = float(sum(plan.value for plan in chosen))
    bound = max(bound, score)  # guards rounding: a bound never falls below a feasible score
    return _result(p, chosen, score, bound, started, rounds, len(master.plans), converged, proven)


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
