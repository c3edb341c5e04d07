"""The wait arithmetic, on its own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from haven.queues import estimate


def test_with_nothing_learnt_the_usual_minutes_are_used():
    assert estimate.minutes_per_visitor([], 7) == 7


def test_one_very_long_visit_barely_moves_the_estimate():
    durations = [5.0] * 19 + [120.0]
    assert estimate.minutes_per_visitor(durations, 5) < 5.5


def test_the_learnt_figure_wins_over_the_usual_one_as_tickets_finish():
    assert abs(estimate.minutes_per_visitor([12.0] * 30, 5) - 12) < 1


def test_a_free_counter_means_no_wait():
    assert estimate.wait_minutes(ahead=1, counters=2, free_counters=2, per_visitor=10) == 0


def test_nobody_can_say_the_wait_when_no_counter_serves_the_line():
    assert estimate.wait_minutes(ahead=3, counters=0, free_counters=0, per_visitor=10) is None


def test_ten_ahead_at_two_busy_counters_wait_five_and_a_half_visits():
    assert estimate.wait_minutes(ahead=10, counters=2, free_counters=0, per_visitor=10) == 55


def test_minutes_are_told_in_fives_beyond_a_quarter_hour():
    assert [estimate.rounded_minutes(m) for m in (0, 0.2, 4.1, 15, 16, 41)] == [0, 1, 5, 15, 20, 45]


@given(st.integers(0, 500), st.integers(1, 20), st.floats(0.5, 60))
def test_the_wait_never_shrinks_as_more_people_are_ahead(ahead: int, counters: int, per_visitor: float):
    now = estimate.wait_minutes(ahead=ahead, counters=counters, free_counters=0, per_visitor=per_visitor)
    later = estimate.wait_minutes(ahead=ahead + 1, counters=counters, free_counters=0, per_visitor=per_visitor)
    assert now is not None
    assert later is not None
    assert later >= now
