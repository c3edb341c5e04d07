"""The benchmark's own tests: the generator, the two baselines and the comparison table."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from bench.baselines import fcfs_greedy
from bench.compare import Row, compare_instance, finish, format_table, main, mean_rows
from bench.exact import count_arcs, exact_milp
from bench.generate import CITY_DISTRICTS, generate
from haven.matching.engine.model import Instance, Result, parse_instance
from haven.matching.engine.validate import check_result
from haven.matching.tests.paths import EXAMPLE_INSTANCE

EXAMPLE = EXAMPLE_INSTANCE
TODAY = "2022-10-01"


def day(n: int) -> str:
    return (dt.date.fromisoformat(TODAY) + dt.timedelta(days=n)).isoformat()


def household(id: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
    base = {
        "id": id, "city": "almaty", "adults": 1, "children": 0, "from": day(start), "until": day(end),
        "pets": False, "accessible": False, "women_only": False, "vulnerable": False,
        "languages": ["ru"], "district": None,
    }  # fmt: skip
    return base | kw


def offer(id: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
    base = {
        "id": id, "city": "almaty", "district": "medeu", "beds": 1, "max_households": 1,
        "from": day(start), "until": day(end), "max_nights": 14, "pets_ok": False, "children_ok": True,
        "accessible": False, "women_only": False, "languages": ["kk"],
    }  # fmt: skip
    return base | kw


def instance(households: list[dict], offers: list[dict], **kw: Any) -> Instance:
    return parse_instance({"format": "haven-match/1", "today": TODAY, "households": households, "offers": offers} | kw)


def assert_valid(inst: Instance, result: Result) -> None:
    report = check_result(inst, result.to_dict())
    assert report.ok, report.describe()
    assert abs(report.score - result.score) <= 1e-6 * max(1.0, abs(result.score))


def exact(inst: Instance, **kw: Any) -> Result:
    result = exact_milp(inst, **kw)
    assert result is not None
    return result


def chains(result: Result) -> dict[str, list[tuple[str, str, str]]]:
    return {
        a.household: [(leg.offer, leg.start.isoformat(), leg.end.isoformat()) for leg in a.legs]
        for a in result.assignments
    }


# --- generator -------------------------------------------------------------------------


def test_generator_is_deterministic_and_seeds_differ() -> None:
    a = generate(60, 30, seed=7, cities=("almaty", "bishkek"))
    assert a == generate(60, 30, seed=7, cities=("almaty", "bishkek"))
    assert json.dumps(a) == json.dumps(generate(60, 30, seed=7, cities=["almaty", "bishkek"]))
    assert a != generate(60, 30, seed=8, cities=("almaty", "bishkek"))
    # Households come from their own stream: more offers leave them as they were.
    assert generate(60, 31, seed=7, cities=("almaty", "bishkek"))["households"] == a["households"]


@pytest.mark.parametrize(
    ("households", "offers", "seed", "cities", "horizon"),
    [
        (0, 0, 1, ("almaty",), 21),
        (1, 0, 2, ("almaty",), 21),
        (0, 3, 3, ("astana",), 21),
        (120, 60, 4, ("almaty",), 21),
        (80, 40, 5, ("almaty", "astana", "bishkek"), 14),
        (30, 10, 6, ("osh",), 7),
        (20, 10, 7, ("bishkek",), 1),
        (20, 10, 8, ("almaty",), 2),
    ],
)
def test_generated_instances_parse(households: int, offers: int, seed: int, cities: tuple, horizon: int) -> None:
    raw = generate(households, offers, seed=seed, cities=cities, horizon=horizon)
    inst = parse_instance(copy.deepcopy(raw))
    assert len(inst.households) == households
    assert len(inst.offers) == offers
    last = inst.today + dt.timedelta(days=horizon)
    for h in inst.households:
        assert h.city in cities
        assert inst.today <= h.start < h.end <= last
        assert h.district is None or h.district in CITY_DISTRICTS.get(h.city, h.district)
    for o in inst.offers:
        assert inst.today <= o.start < o.end <= last
    stamps = [h["registered_at"] for h in raw["households"]]
    assert stamps == sorted(stamps)  # listed in registration order


def test_generated_mix_is_realistic() -> None:
    raw = generate(3000, 1500, seed=11)
    hs, os_ = raw["households"], raw["offers"]

    def share(items: list[dict], test: Any) -> float:
        return sum(1 for x in items if test(x)) / len(items)

    assert 0.50 < share(hs, lambda h: h["adults"] == 1 and h["children"] == 0) < 0.62
    assert 0.15 < share(hs, lambda h: h["children"] > 0) < 0.25
    assert 0.07 < share(hs, lambda h: h["pets"]) < 0.13
    assert 0.06 < share(hs, lambda h: h["vulnerable"]) < 0.14
    assert 0.05 < share(hs, lambda h: h["women_only"]) < 0.11
    assert 0.40 < share(hs, lambda h: h["district"] is not None) < 0.60
    assert share([h for h in hs if h["children"]], lambda h: h["vulnerable"]) > share(hs, lambda h: h["vulnerable"])
    assert share(hs, lambda h: h["languages"] == ["ru"]) > 0.6
    assert 0.5 < share(os_, lambda o: o["max_households"] == 1) < 0.7
    assert 0.05 < share(os_, lambda o: o["beds"] >= 10) < 0.15
    assert 0.15 < share(os_, lambda o: o["pets_ok"]) < 0.35
    assert 0.6 < share(os_, lambda o: o["children_ok"]) < 0.8
    assert 0.0 < len(raw["exclusions"]) <= len(hs)


# --- FCFS greedy ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_greedy_results_are_valid(seed: int) -> None:
    inst = parse_instance(generate(150, 70, seed=seed, cities=("almaty", "astana")))
    result = fcfs_greedy(inst)
    assert_valid(inst, result)
    assert result.upper_bound == result.score
    assert result.stats["solver"] == "fcfs-greedy"
    assert all(len(a.legs) == 1 for a in result.assignments)
    assert len(result.assignments) + len(result.unassigned) == len(inst.households)


def test_greedy_on_the_example() -> None:
    inst = parse_instance(json.loads(EXAMPLE.read_text()))
    result = fcfs_greedy(inst)
    assert_valid(inst, result)


def test_greedy_serves_in_list_order_and_takes_the_longest_stay() -> None:
    inst = instance(
        [household("h1", 0, 5), household("h2", 0, 5, vulnerable=True)],
        [offer("o1", 0, 3), offer("o2", 0, 5, max_nights=4), offer("o3", 0, 9, max_nights=4)],
    )
    result = fcfs_greedy(inst)
    assert_valid(inst, result)
    # h1 first: o2 and o3 both give 4 nights, the first in offer order wins.
    assert chains(result) == {
        "h1": [("o2", day(0), day(4))],
        "h2": [("o3", day(0), day(4))],
    }


def test_greedy_stops_where_the_beds_run_out() -> None:
    inst = instance(
        [household("h1", 2, 6), household("h2", 0, 6)],
        [offer("o1", 0, 8)],
    )
    result = fcfs_greedy(inst)
    assert_valid(inst, result)
    assert chains(result) == {"h1": [("o1", day(2), day(6))], "h2": [("o1", day(0), day(2))]}


def test_greedy_reasons_for_the_unplaced() -> None:
    inst = instance(
        [
            household("h1", 0, 3),
            household("h2", 0, 3),
            household("h3", 0, 3, pets=True),
            household("h4", 0, 3, city="osh"),
        ],
        [offer("o1", 0, 3)],
    )
    result = fcfs_greedy(inst)
    assert_valid(inst, result)
    assert {u.household: u.reason for u in result.unassigned} == {
        "h2": "capacity_taken",
        "h3": "pets",
        "h4": "no_offer_in_city",
    }


# --- exact MILP ----------------------------------------------------------------------------


@pytest.mark.parametrize("formulation", ["arcs", "plans"])
def test_exact_vulnerable_wins_the_only_bed(formulation: str) -> None:
    inst = instance([household("h1", 0, 3), household("h2", 0, 3, vulnerable=True)], [offer("o1", 0, 3)])
    result = exact(inst, formulation=formulation)
    assert result is not None
    assert_valid(inst, result)
    assert chains(result) == {"h2": [("o1", day(0), day(3))]}
    assert result.score == pytest.approx(1.5 * 3 * 2.0)  # three urgent nights, vulnerable
    assert result.upper_bound == result.score
    assert result.stats["proven_optimal"] is True
    assert fcfs_greedy(inst).score == pytest.approx(6.0)  # FCFS gives it to h1


@pytest.mark.parametrize("formulation", ["arcs", "plans"])
def test_exact_chain_beats_a_single_shorter_stay(formulation: str) -> None:
    # One offer covers 4 of 6 nights (2+2+2+1 = 7); two chained cover all 6 (6 + 3 - 1 = 8).
    inst = instance(
        [household("h1", 0, 6)],
        [offer("o1", 0, 3, max_nights=3), offer("o2", 3, 6), offer("o3", 0, 9, max_nights=4)],
    )
    result = exact(inst, formulation=formulation)
    assert result is not None
    assert_valid(inst, result)
    assert result.score == pytest.approx(8.0)
    legs = chains(result)["h1"]
    assert len(legs) == 2
    assert legs[0][1] == day(0)
    assert legs[-1][2] == day(6)
    assert fcfs_greedy(inst).score == pytest.approx(7.0)


@pytest.mark.parametrize("formulation", ["arcs", "plans"])
def test_exact_keeps_the_chain_rules(formulation: str) -> None:
    # o2 adds one night only: a 1-night leg can't be part of a chain (min_leg_nights 2).
    inst = instance([household("h1", 0, 4)], [offer("o1", 0, 3), offer("o2", 3, 4)])
    assert exact(inst, formulation=formulation).score == pytest.approx(6.0)
    # The same offer twice is no chain either (max_nights 3, six nights wanted).
    inst = instance([household("h1", 0, 6)], [offer("o1", 0, 9, max_nights=3)])
    assert exact(inst, formulation=formulation).score == pytest.approx(6.0)
    # max_legs 2: the third leg is out of reach.
    inst = instance(
        [household("h1", 0, 9)],
        [offer("o1", 0, 3, max_nights=3), offer("o2", 3, 6), offer("o3", 6, 9)],
        policy={"max_legs": 2},
    )
    result = exact(inst, formulation=formulation)
    assert_valid(inst, result)
    assert result.score == pytest.approx(6 + 3 - 1)
    # A lone short leg is fine.
    inst = instance([household("h1", 0, 1)], [offer("o1", 0, 1)])
    assert exact(inst, formulation=formulation).score == pytest.approx(2.0)


@pytest.mark.parametrize("formulation", ["arcs", "plans"])
def test_exact_no_night_before_today_and_bonuses(formulation: str) -> None:
    # Wanted from two days ago: only nights from today count, the urgent ones too.
    inst = instance(
        [household("h1", -2, 2, languages=["kk", "ru"], district="medeu", children=1)],
        [offer("o1", -5, 5)],
    )
    assert exact(inst, formulation=formulation).score == 0.0  # two people, one bed
    inst = instance(
        [household("h1", -2, 2, languages=["kk", "ru"], district="medeu", children=1)],
        [offer("o1", -5, 5, beds=2)],
    )
    result = exact(inst, formulation=formulation)
    assert_valid(inst, result)
    assert chains(result) == {"h1": [("o1", day(0), day(2))]}
    assert result.score == pytest.approx(2 * (2 + 2) + 2 * 0.5 + 2 * 0.25)


def test_exact_optimum_of_the_example() -> None:
    inst = parse_instance(json.loads(EXAMPLE.read_text()))
    arcs = exact(inst)
    plans = exact(inst, formulation="plans")
    assert arcs is not None
    assert plans is not None
    assert_valid(inst, arcs)
    assert arcs.score == pytest.approx(plans.score)
    assert arcs.score == pytest.approx(52.75)
    assert arcs.score >= fcfs_greedy(inst).score


@pytest.mark.parametrize("seed", range(1, 7))
def test_exact_formulations_agree_and_beat_greedy(seed: int) -> None:
    inst = parse_instance(generate(7, 4, seed=seed, horizon=7))
    arcs = exact(inst, time_limit=20)
    plans = exact(inst, formulation="plans", time_limit=20)
    greedy = fcfs_greedy(inst)
    assert arcs.stats["proven_optimal"]
    assert plans.stats["proven_optimal"]
    assert_valid(inst, arcs)
    assert_valid(inst, plans)
    assert arcs.score == pytest.approx(plans.score, abs=1e-6)
    assert arcs.score >= greedy.score - 1e-9


@pytest.mark.parametrize(
    "policy",
    [
        {"max_legs": 1},
        {"max_legs": 2, "min_leg_nights": 1, "move_penalty": 0.0},
        {"max_legs": 4, "min_leg_nights": 3, "urgent_nights": 0, "move_penalty": 3.0},
        {"vulnerable_weight": 4.0, "language_bonus": 2.0, "district_bonus": 1.0, "urgent_weight": 1.0},
    ],
)
def test_exact_formulations_agree_under_other_policies(policy: dict[str, Any]) -> None:
    raw = generate(7, 4, seed=11, horizon=8, today="2022-10-03")
    raw["today"] = "2022-10-04"  # some nights now lie before today
    raw["policy"] = policy
    inst = parse_instance(raw)
    arcs = exact(inst, time_limit=20)
    plans = exact(inst, formulation="plans", time_limit=20)
    assert_valid(inst, arcs)
    assert_valid(inst, plans)
    assert arcs.score == pytest.approx(plans.score, abs=1e-6)
    assert arcs.score >= fcfs_greedy(inst).score - 1e-9
    if policy.get("max_legs") == 1:
        assert all(len(a.legs) == 1 for a in arcs.assignments)


@pytest.mark.parametrize("seed", [1, 2])
def test_exact_beats_greedy_on_small_random_instances(seed: int) -> None:
    inst = parse_instance(generate(16, 8, seed=seed, horizon=14))
    optimum = exact(inst, time_limit=20)
    assert optimum.stats["proven_optimal"]
    assert_valid(inst, optimum)
    assert optimum.score >= fcfs_greedy(inst).score - 1e-9


def test_exact_gives_up_on_a_big_instance() -> None:
    inst = parse_instance(generate(40, 20, seed=1))
    assert count_arcs(inst) > 100
    assert exact_milp(inst, max_columns=100) is None


# --- comparison --------------------------------------------------------------------------


def test_compare_table(capsys: pytest.CaptureFixture[str]) -> None:
    inst = parse_instance(generate(10, 5, seed=3, horizon=10))
    rows = compare_instance(inst, seed=3, engine_time_limit=2.0)
    by_method = {r.method: r for r in rows}
    assert set(by_method) == {"fcfs-greedy", "engine", "exact-milp"}
    reference = by_method["exact-milp"]
    assert reference.proven_optimal
    assert reference.violations == 0
    assert reference.gap_to_best == 0.0
    assert by_method["fcfs-greedy"].violations == 0
    greedy = by_method["fcfs-greedy"].score
    assert greedy is not None
    assert reference.score is not None
    assert greedy <= reference.score + 1e-9
    assert reference.placeable_fairness is None or reference.placeable_fairness >= 0
    assert by_method["fcfs-greedy"].placeable <= len(inst.households)
    table = format_table(rows, mean_rows(rows))
    assert "fcfs-greedy" in table
    assert "exact-milp" in table
    assert main(["--households", "6", "--offers", "3", "--seed", "2", "--repeat", "2", "--time-limit", "1"]) in (0, 1)
    out = capsys.readouterr().out
    assert "mean" in out


def test_compare_flags_a_bound_below_a_found_score() -> None:
    rows = [
        Row("fcfs-greedy", score=10.0, upper_bound=10.0, bound_is_certificate=False, violations=0),
        Row("engine", score=9.0, upper_bound=9.5, violations=0),
    ]
    finish(rows)
    assert rows[1].gap_to_best == pytest.approx(0.1)
    assert rows[1].vs_greedy == pytest.approx(-0.1)
    assert "upper bound 9.5000 < best known score 10.0000!" in rows[1].note
    assert not rows[0].note
