"""Booking desks, waiting for them, and handing freed desks to the first in line.

Every change to a space's desks locks the space's row first, then its desk-day rows:
one order everywhere, so changes to one space happen one after the other. The check
constraint on ``DeskDay`` (booked never above capacity) is the database's own refusal
of a desk given twice, should a path ever forget the lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action
from haven.notify import services as outbox
from haven.workspaces.models import (
    Booking,
    BookingState,
    CheckIn,
    ClosedDay,
    DeskDay,
    SpaceManager,
    WaitlistEntry,
    WaitState,
    Workspace,
)

MAX_DAYS = 31  # one booking covers at most a month
AHEAD_DAYS = 90  # and starts within three months


class DeskRefused(Exception):
    def __init__(self, why: str, *, days: Iterable[dt.date] = ()) -> None:
        super().__init__(why)
        self.why = why
        self.days = list(days)


def today_at(workspace: Workspace, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now()).date()


def open_days(workspace: Workspace, first: dt.date, last: dt.date, closed: set[dt.date] | None = None) -> list[dt.date]:
    """The days of the range on which the space is open (its weekdays, less its closed days,
    read here unless ``closed`` gives them)."""
    if closed is None:
        closed = set(workspace.closed_days.filter(day__range=(first, last)).values_list("day", flat=True))
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if str(d.weekday()) in workspace.weekdays and d not in closed]


def check_range(workspace: Workspace, first: dt.date, last: dt.date, desks: int, today: dt.date) -> list[dt.date]:
    """The open days of a wished range, or DeskRefused saying what is wrong with it."""
    if not workspace.is_active:
        raise DeskRefused("not-taking")
    if last < first:
        raise DeskRefused("order")
    if first < today:
        raise DeskRefused("past")
    if (last - first).days + 1 > MAX_DAYS:
        raise DeskRefused("too-long")
    if first > today + dt.timedelta(days=AHEAD_DAYS):
        raise DeskRefused("too-far")
    if desks < 1 or desks > workspace.desks:
        raise DeskRefused("too-many")
    days = open_days(workspace, first, last)
    if not days:
        raise DeskRefused("closed-days")
    return days


def _lock_space(workspace: Workspace) -> Workspace:
    return Workspace.objects.select_for_update().get(pk=workspace.pk)


def _take(workspace: Workspace, days: list[dt.date], desks: int) -> None:
    """Count ``desks`` more on each day, or DeskRefused("full") naming the days without room."""
    DeskDay.objects.bulk_create(
        [DeskDay(workspace=workspace, day=d, capacity=workspace.desks) for d in days], ignore_conflicts=True
    )
    rows = list(DeskDay.objects.select_for_update().filter(workspace=workspace, day__in=days).order_by("day"))
    full = [r.day for r in rows if r.free < desks]
    if full:
        raise DeskRefused("full", days=full)
    DeskDay.objects.filter(pk__in=[r.pk for r in rows]).update(booked=F("booked") + desks)


def _release(booking: Booking, today: dt.date) -> None:
    """Give back the booking's desks from today on (the days gone stay counted as used)."""
    days = [d for d in booking.days if d >= today]
    DeskDay.objects.filter(workspace=booking.workspace_id, day__in=days).update(booked=F("booked") - booking.desks)


def _whose(household: Any, user: Any) -> dict[str, Any]:
    if (household is None) == (user is None):
        raise ValueError("a booking is for a household or for an account")
    return {"household": household, "user": user}


@transaction.atomic
def book(
    *, workspace: Workspace, first_day: dt.date, last_day: dt.date, desks: int, household: Any = None,
    user: Any = None, now: dt.datetime | None = None,
) -> Booking:  # fmt: skip
    """Desks on the open days of the range; DeskRefused if a day has no room (``days`` names them)."""
    whose = _whose(household, user)
    workspace = _lock_space(workspace)
    days = check_range(workspace, first_day, last_day, desks, today_at(workspace, now))
    _take(workspace, days, desks)
    return Booking.objects.create(
        workspace=workspace, first_day=days[0], last_day=days[-1], desks=desks, booked_days=_iso(days), **whose
    )


def _iso(days: list[dt.date]) -> list[str]:
    return [d.isoformat() for d in days]


@transaction.atomic
def cancel(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """Give the desks back (an offer from the waitlist too); the first who waits for them is offered them."""
    now = now or timezone.now()
    workspace = _lock_space(booking.workspace)
    locked = Booking.objects.select_for_update().select_related("workspace").get(pk=booking.pk)
    if locked.state not in (BookingState.ACTIVE, BookingState.HELD):
        raise DeskRefused("ended")
    if locked.last_day < today_at(workspace, now):
        raise DeskRefused("past")
    _release(locked, today_at(workspace, now))
    locked.state, locked.ended_at = BookingState.CANCELLED, now
    locked.save(update_fields=["state", "ended_at"])
    WaitlistEntry.objects.filter(offer=locked).update(state=WaitState.CANCELLED)
    promote(workspace=workspace, now=now)
    return locked


# --- the waitlist -----------------------------------------------------------------------------


@transaction.atomic
def join_waitlist(
    *, workspace: Workspace, first_day: dt.date, last_day: dt.date, desks: int, household: Any = None,
    user: Any = None, now: dt.datetime | None = None,
) -> WaitlistEntry:  # fmt: skip
    whose = _whose(household, user)
    workspace = _lock_space(workspace)
    days = check_range(workspace, first_day, last_day, desks, today_at(workspace, now))
    waiting = WaitlistEntry.objects.filter(
        workspace=workspace, state__in=(WaitState.WAITING, WaitState.OFFERED), first_day__lte=days[-1],
        last_day__gte=days[0], **whose,
    )  # fmt: skip
    if waiting.exists():
        raise DeskRefused("already-waiting")
    entry = WaitlistEntry.objects.create(
        workspace=workspace, first_day=days[0], last_day=days[-1], desks=desks, **whose
    )
    promote(workspace=workspace, now=now or timezone.now())  # desks freed a moment ago go to the line at once
    entry.refresh_from_db()
    return entry


@transaction.atomic
def leave_waitlist(*, entry: WaitlistEntry) -> bool:
    """Leave the line; False if the entry was offered a desk meanwhile (answer the offer instead)."""
    _lock_space(entry.workspace)
    return bool(WaitlistEntry.objects.filter(pk=entry.pk, state=WaitState.WAITING).update(state=WaitState.CANCELLED))


def promote(*, workspace: Workspace, now: dt.datetime) -> list[Booking]:
    """Offer freed desks to those waiting, first come first served; each offer is held ``hold_hours``.

    An entry that does not fit (it wants more desks, or a day is still full) keeps its
    place and the next is looked at. Called with the space's row locked.
    """
    today = today_at(workspace, now)
    offered = []
    for entry in WaitlistEntry.objects.filter(workspace=workspace, state=WaitState.WAITING).order_by(
        "created_at", "pk"
    ):
        if entry.last_day < today:
            entry.state = WaitState.LAPSED
            entry.save(update_fields=["state"])
            continue
        days = open_days(workspace, max(entry.first_day, today), entry.last_day)
        if not days:
            continue
        try:
            with transaction.atomic():
                _take(workspace, days, entry.desks)
        except DeskRefused:
            continue
        hold = Booking.objects.create(
            workspace=workspace, first_day=days[0], last_day=days[-1], desks=entry.desks, booked_days=_iso(days),
            household=entry.household,
            user=entry.user, state=BookingState.HELD, hold_until=now + dt.timedelta(hours=workspace.hold_hours),
        )  # fmt: skip
        entry.state, entry.offer = WaitState.OFFERED, hold
        entry.save(update_fields=["state", "offer"])
        outbox.enqueue(
            key=f"desk:{hold.code}:offered", template="desk_offered", language=_language(entry),
            to_user=entry.user, to_household=entry.household,
            context={"link": "desk-booking", "booking": hold.code, "space": workspace.name, "hours": workspace.hold_hours},
        )  # fmt: skip
        offered.append(hold)
    return offered


def _language(entry: WaitlistEntry) -> str:
    who = entry.household or entry.user
    return str(getattr(who, "language", "") or "ru")


@transaction.atomic
def accept_offer(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """Take the desks offered from the waitlist, while the offer holds."""
    now = now or timezone.now()
    _lock_space(booking.workspace)
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.state != BookingState.HELD:
        raise DeskRefused("ended" if locked.state != BookingState.ACTIVE else "already")
    if (locked.hold_until is not None and locked.hold_until <= now) or locked.last_day < today_at(
        booking.workspace, now
    ):
        raise DeskRefused("lapsed")
    locked.state, locked.hold_until = BookingState.ACTIVE, None
    locked.save(update_fields=["state", "hold_until"])
    WaitlistEntry.objects.filter(offer=locked).update(state=WaitState.DONE)
    return locked


def lapse_offers(*, now: dt.datetime | None = None) -> int:
    """Offers not taken in time go back, to the next in line (the clock runs this). Returns how many."""
    now = now or timezone.now()
    lapsed = 0
    for pk in Booking.objects.filter(state=BookingState.HELD, hold_until__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            booking = Booking.objects.select_related("workspace").get(pk=pk)
            workspace = _lock_space(booking.workspace)
            if not Booking.objects.filter(pk=pk, state=BookingState.HELD).exists():
                continue  # taken or cancelled meanwhile
            _release(booking, today_at(workspace, now))
            Booking.objects.filter(pk=pk).update(state=BookingState.LAPSED, ended_at=now)
            WaitlistEntry.objects.filter(offer_id=pk).update(state=WaitState.LAPSED)
            promote(workspace=workspace, now=now)
            lapsed += 1
    return lapsed


# --- at the door ----------------------------------------------------------------------------


@transaction.atomic
def check_in(*, workspace: Workspace, code: str, by: Any, now: dt.datetime | None = None) -> tuple[Booking, bool]:
    """Mark today's arrival of a booking by its code; (booking, True if it was already marked today)."""
    from haven.lib.codes import parse_code

    today = today_at(workspace, now)
    parsed = parse_code(code)
    booking = Booking.objects.filter(workspace=workspace, code=parsed).first() if parsed else None
    if booking is None:
        raise DeskRefused("unknown-code")
    if booking.state != BookingState.ACTIVE:
        raise DeskRefused("not-booked")
    if today not in booking.days:
        raise DeskRefused("not-today")
    _, created = CheckIn.objects.get_or_create(booking=booking, day=today, defaults={"by": by})
    return booking, not created


# --- the provider's settings ------------------------------------------------------------------


def _record(by: Any, workspace: Workspace, what: str) -> None:
    audit.record(
        actor=by, action=Action.WORKSPACE, subject_kind="workspace", subject_id=workspace.slug,
        region=workspace.region, detail=what[:200],
    )  # fmt: skip


@transaction.atomic
def create_workspace(*, workspace: Workspace, by: Any) -> Workspace:
    """A new space; whoever lists it manages it."""
    workspace.full_clean()
    workspace.save()
    SpaceManager.objects.create(workspace=workspace, user=by)
    _record(by, workspace, "listed")
    return workspace


@transaction.atomic
def save_workspace(*, workspace: Workspace, by: Any, changed: Iterable[str] = ()) -> Workspace:
    """Save a space's settings. Fewer desks than are booked on a coming day, or closing a weekday
    on which desks are booked, is refused; more room goes to the waitlist at once."""
    _lock_space(workspace)
    workspace.full_clean()
    today = today_at(workspace)
    coming = DeskDay.objects.filter(workspace=workspace, day__gte=today)
    if "weekdays" in changed:
        shut = [
            d
            for d in coming.filter(booked__gt=0).values_list("day", flat=True)
            if str(d.weekday()) not in workspace.weekdays
        ]
        if shut:
            raise DeskRefused("booked-weekday", days=shut)
    workspace.save()
    if "desks" in changed:
        try:
            with transaction.atomic():
                coming.update(capacity=workspace.desks)
        except IntegrityError as exc:
            raise DeskRefused("below-booked") from exc
    _record(by, workspace, "settings " + ", ".join(sorted(changed)))
    if {"desks", "weekdays"} & set(changed):
        promote(workspace=workspace, now=timezone.now())
    return workspace


@transaction.atomic
def close_day(*, workspace: Workspace, day: dt.date, reason: str, by: Any, now: dt.datetime | None = None) -> ClosedDay:
    """Block a day; a day with desks already booked is refused (those people must be told first)."""
    workspace = _lock_space(workspace)
    if day < today_at(workspace, now):
        raise DeskRefused("past")
    if day > today_at(workspace, now) + dt.timedelta(days=AHEAD_DAYS):
        raise DeskRefused("too-far")
    if DeskDay.objects.filter(workspace=workspace, day=day, booked__gt=0).exists():
        raise DeskRefused("booked-day")
    DeskDay.objects.filter(workspace=workspace, day=day).delete()
    closed, _ = ClosedDay.objects.get_or_create(workspace=workspace, day=day, defaults={"reason": reason})
    _record(by, workspace, f"closed {day.isoformat()}")
    return closed


@transaction.atomic
def reopen_day(*, workspace: Workspace, day: dt.date, by: Any) -> None:
    workspace = _lock_space(workspace)
    ClosedDay.objects.filter(workspace=workspace, day=day).delete()
    _record(by, workspace, f"reopened {day.isoformat()}")
    promote(workspace=workspace, now=timezone.now())
