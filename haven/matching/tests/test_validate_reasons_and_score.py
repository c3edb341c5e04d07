"""The validator's reason codes (the filter chain of FORMAT.md) and its score, by hand."""

from __future__ import annotations

import pytest

from haven.matching.engine.validate import (
    REASON_CODES,
    check_result,
    compatible_offers,
    leg_value,
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
