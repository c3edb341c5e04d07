"""A re-run from a previous run's state: valid, never above the optimum, bound still proven."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.exact import exact_milp
from bench.generate import generate
from haven.matching.engine.model import parse_instance
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import check_result
from haven.matching.engine.warm import solve_warm
from haven.matching.tests.builders import a_household, an_offer, day

TOLERANCE = 1e-6


def _raw(households: list[dict[str, Any]], offers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "haven-match/1", "today": day(1), "households": households, "offers": offers, "exclusions": []}


CHANGES = ("add_household", "add_offer", "drop_household", "drop_offer", "exclude", "grow_household", "shrink_offer")


def _changed(raw: dict[str, Any], spare: dict[str, Any], change: str, pick: int) -> dict[str, Any]:
    """The instance after one change a city sees between two runs."""
    new = copy.deepcopy(raw)
    households, offers = new["households"], new["offers"]
    if change == "add_household" and spare["households"]:
        households.append(spare["households"][0])
    elif change == "add_offer" and spare["offers"]:
        offers.append(spare["offers"][0])
    elif change == "drop_household" and households:
        gone = households.pop(pick % len(households))["id"]
        new["exclusions"] = [e for e in new["exclusions"] if e["household"] != gone]
    elif change == "drop_offer" and offers:
        gone = offers.pop(pick % len(offers))["id"]
        new["exclusions"] = [e for e in new["exclusions"] if e["offer"] != gone]
    elif change == "exclude" and households and offers:
        pair = {"household": households[pick % len(households)]["id"], "offer": offers[pick % len(offers)]["id"]}
        if pair not in new["exclusions"]:
            new["exclusions"].append(pair)
    elif change == "grow_household" and households:
        households[pick % len(households)]["adults"] += 1
    elif change == "shrink_offer" and offers:
        offer = offers[pick % len(offers)]
        offer["beds"] = max(1, offer["beds"] - 1)
    return new


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    households=st.integers(1, 20),
    offers=st.integers(1, 8),
    change=st.sampled_from(CHANGES),
    pick=st.integers(0, 100),
)
def test_a_warm_run_is_valid_and_its_bound_holds(seed, households, offers, change, pick):
    full = generate(households + 1, offers + 1, seed=seed, horizon=10)
    raw = copy.deepcopy(full)
    raw["households"], raw["offers"] = full["households"][:-1], full["offers"][:-1]
    ids = {h["id"] for h in raw["households"]} | {o["id"] for o in raw["offers"]}
    raw["exclusions"] = [e for e in full["exclusions"] if e["household"] in ids and e["offer"] in ids]
    before = solve(parse_instance(raw), time_limit=2)
    state = json.loads(json.dumps(before.state))  # as Haven keeps it

    after = parse_instance(
        _changed(raw, {"households": full["households"][-1:], "offers": full["offers"][-1:]}, change, pick)
    )
    result = solve_warm(after, state, time_limit=1)
    assert result is not None
    report = check_result(after, result.to_dict())
    assert report.ok, report.violations
    exact = exact_milp(after, time_limit=30)
    if exact is None or not exact.stats.get("proven_optimal"):
        pytest.skip("the exact reference could not prove its optimum here")
    scale = max(1.0, abs(exact.score))
    assert result.score <= exact.score + TOLERANCE * scale
    assert result.upper_bound >= exact.score - TOLERANCE * scale


def test_a_new_household_gets_the_free_bed_and_the_others_keep_theirs():
    raw = _raw(
        [a_household("h1", until=day(4))], [an_offer("o1", beds=1, until=day(4)), an_offer("o2", beds=1, until=day(4))]
    )
    before = solve(parse_instance(raw), time_limit=2)
    (first,) = before.assignments
    raw["households"].append(a_household("h2", until=day(4)))
    after = parse_instance(raw)
    result = solve_warm(after, before.state, time_limit=1)
    assert result is not None
    assert check_result(after, result.to_dict()).ok
    by_household = {a.household: a for a in result.assignments}
    assert set(by_household) == {"h1", "h2"}
    assert by_household["h1"].legs == first.legs
    assert result.stats["warm"]["freed"] == 1
    assert result.upper_bound >= result.score


def test_a_household_whose_bed_was_withdrawn_is_placed_again():
    raw = _raw([a_household("h1", until=day(4))], [an_offer("o1", beds=1, until=day(4))])
    before = solve(parse_instance(raw), time_limit=2)
    assert before.assignments[0].legs[0].offer == "o1"
    raw["offers"] = [an_offer("o2", beds=1, until=day(4))]
    after = parse_instance(raw)
    result = solve_warm(after, before.state, time_limit=1)
    assert result is not None
    assert [leg.offer for leg in result.assignments[0].legs] == ["o2"]
    assert check_result(after, result.to_dict()).ok


def test_a_new_exclusion_takes_the_plan_away():
    raw = _raw([a_household("h1", until=day(4))], [an_offer("o1", beds=1, until=day(4))])
    before = solve(parse_instance(raw), time_limit=2)
    assert before.assignments
    raw["exclusions"] = [{"household": "h1", "offer": "o1"}]
    after = parse_instance(raw)
    result = solve_warm(after, before.state, time_limit=1)
    assert result is not None
    assert result.assignments == []
    assert [u.reason for u in result.unassigned] == ["excluded"]
    assert result.score == 0
    assert result.upper_bound >= 0


@pytest.mark.parametrize(
    "spoil",
    [
        lambda state, raw: raw.update(today=day(2)),
        lambda state, raw: raw.update(policy={"max_legs": 2}),
        lambda state, raw: state.update(format="something-else"),
    ],
    ids=["another day", "another policy", "another format"],
)
def test_a_state_from_another_day_policy_or_format_is_not_used(spoil):
    raw = _raw([a_household("h1", until=day(4))], [an_offer("o1", beds=1, until=day(4))])
    state = copy.deepcopy(solve(parse_instance(raw), time_limit=2).state)
    spoil(state, raw)
    assert solve_warm(parse_instance(raw), state) is None
    assert solve_warm(parse_instance(raw), None) is None
