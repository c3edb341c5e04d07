"""The validator and scorer: every hard rule, every reason code, the score by hand."""

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
    leg_value,
    score_assignment,
    unassigned_reason,
)
from haven.matching.tests.paths import EXAMPLE_INSTANCE

EXAMPLE = EXAMPLE_INSTANCE
needs_example = pytest.mark.skipif(not EXAMPLE.exists(), reason=f"no shared example instance at {EXAMPLE}")


def day(n: int) -> str:
    """The ISO day n of October 2022 (today in these instances is day 1)."""
    return (dt.date(2022, 9, 30) + dt.timedelta(days=n)).isoformat()


def a_household(id: str = "h1", **fields: Any) -> dict[str, Any]:
    raw = {
        "id": id, "city": "almaty", "adults": 1, "children": 0, "from": day(1), "until": day(8),
        "pets": False, "accessible": False, "women_only": False, "vulnerable": False,
        "languages": ["ru"], "district": None,
    }  # fmt: skip
    raw.update(fields)
    return raw


def an_offer(id: str = "o1", **fields: Any) -> dict[str, Any]:
    raw = {
        "id": id, "city": "almaty", "district": "medeu", "beds": 4, "max_households": 2,
        "from": day(1), "until": day(31), "max_nights": 30, "pets_ok": True, "children_ok": True,
        "accessible": True, "women_only": False, "languages": ["kk"],
    }  # fmt: skip
    raw.update(fields)
    return raw


def an_instance(
    households: list[dict[str, Any]],
    offers: list[dict[str, Any]],
    exclusions: list[tuple[str, str]] = (),  # type: ignore[assignment]
    policy: dict[str, Any] | None = None,
    today: str = day(1),
) -> Instance:
    raw: dict[str, Any] = {
        "format": "haven-match/1",
        "today": today,
        "households": households,
        "offers": offers,
        "exclusions": [{"household": h, "offer": o} for h, o in exclusions],
    }
    if policy is not None:
        raw["policy"] = policy
    return parse_instance(raw)


def a_result(
    instance: Instance, assigned: dict[str, list[tuple[str, int, int]]], unassigned: dict[str, str] | None = None
) -> dict[str, Any]:
    """A result with legs (offer, first night, day after the last) and the true score."""
    score = sum(
        score_assignment(instance, h, [Leg(o, dt.date.fromisoformat(day(a)), dt.date.fromisoformat(day(b)))
                                       for o, a, b in legs])
        for h, legs in assigned.items()
    )  # fmt: skip
    return {
        "format": "haven-match-result/1",
        "score": score,
        "upper_bound": score,
        "assignments": [
            {
                "household": h,
                "legs": [{"offer": o, "from": day(a), "until": day(b)} for o, a, b in legs],
                "reasons": ["a good fit"],
            }
            for h, legs in assigned.items()
        ],
        "unassigned": [{"household": h, "reason": r, "detail": ""} for h, r in (unassigned or {}).items()],
        "stats": {},
    }


def assert_caught(instance: Instance, result: dict[str, Any], *fragments: str) -> list[str]:
    report = check_result(instance, result)
    assert not report.ok
    for fragment in fragments:
        assert any(fragment in v for v in report.violations), (fragment, report.violations)
    return report.violations


def assert_valid(instance: Instance, result: dict[str, Any]) -> None:
    report = check_result(instance, result)
    assert report.violations == []
    assert report.ok


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


# --- reason codes, one by one ---------------------------------------------------------


def test_the_reason_is_no_offer_in_city_when_the_city_has_no_offer() -> None:
    inst = an_instance([a_household(city="taraz")], [an_offer()])
    assert unassigned_reason(inst, inst.households[0]) == "no_offer_in_city"


def test_the_reason_is_too_many_people_when_no_offer_in_the_city_has_enough_beds() -> None:
    # The roomy offer elsewhere does not count; nor do the pets, checked later.
    inst = an_instance(
        [a_household(adults=3, children=2, pets=True)], [an_offer(beds=4), an_offer("o2", city="bishkek", beds=9)]
    )
    assert unassigned_reason(inst, inst.households[0]) == "too_many_people"


def test_the_reason_is_pets_when_only_pet_free_offers_are_left() -> None:
    inst = an_instance([a_household(pets=True, children=1)], [an_offer(pets_ok=False, children_ok=False)])
    assert unassigned_reason(inst, inst.households[0]) == "pets"


def test_the_reason_is_children_when_the_offers_that_take_pets_take_no_children() -> None:
    inst = an_instance(
        [a_household(pets=True, children=1)],
        [an_offer(pets_ok=False, children_ok=True), an_offer("o2", pets_ok=True, children_ok=False)],
    )
    assert unassigned_reason(inst, inst.households[0]) == "children"


def test_the_reason_is_accessibility_when_no_remaining_offer_is_step_free() -> None:
    inst = an_instance([a_household(accessible=True)], [an_offer(accessible=False)])
    assert unassigned_reason(inst, inst.households[0]) == "accessibility"


def test_the_reason_is_women_only_when_only_women_only_offers_are_left() -> None:
    inst = an_instance([a_household()], [an_offer(women_only=True)])
    assert unassigned_reason(inst, inst.households[0]) == "women_only"
    inst = an_instance([a_household(women_only=True)], [an_offer(women_only=False)])
    assert unassigned_reason(inst, inst.households[0]) == "capacity_taken"


def test_the_reason_is_excluded_when_only_excluded_offers_are_left() -> None:
    inst = an_instance(
        [a_household()], [an_offer(), an_offer("o2", women_only=True)], exclusions=[("h1", "o1")]
    )  # o2 already fell to women_only, o1 to the exclusion
    assert unassigned_reason(inst, inst.households[0]) == "excluded"


def test_the_reason_is_dates_when_no_remaining_offer_is_open_on_its_nights_from_today() -> None:
    inst = an_instance(
        [a_household(**{"from": day(-3), "until": day(4)})],
        # Open only before today, or only after the household leaves.
        [an_offer(**{"from": day(-6), "until": day(1)}), an_offer("o2", **{"from": day(4), "until": day(9)})],
        today=day(1),
    )
    assert unassigned_reason(inst, inst.households[0]) == "dates"
    # A household whose nights are all in the past fits no offer's dates.
    inst = an_instance([a_household(**{"from": day(-3), "until": day(1)})], [an_offer(**{"from": day(-9)})])
    assert unassigned_reason(inst, inst.households[0]) == "dates"


def test_the_reason_is_capacity_taken_when_a_compatible_offer_exists() -> None:
    inst = an_instance(
        [a_household(**{"from": day(-3), "until": day(4)})], [an_offer(**{"from": day(3), "until": day(9)})]
    )
    assert unassigned_reason(inst, inst.households[0]) == "capacity_taken"
    assert [o.id for o in compatible_offers(inst, inst.households[0])] == ["o1"]


def test_every_reason_code_is_listed() -> None:
    assert REASON_CODES == (
        "no_offer_in_city", "too_many_people", "pets", "children", "accessibility", "women_only",
        "excluded", "dates", "capacity_taken",
    )  # fmt: skip


# --- score -----------------------------------------------------------------------------


def leg(offer: str, a: int, b: int) -> Leg:
    return Leg(offer, dt.date.fromisoformat(day(a)), dt.date.fromisoformat(day(b)))


def test_the_first_urgent_nights_count_double_from_today() -> None:
    # From before today: urgent nights are the 1st, 2nd and 3rd; 5 nights = 2+2+2+1+1.
    inst = an_instance([a_household(**{"from": day(-2)})], [an_offer()])
    assert score_assignment(inst, "h1", [leg("o1", 1, 6)]) == pytest.approx(8.0)
    # A leg starting later gets only the urgent nights it covers: the 3rd; 3+1+1... = 2+1+1.
    assert score_assignment(inst, "h1", [leg("o1", 3, 6)]) == pytest.approx(4.0)


def test_the_urgent_nights_start_at_the_households_from_when_it_is_after_today() -> None:
    inst = an_instance([a_household(**{"from": day(5), "until": day(12)})], [an_offer()])
    # Urgent: 5th, 6th, 7th. Leg 5..9 = 2+2+2+1 = 7.
    assert score_assignment(inst, "h1", [leg("o1", 5, 9)]) == pytest.approx(7.0)


def test_the_policy_sets_the_urgent_window_and_weight() -> None:
    inst = an_instance([a_household()], [an_offer()], policy={"urgent_nights": 1, "urgent_weight": 5})
    assert score_assignment(inst, "h1", [leg("o1", 1, 4)]) == pytest.approx(5 + 1 + 1)
    inst = an_instance([a_household()], [an_offer()], policy={"urgent_nights": 0})
    assert score_assignment(inst, "h1", [leg("o1", 1, 4)]) == pytest.approx(3.0)


def test_a_vulnerable_household_weighs_more_per_person() -> None:
    inst = an_instance([a_household(adults=2, children=1, vulnerable=True)], [an_offer()])
    # 3 people * 1.5 * (2+2+2+1) = 31.5
    assert score_assignment(inst, "h1", [leg("o1", 1, 5)]) == pytest.approx(31.5)


def test_a_shared_language_and_the_preferred_district_add_a_bonus_per_person() -> None:
    inst = an_instance(
        [a_household(adults=2, languages=["ru", "EN"], district="medeu")],
        [an_offer(languages=["en"], district="medeu"), an_offer("o2", languages=["kk"], district="almaly")],
    )
    # 2 * (2+2) = 8, + 2 * 0.5 language, + 2 * 0.25 district = 9.5
    assert score_assignment(inst, "h1", [leg("o1", 1, 3)]) == pytest.approx(9.5)
    assert score_assignment(inst, "h1", [leg("o2", 1, 3)]) == pytest.approx(8.0)


def test_every_leg_after_the_first_pays_the_move_penalty_per_person() -> None:
    inst = an_instance(
        [a_household(adults=2, **{"until": day(9)})],
        [an_offer(languages=["ru"]), an_offer("o2"), an_offer("o3", district="almaly")],
    )
    legs = [leg("o1", 1, 3), leg("o2", 3, 6), leg("o3", 6, 9)]
    # o1: 2*(2+2) + 2*0.5 = 9; o2: 2*(2+1+1) - 2 = 6; o3: 2*3 - 2 = 4.
    assert score_assignment(inst, "h1", legs) == pytest.approx(19.0)
    household, offers = inst.households[0], {o.id: o for o in inst.offers}
    values = [leg_value(inst, household, offers[x.offer], x.start, x.end, i) for i, x in enumerate(legs)]
    assert values == pytest.approx([9.0, 6.0, 4.0])
    assert check_result(inst, a_result(inst, {"h1": [("o1", 1, 3), ("o2", 3, 6), ("o3", 6, 9)]})).score == 19.0


def test_the_policy_sets_the_bonuses_penalty_and_vulnerable_weight() -> None:
    policy = {"language_bonus": 3, "district_bonus": 2, "move_penalty": 0.5, "vulnerable_weight": 2}
    inst = an_instance(
        [a_household(vulnerable=True, district="medeu")],
        [an_offer(languages=["ru"]), an_offer("o2", district="x")],
        policy=policy,
    )
    # o1: 2*(2+2) + 3 + 2 = 13; o2: 2*(2+1) - 0.5 = 5.5
    assert score_assignment(inst, "h1", [leg("o1", 1, 3), leg("o2", 3, 5)]) == pytest.approx(18.5)


def test_a_score_off_by_more_than_the_tolerance_is_reported() -> None:
    inst = an_instance([a_household()], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 8)]})  # 2*3 + 4 = 10
    assert result["score"] == pytest.approx(10.0)
    result["score"] = result["upper_bound"] = 10.0 + 5e-6
    assert_valid(inst, result)
    result["score"] = 10.001
    assert_caught(inst, result, "score: reported 10.001, recomputed 10.0")


def test_a_zero_score_is_compared_with_an_absolute_tolerance() -> None:
    inst = an_instance([a_household(city="taraz")], [an_offer()])
    result = a_result(inst, {}, {"h1": "no_offer_in_city"})
    result["score"] = 5e-7
    assert_valid(inst, result)
    result["score"] = 2e-6
    assert_caught(inst, result, "score: reported")


def test_an_upper_bound_below_the_score_is_reported() -> None:
    inst = an_instance([a_household()], [an_offer()])
    result = a_result(inst, {"h1": [("o1", 1, 8)]})
    result["upper_bound"] = 9.5
    assert_caught(inst, result, "upper_bound: 9.5 is below the recomputed score 10.0")
    result["upper_bound"] = 12.0
    report = check_result(inst, result)
    assert report.ok
    assert report.upper_bound == 12.0
    assert report.reported_score == pytest.approx(10.0)
    assert "score/bound" in report.describe()


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
