"""Writes of the guide: a household's stay clocks, and the reminders of their deadlines."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from haven.guide import stayclock
from haven.guide.models import Clock, ClockTrip, RuleSet
from haven.guide.selectors import today_in
from haven.lib.links import new_nonce
from haven.notify import services as notify
from haven.registry.models import Status

logger = logging.getLogger(__name__)

# Days before a deadline on which a household is told (the issue: a week, and two days).
REMINDER_LEADS = (7, 2)
MAX_TRIPS = 200


@transaction.atomic
def save_clock(
    *, household: Any, rule_set: RuleSet, trips: list[stayclock.Trip], document: str = "",
    planned_entry: dt.date | None = None, planned_days: int | None = None,
) -> Clock:  # fmt: skip
    """Keep the household's clock for this rule set (one per rule set: saving again
    replaces its trips). Raises BadTrips, and keeps nothing, for trips that cannot be.

    Not written to the audit trail: the audit records who looked at whose data, and a
    clock is the household's own, shown to no coordinator or host."""
    if len(trips) > MAX_TRIPS:
        raise stayclock.BadTrips("usage", text=f"at most {MAX_TRIPS} trips")
    ordered = stayclock.check_trips(trips)
    clock, _ = Clock.objects.select_for_update().get_or_create(household=household, rule_set=rule_set)
    clock.document = document
    clock.planned_entry = planned_entry
    clock.planned_days = planned_days if planned_entry else None
    clock.save()
    clock.trips.all().delete()
    ClockTrip.objects.bulk_create([ClockTrip(clock=clock, entry=t.entry, exit=t.exit) for t in ordered])
    return clock


@transaction.atomic
def forget_clock(*, clock: Clock) -> None:
    clock.delete()


def remind_deadlines(*, now: dt.datetime | None = None) -> int:
    """Tell each household whose legal stay or registration ends in 7 or 2 days (on its
    city's calendar). The outbox key makes each reminder once, however often this runs."""
    now = now or timezone.now()
    told = 0
    clocks = (
        Clock.objects.filter(household__status=Status.OPEN, rule_set__is_active=True)
        .select_related("household__region", "rule_set")
        .prefetch_related("trips", "rule_set__rules")
    )
    for clock in clocks:
        try:
            told += _remind(clock, now)
        except stayclock.BadTrips:  # a rule set an administrator left impossible: the page says so
            logger.warning("stay clock %s: its rule set cannot be worked out", clock.pk)
    return told


def _remind(clock: Clock, now: dt.datetime) -> int:
    today = timezone.localdate(now, clock.household.region.tzinfo)
    trips = [trip.as_engine() for trip in clock.trips.all()]
    answer = stayclock.stay_clock(trips, today, clock.rule_set.engine_rules(), document=clock.document or None)
    if not answer.present:
        return 0
    deadlines = [("stay", answer.last_legal_day), ("registration", answer.registration_deadline)]
    told = 0
    for kind, deadline in deadlines:
        if deadline is None or (deadline - today).days not in REMINDER_LEADS:
            continue
        lead = (deadline - today).days
        with translation.override(clock.household.language):
            context = {
                "kind": kind, "area": clock.rule_set.name, "deadline": date_format(deadline, "j E Y"), "days": lead,
                "link": "stay-clock", "clock": str(clock.public_id), "nonce": new_nonce(),
            }  # fmt: skip
        with transaction.atomic():
            notify.enqueue(
                key=f"stay-clock:{clock.public_id}:{kind}:{deadline.isoformat()}:{lead}", template="stay_deadline",
                language=clock.household.language, to_household=clock.household, context=context,
            )  # fmt: skip
        told += 1
    return told


__all__ = ["REMINDER_LEADS", "forget_clock", "remind_deadlines", "save_clock", "today_in"]
