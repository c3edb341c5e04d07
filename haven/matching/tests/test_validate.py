"""The validator on the hard rules of a result, its bookkeeping of households, and its reason codes."""

from __future__ import annotations

import pytest

from haven.matching.engine.validate import (
    check_result,
)
from haven.matching.tests.builders import (
    a_household,
    a_result,
    an_instance,
    an_offer,
    assert_caught,
    assert_valid,
    day,
)
from haven.matching.tests.paths import EXAMPLE_INSTANCE

EXAMPLE = EXAMPLE_INSTANCE
needs_example = pytest.mark.skipif(not EXAMPLE.exists(), reason=f"no shared example instance at {EXAMPLE}")


# --- rule 1: the legs of one household ------------------------------------------------


def test_it_reports_a_leg_whose_from_is_not_before_its_until() -> None:
    inst = an_instance([a_household()], [an_offer()])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 3, 3)]}), "h1 at o1 from 2022-10-03", "not before until")
    assert_caught(inst, a_result(inst, {"h1": [("o1", 4, 3)]}), "not before until")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 3, 4)]}))


def test_it_reports_legs_that_leave_a_gap_or_overlap() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 3), ("o2", 4, 8)]}), "h1 at o2", "not consecutive")
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 5), ("o2", 4, 8)]}), "not consecutive")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 4), ("o2", 4, 8)]}))


def test_it_reports_legs_out_of_chronological_order() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o2", 4, 8), ("o1", 1, 4)]}), "not consecutive")


def test_it_reports_a_leg_outside_the_households_own_nights() -> None:
    inst = an_instance([a_household(**{"from": day(3), "until": day(6)})], [an_offer()])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 2, 6)]}), "outside the household's nights")
    assert_caught(inst, a_result(inst, {"h1": [("o1", 3, 7)]}), "outside the household's nights")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 3, 6)]}))


def test_it_reports_a_household_using_one_offer_twice() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2")])
    result = a_result(inst, {"h1": [("o1", 1, 3), ("o2", 3, 5), ("o1", 5, 8)]})
    assert_caught(inst, result, "h1 at o1 from 2022-10-05 until 2022-10-08: offer used twice")


def test_it_reports_more_legs_than_max_legs() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2"), an_offer("o3")], policy={"max_legs": 2})
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 3), ("o2", 3, 5), ("o3", 5, 8)]}), "3 legs > max_legs 2")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 4), ("o2", 4, 8)]}))


def test_it_reports_a_short_leg_in_a_chain_but_not_a_short_only_leg() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2")], policy={"min_leg_nights": 3})
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 3), ("o2", 3, 8)]}), "h1 at o1", "min_leg_nights 3")
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 6), ("o2", 6, 8)]}), "h1 at o2", "min_leg_nights 3")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 4), ("o2", 4, 8)]}))
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 2)]}))


def test_it_reports_a_night_before_today() -> None:
    inst = an_instance([a_household(**{"from": day(-2)})], [an_offer(**{"from": day(-5)})])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 0, 4)]}), "night 2022-09-30 is before today 2022-10-01")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 4)]}))


# --- rule 2: the leg and its offer -----------------------------------------------------


def test_it_reports_a_leg_outside_the_offers_nights() -> None:
    inst = an_instance([a_household()], [an_offer(**{"from": day(2), "until": day(6)})])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "outside the offer's nights")
    assert_caught(inst, a_result(inst, {"h1": [("o1", 3, 7)]}), "outside the offer's nights")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 2, 6)]}))


def test_it_reports_a_leg_longer_than_max_nights() -> None:
    inst = an_instance([a_household()], [an_offer(max_nights=3)])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 5)]}), "4 nights > the offer's max_nights 3")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 4)]}))


def test_it_reports_an_offer_in_another_city() -> None:
    inst = an_instance([a_household()], [an_offer(city="bishkek"), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "offer in bishkek, household in almaty")
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)]}))


def test_it_reports_an_excluded_pair() -> None:
    inst = an_instance([a_household(), a_household("h2")], [an_offer()], exclusions=[("h1", "o1")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}, {"h2": "capacity_taken"}), "h1 at o1", "excluded")
    assert_valid(inst, a_result(inst, {"h2": [("o1", 1, 4)]}, {"h1": "excluded"}))


# --- rule 3: house rules ---------------------------------------------------------------


def test_it_reports_pets_at_an_offer_that_takes_none() -> None:
    inst = an_instance([a_household(pets=True)], [an_offer(pets_ok=False), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "has pets, offer takes none")
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)]}))


def test_it_reports_children_at_an_offer_that_takes_none() -> None:
    inst = an_instance([a_household(children=1)], [an_offer(children_ok=False), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "has children, offer takes none")
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)]}))


def test_it_reports_a_step_free_need_at_an_offer_without_access() -> None:
    inst = an_instance([a_household(accessible=True)], [an_offer(accessible=False), an_offer("o2")])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "needs step-free access")
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)]}))


def test_it_reports_a_mixed_household_at_a_women_only_offer_but_not_the_reverse() -> None:
    inst = an_instance(
        [a_household(), a_household("h2", women_only=True)],
        [an_offer(women_only=True, max_households=1), an_offer("o2", max_households=1)],
    )
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)], "h2": [("o2", 1, 4)]}), "h1 at o1", "women-only offer")
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)], "h2": [("o1", 1, 4)]}))
    # A women-only household may also stay at an ordinary offer.
    assert_valid(inst, a_result(inst, {"h1": [("o2", 1, 4)], "h2": [("o2", 4, 8)]}))


# --- rule 4: capacity ------------------------------------------------------------------


def test_it_reports_a_bed_overbooked_on_one_night() -> None:
    inst = an_instance(
        [a_household(adults=2, children=1), a_household("h2")],
        [an_offer("o3", beds=3, max_households=2)],
    )
    result = a_result(inst, {"h1": [("o3", 1, 3)], "h2": [("o3", 2, 5)]})
    violations = assert_caught(inst, result, "o3 on 2022-10-02: 4 people > 3 beds (h1, h2)")
    assert len(violations) == 1  # only the one night, only the beds
    assert_valid(inst, a_result(inst, {"h1": [("o3", 1, 3)], "h2": [("o3", 3, 5)]}))


def test_it_reports_too_many_households_on_a_night() -> None:
    inst = an_instance([a_household(), a_household("h2"), a_household("h3")], [an_offer(beds=10, max_households=2)])
    result = a_result(inst, {"h1": [("o1", 1, 8)], "h2": [("o1", 1, 8)], "h3": [("o1", 7, 8)]})
    violations = assert_caught(inst, result, "o1 on 2022-10-07: 3 households > max_households 2 (h1, h2, h3)")
    assert len(violations) == 1
    result = a_result(inst, {"h1": [("o1", 1, 7)], "h2": [("o1", 1, 8)], "h3": [("o1", 7, 8)]})
    assert_valid(inst, result)


# --- bookkeeping of households and ids ----------------------------------------------


def test_it_reports_a_household_missing_from_the_result() -> None:
    inst = an_instance([a_household(), a_household("h2")], [an_offer()])
    assert_caught(inst, a_result(inst, {"h1": [("o1", 1, 4)]}), "h2: missing from both")


def test_it_reports_a_household_listed_twice() -> None:
    inst = an_instance([a_household()], [an_offer(), an_offer("o2")])
    result = a_result(inst, {"h1": [("o1", 1, 4)]}, {"h1": "capacity_taken"})
    assert_caught(inst, result, "h1: appears twice, in assignments[0] and unassigned[0]")
    result = a_result(inst, {"h1": [("o1", 1, 4)]})
    result["assignments"].append({"household": "h1", "legs": [{"offer": "o2", "from": day(4), "until": day(8)}]})
    result["score"] = result["upper_bound"] = check_result(inst, result).score
    assert_caught(inst, result, "h1: appears twice, in assignments[0] and assignments[1]")


def test_it_reports_unknown_household_and_offer_ids() -> None:
    inst = an_instance([a_household()], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 4)]})
    result["assignments"][0]["legs"].append({"offer": "o9", "from": day(4), "until": day(6)})
    result["unassigned"].append({"household": "h9", "reason": "dates"})
    assert_caught(inst, result, "unknown offer 'o9'", "unassigned[0].household: unknown household 'h9'")


def test_it_reports_an_assignment_with_no_legs() -> None:
    inst = an_instance([a_household()], [an_offer()])
    assert_caught(inst, a_result(inst, {"h1": []}), "h1: assigned no legs")


# --- unassigned reasons in results ------------------------------------------------------


def test_it_reports_a_reason_that_is_not_a_code() -> None:
    inst = an_instance([a_household()], [])
    assert_caught(inst, a_result(inst, {}, {"h1": "no_beds"}), "unassigned[0].reason: 'no_beds' is not one of")
    assert_valid(inst, a_result(inst, {}, {"h1": "no_offer_in_city"}))


def test_it_reports_a_wrong_reason_code() -> None:
    inst = an_instance([a_household(pets=True, children=1)], [an_offer(pets_ok=False, children_ok=False)])
    assert_caught(
        inst, a_result(inst, {}, {"h1": "children"}), "reason 'children', but the first binding rule is 'pets'"
    )
    assert_valid(inst, a_result(inst, {}, {"h1": "pets"}))


def test_it_reports_capacity_taken_when_no_offer_is_compatible() -> None:
    inst = an_instance([a_household(pets=True)], [an_offer(pets_ok=False)])
    assert_caught(inst, a_result(inst, {}, {"h1": "capacity_taken"}), "first binding rule is 'pets'")


def test_it_reports_a_rule_code_when_a_compatible_offer_exists() -> None:
    inst = an_instance([a_household(), a_household("h2")], [an_offer(max_households=1, **{"until": day(8)})])
    result = a_result(inst, {"h1": [("o1", 1, 8)]}, {"h2": "dates"})
    assert_caught(inst, result, "h2: reason 'dates', but compatible offers exist (o1)")
    assert_valid(inst, a_result(inst, {"h1": [("o1", 1, 8)]}, {"h2": "capacity_taken"}))
