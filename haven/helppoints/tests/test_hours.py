"""Opening hours as a coordinator types them, and "open now" on the city's clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from haven.helppoints.hours import (
    DAY,
    HoursError,
    Moment,
    closed_week,
    format_day,
    from_json,
    is_open_at,
    parse_day,
    status_at,
    status_text,
    to_json,
    week_summary,
)

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(weekday: int, clock: str) -> dt.datetime:
    """A moment in Almaty: 2026-03-02 is a Monday."""
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2026, 3, 2 + weekday, hour, minute, tzinfo=ALMATY)


def week_of(*days: str) -> tuple:
    parsed = [parse_day(day) for day in days] + [()] * (7 - len(days))
    return tuple(parsed)


def refused(text: str) -> str:
    with pytest.raises(HoursError) as error:
        parse_day(text)
    return error.value.message


# --- reading what was typed ----------------------------------------------------------------


def test_it_reads_one_interval_and_a_break():
    assert parse_day("09:00-18:00") == ((540, 1080),)
    assert parse_day("09:00-13:00, 14:00-18:00") == ((540, 780), (840, 1080))


def test_it_reads_the_ways_people_write_hours():
    assert parse_day("9:00-18:00") == ((540, 1080),)
    assert parse_day("9–18") == ((540, 1080),)
    assert parse_day(" 09.30 — 17.45 ") == ((570, 1065),)
    assert parse_day("14:00-18:00; 09:00-13:00") == ((540, 780), (840, 1080))


def test_an_empty_day_or_a_closed_word_is_closed():
    for text in ("", "  ", "-", "выходной", "Closed"):
        assert parse_day(text) == ()


def test_round_the_clock_is_24h_or_midnight_to_24_00():
    assert parse_day("24h") == parse_day("00:00-24:00") == parse_day("круглосуточно") == ((0, DAY),)


def test_24_00_is_a_closing_time():
    assert parse_day("18:00-24:00") == ((1080, DAY),)


def test_a_closing_after_midnight_runs_into_the_next_day():
    assert parse_day("20:00-02:00") == ((1200, DAY + 120),)


def test_25_00_is_not_a_time():
    assert refused("09:00-25:00") == "25:00 is not a time: hours run from 00:00 to 24:00."


def test_24_30_and_minutes_past_59_are_not_times():
    assert "24:30 is not a time" in refused("20:00-24:30")
    assert refused("09:75-18:00") == "09:75 is not a time: minutes run from 00 to 59."


def test_nothing_opens_at_24_00():
    assert "Nothing opens at 24:00" in refused("24:00-02:00")


def test_garbage_is_refused_saying_how_to_write_it():
    message = refused("abc")
    assert "Could not read “abc”" in message
    assert "09:00-18:00" in message
    assert "Could not read" in refused("09:00")
    assert "Could not read" in refused("9-18-20")


def test_opening_and_closing_at_the_same_time_is_refused():
    assert refused("09:00-09:00") == "09:00-09:00 opens and closes at the same time. For round the clock write 24h."


def test_overlapping_intervals_are_refused():
    assert refused("09:00-13:00, 12:00-18:00") == "09:00-13:00 and 12:00-18:00 overlap: write them as one interval."
    assert "overlap" in refused("20:00-02:00, 22:00-23:00")


def test_touching_intervals_are_fine():
    assert parse_day("09:00-13:00, 13:00-18:00") == ((540, 780), (780, 1080))


def test_a_long_garbage_text_is_quoted_short():
    assert len(refused("x" * 100)) < 200


def test_the_stored_form_reads_back_and_bad_json_is_a_closed_week():
    week = week_of("09:00-18:00", "20:00-02:00", "24h")
    assert from_json(to_json(week)) == week
    assert to_json(week)[1] == [["20:00", "02:00"]]
    assert from_json(None) == closed_week()
    assert from_json([[["25:00", "x"]]])[0] == ()


# --- open now ------------------------------------------------------------------------------

OFFICE = week_of(*["09:00-13:00, 14:00-18:00"] * 5)  # Monday to Friday, closed at the weekend


def test_open_now_until_the_break():
    status = status_at(OFFICE, at(0, "10:30"))
    assert status.is_open
    assert status.closes == Moment(0, 780)
    assert status_text(status) == "Open now · until 13:00"


def test_closed_over_lunch_opens_at_14_00_today():
    status = status_at(OFFICE, at(0, "13:30"))
    assert not status.is_open
    assert status.opens == Moment(0, 840)
    assert status.same_day
    assert status_text(status) == "Closed · opens at 14:00"


def test_closed_on_friday_evening_opens_on_monday():
    status = status_at(OFFICE, at(4, "19:00"))
    assert status.opens == Moment(0, 540)
    assert not status.same_day
    assert status_text(status) == "Closed · opens Mon 09:00"


def test_closing_is_exclusive_and_opening_inclusive():
    assert not status_at(OFFICE, at(0, "18:00")).is_open
    assert status_at(OFFICE, at(0, "09:00")).is_open


def test_a_bar_open_past_midnight_is_open_on_the_next_morning():
    week = week_of("", "", "", "", "20:00-02:00")  # Friday night
    status = status_at(week, at(5, "01:15"))  # Saturday
    assert status.is_open
    assert status.closes == Moment(5, 120)
    assert status_text(status) == "Open now · until 02:00"
    evening = status_at(week, at(4, "21:00"))
    assert evening.is_open
    assert status_text(evening) == "Open now · until Sat 02:00"
    assert not status_at(week, at(5, "02:00")).is_open


def test_sunday_night_spills_into_monday():
    week = week_of("", "", "", "", "", "", "22:00-03:00")
    assert status_at(week, at(0, "02:59")).is_open
    assert not status_at(week, at(0, "03:00")).is_open


def test_round_the_clock_never_closes():
    status = status_at(week_of(*["24h"] * 7), at(3, "03:00"))
    assert status.is_open
    assert status.closes is None
    assert status_text(status) == "Open now · round the clock"


def test_open_until_24_00_says_24_00():
    status = status_at(week_of("18:00-24:00"), at(0, "23:00"))
    assert status_text(status) == "Open now · until 24:00"


def test_a_24_hour_day_joined_by_the_next_morning_closes_then():
    week = week_of("24h", "00:00-10:00")
    status = status_at(week, at(0, "12:00"))
    assert status.closes == Moment(1, 600)


def test_a_week_without_hours_is_closed_with_no_opening():
    status = status_at(closed_week(), at(2, "12:00"))
    assert not status.is_open
    assert status.opens is None
    assert status_text(status) == "Closed"


def test_it_reads_the_time_on_the_clock_it_is_given():
    # 03:30 UTC on Monday is 08:30 in Almaty (UTC+5) and 09:30 in Bishkek (UTC+6).
    utc = dt.datetime(2026, 3, 2, 3, 30, tzinfo=dt.UTC)
    assert not status_at(OFFICE, utc.astimezone(ALMATY)).is_open
    assert status_at(OFFICE, utc.astimezone(zoneinfo.ZoneInfo("Asia/Bishkek"))).is_open


def test_the_week_summary_groups_days_alike():
    week = week_of(*["09:00-18:00"] * 5, "10:00-14:00")
    assert week_summary(week) == [("Mon–Fri", "09:00–18:00"), ("Sat", "10:00–14:00"), ("Sun", "closed")]


# An interval as typed: start and end clock times (end before start runs past midnight).
CLOCK = st.integers(0, 47).map(lambda half: half * 30)
DAY_TEXT = st.lists(st.tuples(CLOCK, st.integers(1, 47).map(lambda half: half * 30)), max_size=2).map(
    lambda pairs: ", ".join(
        f"{o // 60:02d}:{o % 60:02d}-{((o + n) % DAY) // 60:02d}:{(o + n) % 60:02d}" for o, n in pairs
    )
)


@given(DAY_TEXT)
def test_what_is_formatted_is_read_back_the_same(text):
    try:
        day = parse_day(text)
    except HoursError:
        return  # overlapping or opening as it closes: refused, which has its own tests
    assert parse_day(format_day(day)) == day


def readable_week(texts: list[str]) -> tuple | None:
    try:
        return tuple(parse_day(text) for text in texts)
    except HoursError:
        return None


@given(st.lists(DAY_TEXT, min_size=7, max_size=7), st.integers(0, 6), st.integers(0, DAY - 1))
def test_open_now_agrees_with_the_written_hours_and_says_truly_when_it_changes(texts, weekday, minute):
    week = readable_week(texts)
    if week is None:
        return
    moment = dt.datetime(2026, 3, 2 + weekday, minute // 60, minute % 60, tzinfo=ALMATY)
    status = status_at(week, moment)
    assert status.is_open == is_open_at(week, weekday, minute)
    now = weekday * DAY + minute
    change = status.closes if status.is_open else status.opens
    if change is None:
        return
    # Minutes until the change (within a week), then: the same state until then, the other one at it.
    then = (change.weekday * DAY + change.minute - now) % (7 * DAY) or 7 * DAY
    for step in (1, then // 2, then - 1):
        if 0 < step < then:
            later = now + step
            assert is_open_at(week, (later // DAY) % 7, later % DAY) == status.is_open
    flip = now + then
    assert is_open_at(week, (flip // DAY) % 7, flip % DAY) != status.is_open
