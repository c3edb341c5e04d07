"""The validator on malformed results, on the example instance, and on random results."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.matching.engine.model import Instance, Leg, parse_instance
from haven.matching.engine.validate import (
    REASON_CODES,
    check_result,
    compatible_offers,
    household_violations,
    score_assignment,
    unassigned_reason,
)
from haven.matching.tests.builders import (
    a_household,
    a_result,
    an_instance,
    an_offer,
    assert_caught,
    assert_valid,
    day,
    leg,
)
from haven.matching.tests.paths import EXAMPLE_INSTANCE

EXAMPLE = EXAMPLE_INSTANCE
needs_example = pytest.mark.skipif(not EXAMPLE.exists(), reason=f"no shared example instance at {EXAMPLE}")


# --- the format of the result -----------------------------------------------------------


def test_it_reports_a_wrong_format() -> None:
    inst = an_instance([], [])
    result = a_result(inst, {})
    result["format"] = "haven-match/1"
    assert_caught(inst, result, "format: must be 'haven-match-result/1'")


def test_an_empty_result_of_an_empty_instance_is_valid() -> None:
    inst = an_instance([], [])
    assert_valid(inst, a_result(inst, {}))


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r.pop("score"), "score: must be a finite number"),
        (lambda r: r.update(score="12"), "score: must be a finite number"),
        (lambda r: r.update(score=True), "score: must be a finite number"),
        (lambda r: r.update(upper_bound=float("nan")), "upper_bound: must be a finite number"),
        (lambda r: r.update(upper_bound=10**400), "upper_bound: must be a finite number"),
        (lambda r: r.pop("assignments"), "assignments: missing"),
        (lambda r: r.update(unassigned={}), "unassigned: must be a list"),
        (lambda r: r["assignments"].append(7), "assignments[1]: must be an object"),
        (lambda r: r["assignments"][0].pop("legs"), "assignments[0].legs: must be a list"),
        (lambda r: r["assignments"][0].update(household=3), "assignments[0].household: must be a string"),
        (lambda r: r["assignments"][0].update(reasons="good"), "assignments[0].reasons: must be a list of strings"),
        (lambda r: r["assignments"][0]["legs"][0].update(until="2022-10-32"), "legs[0].until: not an ISO day"),
        (lambda r: r["assignments"][0]["legs"][0].update(until="20221004"), "legs[0].until: not an ISO day"),
        (lambda r: r["assignments"][0]["legs"][0].update({"from": None}), "legs[0].from: not an ISO day"),
        (lambda r: r["assignments"][0]["legs"][0].pop("from"), "legs[0].from: missing"),
        (lambda r: r["assignments"][0]["legs"][0].update(offer=["o1"]), "legs[0].offer: must be a string"),
        (lambda r: r["assignments"][0]["legs"].append("o1"), "legs[1]: must be an object"),
        (lambda r: r["unassigned"].append({"reason": "dates"}), "unassigned[0].household: must be a string"),
        (lambda r: r["unassigned"].append([]), "unassigned[0]: must be an object"),
        (lambda r: r.update(stats=[]), "stats: must be an object"),
    ],
)
def test_a_malformed_result_gives_violations_not_an_exception(mutate: Any, fragment: str) -> None:
    inst = an_instance([a_household(), a_household("h2", city="taraz")], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 4)]}, {"h2": "no_offer_in_city"})
    result["unassigned"] = []
    result["assignments"] = result["assignments"][:1]
    mutate(result)
    assert_caught(inst, result, fragment)


@pytest.mark.parametrize("result", [None, [], "result", 3, {}])
def test_a_result_that_is_not_a_result_object_gives_violations(result: Any) -> None:
    inst = an_instance([a_household()], [an_offer()])
    assert not check_result(inst, result).ok


def test_a_malformed_leg_still_lets_the_others_be_checked() -> None:
    inst = an_instance([a_household(pets=True)], [an_offer(pets_ok=False)])
    result = a_result(inst, {"h1": [("o1", 1, 3)]})
    result["assignments"][0]["legs"].insert(0, {"offer": "o1", "from": "soon", "until": day(1)})
    assert_caught(
        inst, result, "legs[0].from: not an ISO day", "h1 at o1 from 2022-10-01 until 2022-10-03: household has pets"
    )


def test_missing_reasons_are_a_warning_not_a_violation() -> None:
    inst = an_instance([a_household()], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 4)]})
    result["assignments"][0]["reasons"] = []
    report = check_result(inst, result)
    assert report.ok
    assert report.warnings == ["assignments[0]: no reasons given"]


def test_extra_fields_in_the_result_are_allowed() -> None:
    inst = an_instance([a_household()], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 4)]})
    result["engine"] = {"version": 2}
    result["assignments"][0]["value"] = 7.5
    assert_valid(inst, result)


def test_household_violations_checks_one_chain_alone() -> None:
    inst = an_instance([a_household()], [an_offer(max_nights=2)])
    assert household_violations(inst, inst.households[0], []) == []
    assert household_violations(inst, inst.households[0], [leg("o1", 1, 3)]) == []
    assert household_violations(inst, inst.households[0], [leg("o1", 1, 4)]) == [
        "h1 at o1 from 2022-10-01 until 2022-10-04: 3 nights > the offer's max_nights 2"
    ]


# --- the example instance -------------------------------------------------------------


@needs_example
def test_a_hand_made_optimal_result_for_the_example_validates_with_its_score() -> None:
    inst = parse_instance(json.loads(EXAMPLE.read_text()))
    result: dict[str, Any] = {
        "format": "haven-match-result/1",
        # h2 (3 people, vulnerable, pets, a child, ru, medeu) at o1, the only offer taking
        # pets and children, 3 urgent nights: 3*1.5*(2+2+2) + 3*0.5 + 3*0.25 = 29.25.
        # h3 (2 women, ru) at o2 from its from, all 3 nights urgent: 2*6 + 2*0.5 = 13.
        # h1 (1, ru; o3 excluded) shares o2 (4 beds, 2 households): 1*(6+4) + 0.5 = 10.5.
        # h4 needs step-free access; bishkek's one offer has none.
        "score": 52.75,
        "upper_bound": 52.75,
        "assignments": [
            {"household": "h1", "legs": [{"offer": "o2", "from": "2022-10-01", "until": "2022-10-08"}],
             "reasons": ["covers 7 of 7 nights", "host speaks Russian"]},
            {"household": "h2", "legs": [{"offer": "o1", "from": "2022-10-01", "until": "2022-10-04"}],
             "reasons": ["covers 3 of 3 nights", "takes pets", "in Medeu"]},
            {"household": "h3", "legs": [{"offer": "o2", "from": "2022-10-02", "until": "2022-10-05"}],
             "reasons": ["covers 3 of 3 nights", "host speaks Russian"]},
        ],
        "unassigned": [{"household": "h4", "reason": "accessibility", "detail": "no step-free offer in bishkek"}],
        "stats": {"solver": "by hand"},
    }  # fmt: skip
    report = check_result(inst, result)
    assert report.violations == []
    assert report.score == pytest.approx(52.75)
    # Every household gets its best possible value, so 52.75 is the example's optimum.
    reasons = {h.id: unassigned_reason(inst, h) for h in inst.households}
    assert reasons == {"h1": "capacity_taken", "h2": "capacity_taken", "h3": "capacity_taken", "h4": "accessibility"}
    # Moving h3 to the women-only o3 is feasible too, but loses the language bonus.
    result["assignments"][2]["legs"][0]["offer"] = "o3"
    report = check_result(inst, result)
    assert report.violations == ["score: reported 52.75, recomputed 51.75"]


@needs_example
def test_a_chain_in_the_example_that_breaks_the_rules_is_caught() -> None:
    inst = parse_instance(json.loads(EXAMPLE.read_text()))
    result = {
        "format": "haven-match-result/1", "score": 0, "upper_bound": 100,
        "assignments": [{"household": "h1", "legs": [
            {"offer": "o2", "from": "2022-10-01", "until": "2022-10-04"},
            {"offer": "o1", "from": "2022-10-04", "until": "2022-10-05"},
            {"offer": "o3", "from": "2022-10-05", "until": "2022-10-08"},
        ]}, {"household": "h2", "legs": [{"offer": "o1", "from": "2022-10-01", "until": "2022-10-05"}]}],
        "unassigned": [{"household": "h3", "reason": "women_only"}, {"household": "h4", "reason": "accessibility"}],
    }  # fmt: skip
    violations = check_result(inst, result).violations
    expected = [
        "h1 at o1 from 2022-10-04 until 2022-10-05: 1 night(s) < min_leg_nights 2 in a chain",
        "h1 at o3 from 2022-10-05 until 2022-10-08: excluded pair",
        "h1 at o3 from 2022-10-05 until 2022-10-08: women-only offer, household not women_only",
        "h2 at o1 from 2022-10-01 until 2022-10-05: outside the household's nights from 2022-10-01 until 2022-10-04",
        "o1 on 2022-10-04: 4 people > 3 beds (h1, h2)",
        "o1 on 2022-10-04: 2 households > max_households 1 (h1, h2)",
        "h3: reason 'women_only', but compatible offers exist (o1, o2, o3)",
    ]
    for v in expected:
        assert v in violations
    assert any(v.startswith("score: reported 0") for v in violations)


# --- properties --------------------------------------------------------------------------


def naive_reason(instance: Instance, household: Any) -> str:
    """The filter chain of FORMAT.md, written out plainly, as a reference."""
    offers = [o for o in instance.offers if o.city == household.city]
    nights, night = [], max(household.start, instance.today)
    while night < household.end:
        nights.append(night)
        night += dt.timedelta(days=1)
    steps = [
        ("no_offer_in_city", lambda o: True),
        ("too_many_people", lambda o: o.beds >= household.people),
        ("pets", lambda o: o.pets_ok or not household.pets),
        ("children", lambda o: o.children_ok or household.children == 0),
        ("accessibility", lambda o: o.accessible or not household.accessible),
        ("women_only", lambda o: household.women_only or not o.women_only),
        ("excluded", lambda o: (household.id, o.id) not in instance.exclusions),
        ("dates", lambda o: any(o.start <= n < o.end for n in nights)),
    ]
    for code, keep in steps:
        offers = [o for o in offers if keep(o)]
        if not offers:
            return code
    return "capacity_taken"


@st.composite
def small_instances(draw: st.DrawFn) -> Instance:
    """Up to 5 households and 5 offers in two cities; needs rare and rules lax enough
    that many households have a compatible offer, and some have none."""
    cities = ["almaty", "almaty", "almaty", "bishkek"]
    rare = st.integers(0, 3).map(lambda x: x == 3)
    often = st.integers(0, 3).map(lambda x: x != 3)
    n_households = draw(st.integers(0, 5))
    n_offers = draw(st.integers(0, 5))

    def window(first: int, last: int, longest: int) -> dict[str, str]:
        a = draw(st.integers(first, last))
        return {"from": day(a), "until": day(a + draw(st.integers(1, longest)))}

    households = [
        a_household(
            f"h{i}", city=draw(st.sampled_from(cities)), adults=draw(st.integers(1, 3)),
            children=draw(st.sampled_from([0, 0, 1, 2])), pets=draw(rare), accessible=draw(rare),
            women_only=draw(rare), vulnerable=draw(st.booleans()),
            languages=draw(st.lists(st.sampled_from(["ru", "kk", "en"]), max_size=2)),
            district=draw(st.sampled_from([None, "medeu", "almaly"])), **window(-3, 8, 8),
        )
        for i in range(n_households)
    ]  # fmt: skip
    offers = [
        an_offer(
            f"o{i}", city=draw(st.sampled_from(cities)), district=draw(st.sampled_from(["medeu", "almaly"])),
            beds=draw(st.integers(1, 5)), max_households=draw(st.integers(1, 2)), max_nights=draw(st.integers(1, 6)),
            pets_ok=draw(often), children_ok=draw(often), accessible=draw(often),
            women_only=draw(rare), languages=draw(st.lists(st.sampled_from(["ru", "kk", "en"]), max_size=2)),
            **window(-4, 6, 16),
        )
        for i in range(n_offers)
    ]  # fmt: skip
    pairs = [(h["id"], o["id"]) for h in households for o in offers]
    exclusions = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True)) if pairs else []
    policy = {"max_legs": draw(st.integers(1, 3)), "min_leg_nights": draw(st.integers(1, 3))}
    return an_instance(households, offers, exclusions, policy=policy)


junk = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=12),
    st.sampled_from(["2022-10-01", "2022-10-05", "2022-02-30", "h0", "o1", "capacity_taken"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip


@st.composite
def random_results(draw: st.DrawFn, instance: Instance) -> Any:
    """Results from random legs, with now and then a field replaced by junk."""
    household_ids = [h.id for h in instance.households] + ["h9"]
    offer_ids = [o.id for o in instance.offers] + ["o9"]

    def maybe(value: Any) -> Any:
        return draw(junk) if draw(st.integers(0, 14)) == 0 else value

    def a_leg() -> Any:
        a = draw(st.integers(-6, 16))
        raw = {"offer": maybe(draw(st.sampled_from(offer_ids))), "from": maybe(day(a)),
               "until": maybe(day(a + draw(st.integers(-1, 6))))}  # fmt: skip
        return maybe(raw)

    assignments = [
        maybe({"household": maybe(draw(st.sampled_from(household_ids))),
               "legs": maybe([a_leg() for _ in range(draw(st.integers(0, 4)))]), "reasons": maybe(["x"])})
        for _ in range(draw(st.integers(0, 6)))
    ]  # fmt: skip
    unassigned = [
        maybe({"household": maybe(draw(st.sampled_from(household_ids))),
               "reason": maybe(draw(st.sampled_from(REASON_CODES))), "detail": maybe("")})
        for _ in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    result = {"format": maybe("haven-match-result/1"), "score": maybe(draw(st.floats(-10, 100))),
              "upper_bound": maybe(draw(st.floats(-10, 100))), "assignments": maybe(assignments),
              "unassigned": maybe(unassigned), "stats": maybe({})}  # fmt: skip
    for key in list(result):
        if draw(st.integers(0, 20)) == 0:
            del result[key]
    return maybe(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_results_never_make_the_checker_raise(data: st.DataObject) -> None:
    instance = data.draw(small_instances())
    result = data.draw(random_results(instance))
    report = check_result(instance, result)
    assert isinstance(report.violations, list)
    assert all(isinstance(v, str) for v in report.violations)
    if report.ok:  # then every household is placed or rightly excused, and the score adds up
        by_household = {a["household"]: a["legs"] for a in result["assignments"]}
        total = sum(
            score_assignment(instance, h, [Leg(x["offer"], dt.date.fromisoformat(x["from"]),
                                               dt.date.fromisoformat(x["until"])) for x in legs])
            for h, legs in by_household.items()
        )  # fmt: skip
        assert report.score == pytest.approx(total)


@settings(max_examples=300, deadline=None)
@given(small_instances())
def test_the_reason_filter_chain_matches_a_plain_reading_of_the_format(instance: Instance) -> None:
    for household in instance.households:
        reason = unassigned_reason(instance, household)
        assert reason == naive_reason(instance, household)
        assert (reason == "capacity_taken") == bool(compatible_offers(instance, household))


@settings(max_examples=200, deadline=None)
@given(small_instances(), st.data())
def test_single_one_night_legs_at_compatible_offers_always_validate(instance: Instance, data: st.DataObject) -> None:
    """Whatever the reason chain calls compatible can really take the household alone."""
    for household in instance.households:
        offers = compatible_offers(instance, household)
        if not offers:
            continue
        offer = data.draw(st.sampled_from(offers))
        first = max(household.start, instance.today, offer.start)
        result = {
            "format": "haven-match-result/1", "score": 0.0, "upper_bound": 1e9,
            "assignments": [{"household": household.id, "legs": [
                {"offer": offer.id, "from": first.isoformat(), "until": (first + dt.timedelta(days=1)).isoformat()}
            ], "reasons": ["fits"]}],
            "unassigned": [{"household": h.id, "reason": unassigned_reason(instance, h)}
                           for h in instance.households if h is not household],
        }  # fmt: skip
        result["score"] = check_result(instance, result).score
        assert check_result(instance, result).violations == []


def naive_violation_count(instance: Instance, result: dict[str, Any]) -> int:
    """A plain, night-by-night reading of the hard rules, for well-formed results."""
    households = {h.id: h for h in instance.households}
    offers = {o.id: o for o in instance.offers}
    policy, bad = instance.policy, 0
    listed = [a["household"] for a in result["assignments"]] + [u["household"] for u in result["unassigned"]]
    bad += sorted(listed) != sorted(households)
    people: dict[tuple[str, dt.date], int] = {}
    guests: dict[tuple[str, dt.date], int] = {}
    for a in result["assignments"]:
        h = households[a["household"]]
        legs = [Leg(x["offer"], dt.date.fromisoformat(x["from"]), dt.date.fromisoformat(x["until"])) for x in a["legs"]]
        bad += not legs or len(legs) > policy.max_legs or len({x.offer for x in legs}) < len(legs)
        for i, x in enumerate(legs):
            o = offers[x.offer]
            nights = [x.start + dt.timedelta(days=k) for k in range((x.end - x.start).days)]
            bad += not nights or (i > 0 and x.start != legs[i - 1].end)
            bad += len(legs) > 1 and len(nights) < policy.min_leg_nights
            bad += len(nights) > o.max_nights or o.city != h.city or (h.id, o.id) in instance.exclusions
            bad += (h.pets and not o.pets_ok) or (h.children and not o.children_ok)
            bad += (h.accessible and not o.accessible) or (o.women_only and not h.women_only)
            for n in nights:
                bad += not (h.start <= n < h.end and o.start <= n < o.end and n >= instance.today)
                people[o.id, n] = people.get((o.id, n), 0) + h.people
                guests[o.id, n] = guests.get((o.id, n), 0) + 1
    bad += sum(people[k] > offers[k[0]].beds or guests[k] > offers[k[0]].max_households for k in people)
    bad += sum(u["reason"] != naive_reason(instance, households[u["household"]]) for u in result["unassigned"])
    return bad


@st.composite
def plausible_results(draw: st.DrawFn, instance: Instance) -> dict[str, Any]:
    """Results that are often valid: chains that mostly fit the household, the offers
    and the policy, and the true reason for those left out; now and then a slip."""
    offers = {o.id: o for o in instance.offers}

    def slip() -> bool:
        return draw(st.integers(0, 11)) == 0

    assignments: list[dict[str, Any]] = []
    unassigned: list[dict[str, Any]] = []
    for h in instance.households:
        compatible = [o.id for o in compatible_offers(instance, h)]
        if not compatible or draw(st.integers(0, 3)) == 0:
            reason = unassigned_reason(instance, h)
            unassigned.append({"household": h.id, "reason": draw(st.sampled_from(REASON_CODES)) if slip() else reason})
            continue
        start = max(h.start, instance.today) + dt.timedelta(days=draw(st.integers(-1, 1)) if slip() else 0)
        legs: list[dict[str, str]] = []
        for _ in range(draw(st.integers(1, instance.policy.max_legs + slip()))):
            choices = [o for o in compatible if o not in {x["offer"] for x in legs}]
            if slip() or not choices:
                choices = list(offers)
            offer = offers[draw(st.sampled_from(choices))]
            if offer.start > start and not slip():
                break
            longest = (min(h.end, offer.end) - start).days, offer.max_nights
            nights = draw(st.integers(1, 4)) if slip() else min(*longest, draw(st.integers(1, 6)))
            if nights < 1:
                break
            end = start + dt.timedelta(days=nights)
            legs.append({"offer": offer.id, "from": start.isoformat(), "until": end.isoformat()})
            start = end
        if not legs:
            unassigned.append({"household": h.id, "reason": unassigned_reason(instance, h)})
            continue
        assignments.append({"household": h.id, "legs": legs, "reasons": ["fits"]})
    result: dict[str, Any] = {"format": "haven-match-result/1", "score": 0.0, "upper_bound": 1e9,
                              "assignments": assignments, "unassigned": unassigned}  # fmt: skip
    result["score"] = sum(
        score_assignment(instance, a["household"], [Leg(x["offer"], dt.date.fromisoformat(x["from"]),
                                                        dt.date.fromisoformat(x["until"])) for x in a["legs"]])
        for a in assignments
    )  # fmt: skip
    return result


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_checker_agrees_with_a_night_by_night_reading_of_the_rules(data: st.DataObject) -> None:
    instance = data.draw(small_instances())
    result = data.draw(plausible_results(instance))
    report = check_result(instance, result)
    assert report.ok == (naive_violation_count(instance, result) == 0), report.violations
    assert report.score == pytest.approx(result["score"])
