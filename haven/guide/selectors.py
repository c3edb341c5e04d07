"""Reading the guide's rule sets and a household's clocks, and working a clock out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.guide import stayclock
from haven.guide.models import Clock, ClockTrip, RuleSet, StayRule


def rule_sets() -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(is_active=True).prefetch_related(Prefetch("rules", StayRule.objects.all()))


def rule_set_for_country(country: str) -> RuleSet | None:
    return rule_sets().filter(country=country).first()


def clocks_of(household: Any) -> QuerySet[Clock]:
    return (
        Clock.objects.filter(household=household)
        .select_related("rule_set", "household__region")
        .prefetch_related(Prefetch("trips", ClockTrip.objects.all()), "rule_set__rules")
    )


def clock_of(household: Any, public_id: Any) -> Clock:
    """One of the household's clocks; 404 for another household's, as for none."""
    if household is None:
        raise Http404
    try:
        return clocks_of(household).get(public_id=public_id)
    except (Clock.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def today_in(region: Any) -> dt.date:
    return timezone.localdate(timezone.now(), region.tzinfo if region is not None else None)


@dataclass(frozen=True)
class Bar:
    """A stretch of days on the timeline chart, in days from its first day."""

    x: int
    width: int
    kind: str  # "past", "stay", "plan"


@dataclass(frozen=True)
class Reckoning:
    answer: stayclock.Answer
    plan: stayclock.Answer | None
    planned_entry: dt.date | None
    planned_days: int | None
    rule_set: RuleSet
    chart: dict[str, Any]
    back_from: dt.date | None = None  # with no day left today: the first day one may enter again

    @property
    def plan_fits(self) -> bool:
        return bool(
            self.plan and self.planned_days and self.plan.last_legal_day is not None
            and self.plan.days_left >= self.planned_days
        ) or bool(self.plan and self.plan.unlimited)  # fmt: skip


def reckon(
    *, rule_set: RuleSet, trips: list[stayclock.Trip], on: dt.date, document: str = "",
    planned_entry: dt.date | None = None, planned_days: int | None = None,
) -> Reckoning:  # fmt: skip
    """The clock on ``on``, and for a planned trip the clock on its first day. Raises
    BadTrips (explained by guide.messages) for dates that cannot be right."""
    rules = rule_set.engine_rules()
    if any(t.entry > on for t in trips):
        later = min(t.entry for t in trips if t.entry > on)
        raise stayclock.BadTrips("after_check_day", entry=later.isoformat())
    answer = stayclock.stay_clock(trips, on, rules, document=document or None)
    plan = None
    if planned_entry is not None:
        if planned_entry < on:
            raise stayclock.BadTrips("usage", text="planned entry before the check day")
        past = [t for t in trips if t.entry < planned_entry]
        if any(t.exit is None or t.exit > planned_entry for t in past):
            raise stayclock.BadTrips("plan_while_there", entry=planned_entry.isoformat())
        if any(t.exit == planned_entry for t in past):  # leaving and coming back that day
            past.append(stayclock.Trip(planned_entry, None))
        plan = stayclock.stay_clock(past, planned_entry, rules, stay=planned_days or 1, document=document or None)
    back = None
    if not answer.present and answer.last_legal_day is None:  # no day left now: from when again?
        back = stayclock.stay_clock(trips, on, rules, stay=1, document=document or None).earliest_entry
    return Reckoning(
        answer, plan, planned_entry, planned_days, rule_set, _chart(answer, trips, on, plan, planned_days), back
    )


def reckon_saved(saved: Clock) -> Reckoning:
    """A saved clock on today's date in its household's city (a planned trip already begun is left out)."""
    today = today_in(saved.household.region)
    planned = saved.planned_entry if saved.planned_entry and saved.planned_entry >= today else None
    trips = [t.as_engine() for t in saved.trips.all()]
    try:
        return reckon(
            rule_set=saved.rule_set, trips=trips, on=today, document=saved.document, planned_entry=planned,
            planned_days=saved.planned_days if planned else None,
        )  # fmt: skip
    except stayclock.BadTrips as bad:
        if bad.code != "plan_while_there":
            raise
        # still there on the planned day: the clock of the stay going on, without the plan
        return reckon(rule_set=saved.rule_set, trips=trips, on=today, document=saved.document)


def saved_results(household: Any) -> list[tuple[Clock, Reckoning | None]]:
    """The household's clocks, each worked out for today; None for one whose rule set was
    changed into one that refuses its dates (opened alone, its page says why)."""
    found: list[tuple[Clock, Reckoning | None]] = []
    for kept in clocks_of(household):
        try:
            found.append((kept, reckon_saved(kept)))
        except stayclock.BadTrips:
            found.append((kept, None))
    return found


def _chart(
    answer: stayclock.Answer, trips: list[stayclock.Trip], on: dt.date, plan: stayclock.Answer | None,
    planned_days: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Days of presence over the window before ``on``, the days still allowed after it,
    and a planned trip: its days within the rules, and those beyond."""
    window = answer.window or 180
    first = on - dt.timedelta(days=window - 1)
    ahead = answer.days_left if answer.last_legal_day else 0
    last = on + dt.timedelta(days=max(ahead, 30))
    if plan is not None and plan.last_legal_day is not None:
        last = max(last, plan.last_legal_day)
    if plan is not None:
        last = max(last, plan.on + dt.timedelta(days=(planned_days or 1) - 1))
    span = (last - first).days + 1
    bars: list[Bar] = []
    for trip in trips:
        if trip.entry > on:
            continue
        start = max(trip.entry, first)
        end = on - dt.timedelta(days=1) if trip.exit is None or trip.exit >= on else trip.exit
        if end >= start:
            bars.append(Bar((start - first).days, (end - start).days + 1, "past"))
    if answer.last_legal_day is not None:
        bars.append(Bar((on - first).days, (answer.last_legal_day - on).days + 1, "stay"))
    if plan is not None:
        wanted = planned_days or (plan.days_left if plan.last_legal_day else 0)
        allowed = min(wanted, plan.days_left) if plan.last_legal_day else (wanted if plan.unlimited else 0)
        if allowed:
            bars.append(Bar((plan.on - first).days, allowed, "plan"))
        if wanted > allowed:
            bars.append(Bar((plan.on - first).days + allowed, wanted - allowed, "over"))
    return {
        "span": span, "first": first, "last": last, "today": (on - first).days, "bars": bars,
        "months": _month_ticks(first, last),
    }  # fmt: skip


def _month_ticks(first: dt.date, last: dt.date) -> list[tuple[int, dt.date]]:
    ticks = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            ticks.append(((day - first).days, day))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks
