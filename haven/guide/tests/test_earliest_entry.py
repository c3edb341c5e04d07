"""The earliest entry, worked out for every candidate day at once with numpy, against the
plain way: trying each day in turn and walking the stay day by day."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from haven.guide import stayclock
from haven.guide.stayclock import PerEntry, PerPeriod, Rule, Trip, stay_clock

ON = dt.date(2026, 3, 1)


def day_by_day(trips: list[Trip], rules: list[stayclock.Limit], stay: int) -> dt.date | None:
    today = ON.toordinal()
    past = stayclock._Presence(d for d in stayclock._recorded(trips, ON) if d < today)
    for entry in range(today, today + 1500):
        if stayclock._stay_from(rules, past, entry, entry, stay) == entry + stay - 1:
            return dt.date.fromordinal(entry)
    return None


@st.composite
def past_trips(draw: st.DrawFn) -> list[Trip]:
    trips, day = [], ON - dt.timedelta(days=draw(st.integers(30, 400)))
    for _ in range(draw(st.integers(0, 6))):
        length = draw(st.integers(1, 60))
        if day + dt.timedelta(days=length) >= ON:
            break
        trips.append(Trip(day, day + dt.timedelta(days=length - 1)))
        day += dt.timedelta(days=length + draw(st.integers(1, 40)))
    return trips


@st.composite
def rule_sets(draw: st.DrawFn) -> list[stayclock.Limit]:
    change = ON + dt.timedelta(days=draw(st.integers(-100, 200)))
    rules: list[stayclock.Limit] = []
    if draw(st.booleans()):
        window = draw(st.integers(20, 200))
        rules.append(Rule(draw(st.integers(5, window - 1)), window, until=change if draw(st.booleans()) else None))
    if draw(st.booleans()):
        rules.append(PerEntry(draw(st.integers(5, 90)), since=change + dt.timedelta(days=1)))
    if draw(st.booleans()) or not rules:
        rules.append(PerPeriod(draw(st.integers(5, 80)), draw(st.sampled_from([1, 3, 6, 12]))))
    return rules


@settings(max_examples=150, deadline=None)
@given(trips=past_trips(), rules=rule_sets(), stay=st.integers(1, 120))
def test_every_day_at_once_agrees_with_one_day_at_a_time(trips: list[Trip], rules: list[stayclock.Limit], stay: int):
    try:
        stayclock.check_rules(rules)
    except stayclock.BadTrips:
        assume(False)
    assert stay_clock(trips, ON, rules, stay=stay).earliest_entry == day_by_day(trips, rules, stay)


def test_a_calendar_year_limit_after_an_old_trip_is_searched_through_the_year():
    # Found by review: an old trip ended the search at once. 180 days a year from Jan 1
    # 2026: a 200-day stay fits only if it straddles New Year, entering on Jul 5 at the
    # earliest (Jul 5 - Dec 31 is 27 + 31 + 30 + 31 + 30 + 31 = 180 days, then 20 in 2027).
    old = [Trip(dt.date(2020, 1, 1), dt.date(2020, 1, 5))]
    on = dt.date(2026, 1, 1)
    assert stay_clock(old, on, [PerPeriod(180, 12)], stay=200).earliest_entry == dt.date(2026, 7, 5)
    # 20 days a month, 30 days in a row: the first 20 must be the month's last (Jan 12-31).
    assert stay_clock(old, on, [PerPeriod(20, 1)], stay=30).earliest_entry == dt.date(2026, 1, 12)


def test_a_stay_longer_than_a_limit_in_force_for_good_never_fits():
    assert stay_clock([], ON, [Rule(3649, 3650)], stay=3650).earliest_entry is None
    assert stay_clock([], ON, [PerEntry(30)], stay=31).earliest_entry is None
    # ...but one that ends lets it fit once its 31st day falls after the end: entering
    # Jun 1, Jun 30 is the 30th day and Jul 1 is free of the rule.
    ends = [PerEntry(30, until=dt.date(2026, 6, 30))]
    assert stay_clock([], ON, ends, stay=31).earliest_entry == dt.date(2026, 6, 1)


def test_a_limit_just_below_the_shortest_calendar_period_is_a_rule():
    # 360 days a calendar year (365 in the shortest) limits; found by review to be refused.
    stayclock.check_rules([PerPeriod(360, 12), PerPeriod(180, 6), PerPeriod(27, 1)])


def test_registration_is_due_by_the_rule_in_force_on_the_day_of_entry():
    rules = [
        stayclock.Registration(30, until=dt.date(2026, 2, 28)),
        stayclock.Registration(3, since=dt.date(2026, 3, 1)),
    ]
    # Entered Feb 20 under the 30-day rule: by Feb 20 + 29 = Mar 21, although the check
    # day (Mar 1) is under the 3-day rule.
    answer = stay_clock([Trip(dt.date(2026, 2, 20), None)], ON, rules)
    assert answer.registration_deadline == dt.date(2026, 3, 21)
