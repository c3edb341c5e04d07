"""The set-packing master problem over stay plans, solved with HiGHS.

Rows: one per household (it takes at most one plan), and per offer and night one for
beds (people) and, where it binds, one for households. Columns: plans. Rows for an
offer-night are created the first time a plan uses it, so a city of thousands of
offers only carries the rows its plans touch.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import highspy
import numpy as np

from haven.matching.engine.prepare import Prepared
from haven.matching.engine.pricing import Plan

INF = highspy.kHighsInf


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on stdout when created; the CLI may be writing JSON there."""
    fd = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(fd, 1)
        os.close(fd)


def new_highs() -> highspy.Highs:
    with _quiet():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # No "threads" option: HiGHS keeps one thread pool per process, and a Highs asking
    # for another size than the first one did refuses to run at all.
    return h


class Master:
    def __init__(self, prepared: Prepared) -> None:
        self.p = prepared
        self.h = new_highs()
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.plans: list[Plan] = []
        self.seen: set[tuple[int, tuple[tuple[int, int, int], ...]]] = set()
        # Row index of each household's "at most one plan" row.
        self.household_row: dict[int, int] = {}
        self.bed_row: dict[tuple[int, int], int] = {}
        self.slot_row: dict[tuple[int, int], int] = {}
        self.row_capacity: list[float] = []
        self.row_kind: list[tuple[str, int, int]] = []  # ("bed"|"slot"|"household", offer or household, night)

    def _add_row(self, upper: float, kind: tuple[str, int, int]) -> int:
        self.h.addRow(-INF, upper, 0, np.array([], dtype=np.int32), np.array([], dtype=np.float64))
        self.row_capacity.append(upper)
        self.row_kind.append(kind)
        return len(self.row_capacity) - 1

    def add_plans(self, plans: list[Plan]) -> int:
        """Add plans not yet in the master. Returns how many were new."""
        costs: list[float] = []
        starts: list[int] = []
        index: list[int] = []
        values: list[float] = []
        added = 0
        for plan in plans:
            key = (plan.household, plan.legs)
            if key in self.seen:
                continue
            self.seen.add(key)
            hd = self.p.households[plan.household]
            rows: dict[int, float] = {}
            if plan.household not in self.household_row:
                self.household_row[plan.household] = self._add_row(1.0, ("household", plan.household, -1))
            rows[self.household_row[plan.household]] = 1.0
            for offer, first, end in plan.legs:
                for night in range(first, end):
                    key_on = (offer, night)
                    if key_on not in self.bed_row:
                        self.bed_row[key_on] = self._add_row(float(self.p.beds[offer]), ("bed", offer, night))
                    rows[self.bed_row[key_on]] = float(hd.people)
                    if self.p.max_households[offer] < self.p.beds[offer]:
                        if key_on not in self.slot_row:
                            self.slot_row[key_on] = self._add_row(
                                float(self.p.max_households[offer]), ("slot", offer, night)
                            )
                        rows[self.slot_row[key_on]] = 1.0
            starts.append(len(index))
            index.extend(rows)
            values.extend(rows.values())
            costs.append(plan.value)
            self.plans.append(plan)
            added += 1
        if added:
            self.h.addCols(
                added,
                np.array(costs, dtype=np.float64),
                np.zeros(added),
                np.full(added, INF),
                len(index),
                np.array(starts, dtype=np.int32),
                np.array(index, dtype=np.int32),
                np.array(values, dtype=np.float64),
            )
        return added

    def solve_lp(self) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        """LP optimum and duals: bed prices, slot prices (offers x horizon) and per household."""
        self.h.run()
        solution = self.h.getSolution()
        duals = np.maximum(np.array(solution.row_dual, dtype=np.float64), 0.0)
        shape = (len(self.p.offers), max(self.p.horizon, 1))
        bed = np.zeros(shape)
        slot = np.zeros(shape)
        household = np.zeros(len(self.p.households))
        for (offer, night), row in self.bed_row.items():
            bed[offer, night] = duals[row]
        for (offer, night), row in self.slot_row.items():
            slot[offer, night] = duals[row]
        for hh, row in self.household_row.items():
            household[hh] = duals[row]
        return float(self.h.getInfo().objective_function_value), bed, slot, household

    def capacity_value(self, bed: np.ndarray, slot: np.ndarray) -> float:
        """sum of capacity * price over every offer-night (the constant of the Lagrangian)."""
        total = 0.0
        for (offer, night), _row in self.bed_row.items():
            total += float(self.p.beds[offer]) * bed[offer, night]
        for (offer, night), _row in self.slot_row.items():
            total += float(self.p.max_households[offer]) * slot[offer, night]
        return total

    def lp_values(self) -> np.ndarray:
        return np.array(self.h.getSolution().col_value, dtype=np.float64)

    def set_bounds(self, lower: np.ndarray, upper: np.ndarray) -> None:
        """Fix plans (diving): lower 1 takes a plan, upper 0 forbids it; plans added later are free."""
        n = len(lower)
        self.h.changeColsBounds(n, np.arange(n, dtype=np.int32), lower, upper)

    def status_optimal(self) -> bool:
        return bool(self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal)

    def solve_integer(
        self, time_limit: float, start: np.ndarray | None = None, lower: np.ndarray | None = None
    ) -> tuple[list[Plan], bool]:
        """Best integer selection of the generated plans within the time limit (plans with
        ``lower`` 1 are kept). The master is an LP again afterwards."""
        n = len(self.plans)
        if n == 0:
            return [], True
        cols = np.arange(n, dtype=np.int32)
        self.h.changeColsIntegrality(n, cols, np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
        self.h.changeColsBounds(n, cols, np.zeros(n) if lower is None else lower, np.ones(n))
        self.h.setOptionValue("time_limit", max(0.1, time_limit))
        # The LP bound is already the yardstick: closing the last 0.01 % within the
        # plans found is not worth seconds.
        self.h.setOptionValue("mip_rel_gap", 1e-4)
        if start is not None:
            solution = highspy.HighsSolution()
            solution.col_value = list(start)
            solution.value_valid = True
            self.h.setSolution(solution)
        self.h.run()
        status = self.h.getModelStatus()
        values = np.array(self.h.getSolution().col_value, dtype=np.float64)
        chosen = [plan for plan, x in zip(self.plans, values, strict=True) if x > 0.5]
        self.h.changeColsIntegrality(n, cols, np.full(n, highspy.HighsVarType.kContinuous, dtype=np.uint8))
        self.h.changeColsBounds(n, cols, np.zeros(n), np.full(n, INF))
        self.h.setOptionValue("time_limit", INF)
        return chosen, status == highspy.HighsModelStatus.kOptimal
