"""How long a visitor will wait: pure arithmetic, no database (the bench replays days on it).

The minutes per visitor come from the day's finished tickets of the service: a
trimmed mean of the latest ones (the longest and shortest tenth set aside, so one
lost passport or one person who only asked a question does not swing it), pulled
towards the staff's usual figure while there are few to learn from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RECENT = 30  # finished tickets to learn from
TRIM = 0.1  # share set aside at each end
PRIOR_WEIGHT = 3  # the usual figure counts as this many tickets


def trimmed_mean(values: Sequence[float], trim: float = TRIM) -> float:
    ordered = sorted(values)
    cut = int(len(ordered) * trim)
    kept = ordered[cut : len(ordered) - cut] or ordered
    return sum(kept) / len(kept)


def minutes_per_visitor(durations: Sequence[float], usual: float) -> float:
    """Minutes one visitor takes at a counter, from the latest durations (oldest first)."""
    recent = [d for d in durations[-RECENT:] if d >= 0]
    if not recent:
        return float(usual)
    learnt = trimmed_mean(recent)
    return (learnt * len(recent) + usual * PRIOR_WEIGHT) / (len(recent) + PRIOR_WEIGHT)


def wait_minutes(*, ahead: int, counters: int, free_counters: int, per_visitor: float) -> float | None:
    """Expected minutes until a ticket with ``ahead`` people before it is called.

    ``counters`` serve this line; ``free_counters`` of them have nobody at them now.
    None when no counter serves the line: nobody can say.
    """
    if counters <= 0:
        return None
    if ahead < free_counters:
        return 0.0
    # Each round of the open counters takes one visit; a visit under way is half done on average.
    rounds = (ahead - free_counters) / counters
    return per_visitor * (rounds + 0.5)


def rounded_minutes(minutes: float) -> int:
    """What a person is told: 0 for no wait, whole minutes, in steps of five beyond a quarter hour."""
    if minutes <= 0:
        return 0
    if minutes <= 15:
        return max(1, math.ceil(minutes))
    return int(5 * math.ceil(minutes / 5))
