"""The queue-wait replay runs, and on fixed seeds Haven's estimate beats the staff's constant."""

from __future__ import annotations

import random

from bench import queue_waits


def test_a_simulated_day_calls_most_visitors_and_every_estimator_told_each_of_them():
    day = queue_waits.simulate_day(random.Random(3))
    assert len(day) > 100
    assert all(set(v.told) == set(queue_waits.ESTIMATORS) for v in day)
    assert all(v.called is not None and v.called >= v.arrived for v in day)


def test_on_five_fixed_days_haven_s_estimate_is_closer_than_the_usual_minutes():
    days = [queue_waits.simulate_day(random.Random(seed)) for seed in range(5)]
    table = queue_waits.errors(days)
    assert table["Haven: trimmed mean + prior"]["mae"] < table["constant (usual minutes)"]["mae"]


def test_the_command_prints_a_row_per_estimator(capsys):
    assert queue_waits.main(["--days", "2", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in queue_waits.ESTIMATORS)
