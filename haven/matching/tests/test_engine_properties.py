"""On random small instances: the engine's result is valid, never beats the exact
optimum, and its upper bound never falls below it."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.exact import exact_milp
from bench.generate import generate
from haven.matching.engine.model import parse_instance
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import check_result

TOLERANCE = 1e-6


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    households=st.integers(0, 25),
    offers=st.integers(0, 10),
    horizon=st.integers(3, 14),
    max_legs=st.integers(1, 3),
)
def test_score_never_beats_the_exact_optimum_and_the_bound_never_falls_below_it(
    seed, households, offers, horizon, max_legs
):
    raw = generate(households, offers, seed=seed, horizon=horizon)
    raw["policy"] = {**raw.get("policy", {}), "max_legs": max_legs}
    instance = parse_instance(raw)
    result = solve(instance, time_limit=5)
    json.dumps(result.to_dict())  # plain JSON types only (no numpy scalars)
    report = check_result(instance, result.to_dict())
    assert report.ok, report.violations
    exact = exact_milp(instance, time_limit=30)
    if exact is None or not exact.stats.get("proven_optimal"):
        pytest.skip("the exact reference could not prove its optimum here")
    scale = max(1.0, abs(exact.score))
    assert result.score <= exact.score + TOLERANCE * scale
    assert result.upper_bound >= exact.score - TOLERANCE * scale


@pytest.mark.parametrize(
    ("households", "offers", "seed", "horizon"),
    [(15, 5, 7, 17), (20, 8, 11, 10)],
)
def test_found_in_review_the_bound_holds_and_the_result_is_json(households, offers, seed, horizon):
    """A chain refused for returning to a host once made column generation stop with
    an LP value below the optimum, reported as the bound; and a numpy bool broke JSON."""
    instance = parse_instance(generate(households, offers, seed=seed, horizon=horizon))
    result = solve(instance, time_limit=0.5)
    json.dumps(result.to_dict())
    exact = exact_milp(instance, time_limit=60)
    assert exact is not None
    assert exact.stats["proven_optimal"]
    assert result.upper_bound >= exact.score - TOLERANCE * max(1.0, exact.score)
