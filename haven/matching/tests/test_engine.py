"""The engine on hand-made instances: hard rules, chains, priorities, bounds."""

from __future__ import annotations

import json

import pytest

from haven.matching.engine.model import parse_instance
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import check_result
from haven.matching.tests.factories import household, instance, offer
from haven.matching.tests.paths import EXAMPLE_INSTANCE, SHARED_EXAMPLE

EXAMPLE = EXAMPLE_INSTANCE


def run(raw: dict) -> dict:
    inst = parse_instance(raw)
    result = solve(inst, time_limit=5).to_dict()
    report = check_result(inst, result)
    assert report.ok, report.violations
    assert result["upper_bound"] >= result["score"] - 1e-6
    return result


def legs_of(result: dict, hid: str) -> list[tuple[str, str, str]]:
    for a in result["assignments"]:
        if a["household"] == hid:
            return [(leg["offer"], leg["from"], leg["until"]) for leg in a["legs"]]
    return []


def reason_of(result: dict, hid: str) -> str | None:
    return next((u["reason"] for u in result["unassigned"] if u["household"] == hid), None)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="shared/ is not beside this checkout")
def test_the_example_instance_reaches_its_optimum():
    result = run(json.loads(EXAMPLE.read_text()))
    assert result["score"] == pytest.approx(52.75)
    assert result["upper_bound"] == pytest.approx(52.75)
    assert reason_of(result, "h4") == "accessibility"


def test_an_empty_instance_gives_an_empty_result():
    result = run(instance([], []))
    assert result["score"] == 0
    assert result["assignments"] == result["unassigned"] == []


def test_a_chain_of_two_hosts_covers_what_neither_covers_alone():
    raw = instance(
        [household("h", **{"from": "2022-10-01", "until": "2022-10-07"})],
        [offer("a", until="2022-10-04"), offer("b", **{"from": "2022-10-04", "until": "2022-10-10"})],
    )
    result = run(raw)
    assert legs_of(result, "h") == [("a", "2022-10-01", "2022-10-04"), ("b", "2022-10-04", "2022-10-07")]
    assert "in 2 stays" in " ".join(result["assignments"][0]["reasons"])


def test_max_nights_splits_a_long_need_between_hosts():
    raw = instance(
        [household("h", until="2022-10-09")],
        [offer("a", max_nights=4), offer("b", max_nights=4)],
    )
    legs = legs_of(run(raw), "h")
    assert len(legs) == 2
    assert {leg[0] for leg in legs} == {"a", "b"}


def test_a_chain_never_returns_to_the_same_host():
    # Only a and b exist; a, b, a would cover more nights but breaks "distinct offers".
    raw = instance(
        [household("h", until="2022-10-10")],
        [offer("a", max_nights=3), offer("b", max_nights=3)],
    )
    legs = legs_of(run(raw), "h")
    assert len({leg[0] for leg in legs}) == len(legs)


def test_the_vulnerable_household_gets_the_only_bed():
    raw = instance(
        [household("plain"), household("vulnerable", vulnerable=True)],
        [offer("o")],
    )
    result = run(raw)
    assert legs_of(result, "vulnerable")
    assert reason_of(result, "plain") == "capacity_taken"


def test_a_household_is_never_split_across_beds():
    raw = instance([household("family", adults=2, children=1)], [offer("a", beds=2), offer("b", beds=2)])
    assert reason_of(run(raw), "family") == "too_many_people"


@pytest.mark.parametrize(
    ("need", "place", "reason"),
    [
        ({"city": "bishkek"}, {}, "no_offer_in_city"),
        ({"pets": True}, {}, "pets"),
        ({"children": 1}, {"children_ok": False, "beds": 2}, "children"),
        ({"accessible": True}, {}, "accessibility"),
        ({}, {"women_only": True}, "women_only"),
        ({"from": "2022-10-20", "until": "2022-10-22"}, {}, "dates"),
    ],
)
def test_each_rule_that_leaves_a_household_out_is_named(need, place, reason):
    result = run(instance([household("h", **need)], [offer("o", **place)]))
    assert reason_of(result, "h") == reason


def test_an_excluded_pair_is_never_proposed():
    raw = instance([household("h")], [offer("o")], exclusions=[{"household": "h", "offer": "o"}])
    assert reason_of(run(raw), "h") == "excluded"


def test_a_women_only_household_may_stay_in_an_ordinary_place():
    assert legs_of(run(instance([household("h", women_only=True)], [offer("o")])), "h")


def test_nights_before_today_are_never_given():
    raw = instance([household("h", **{"from": "2022-09-25", "until": "2022-10-03"})], [offer("o")], today="2022-10-01")
    assert legs_of(run(raw), "h") == [("o", "2022-10-01", "2022-10-03")]


def test_households_share_a_flat_up_to_its_limits():
    raw = instance(
        [household(f"h{i}", adults=2) for i in range(4)],
        [offer("flat", beds=6, max_households=2)],
    )
    result = run(raw)
    assert len(result["assignments"]) == 2


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared/ is not beside this checkout")
def test_the_copied_example_is_the_contracts_example():
    assert json.loads(EXAMPLE.read_text()) == json.loads(SHARED_EXAMPLE.read_text())


def test_progress_is_reported_as_a_rising_share_of_the_work():
    from bench.generate import generate

    seen: list[float] = []
    solve(parse_instance(generate(450, 150, seed=2)), time_limit=1, progress=seen.append)
    assert len(seen) >= 3
    assert seen == sorted(seen)
    assert seen[0] > 0
    assert seen[-1] <= 1


def test_a_households_candidates_are_distinct_valid_and_best_first():
    from haven.matching.engine.candidates import candidate_plans
    from haven.matching.engine.validate import household_violations

    raw = instance(
        [household("h1", **{"until": "2022-10-08"}), household("h2", pets=True)],
        [
            offer("short", until="2022-10-04", languages=["ru"]),
            offer("long", until="2022-10-08", languages=["kk"]),
            offer("later", **{"from": "2022-10-04"}, until="2022-10-09"),
        ],
    )
    parsed = parse_instance(raw)
    plans = candidate_plans(parsed, "h1", limit=5)
    assert plans
    assert [pl.value for pl in plans] == sorted((pl.value for pl in plans), reverse=True)
    assert len({pl.legs for pl in plans}) == len(plans)
    import datetime as dt

    from haven.matching.engine.model import Leg

    h1 = parsed.households[0]
    for plan in plans:
        legs = [
            Leg(parsed.offers[o].id, parsed.today + dt.timedelta(days=a), parsed.today + dt.timedelta(days=b))
            for o, a, b in plan.legs
        ]
        assert household_violations(parsed, h1, legs) == []
    assert candidate_plans(parsed, "h2") == []  # no offer takes pets
    assert candidate_plans(parsed, "nobody") == []
