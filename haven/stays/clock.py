"""The clock of stays: expire unanswered proposals, remind hosts, hand chains on.

Run by ``manage.py tick``. Every step re-checks its stay under a row lock, so running
it twice, or from two machines at once, does each thing once; one stay failing is
logged and the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.registry.models import Status
from haven.stays.models import Stay, StayState
from haven.stays.services import (
    StayRefused,
    _check_bookable,
    _end_chain,
    _lock_household,
    _lock_offers,
    _log,
    _open_proposal,
    _tell_host,
)

logger = logging.getLogger(__name__)


@dataclass
class TickReport:
    expired: int = 0
    reminded: int = 0
    handed_off: int = 0


def tick(*, now: dt.datetime | None = None) -> TickReport:
    """What the clock does, safe to run twice (each step re-checks under a row lock):
    expire unanswered proposals, remind hosts halfway to the deadline, and propose
    planned next legs to their hosts when their first night is near."""
    now = now or timezone.now()
    report = TickReport()
    for pk in Stay.objects.filter(state=StayState.PROPOSED, expires_at__lte=now).values_list("pk", flat=True):
        report.expired += _guarded(_expire_one, pk, now)
    halfway = Stay.objects.filter(state=StayState.PROPOSED, reminded_at__isnull=True, expires_at__gt=now)
    for pk, proposed_at, expires_at in halfway.values_list("pk", "proposed_at", "expires_at"):
        if proposed_at is not None and expires_at is not None and now >= proposed_at + (expires_at - proposed_at) / 2:
            report.reminded += _guarded(_remind_one, pk, now)
    soon = timezone.localdate(now) + dt.timedelta(days=settings.HAVEN_HANDOFF_DAYS)
    due = Stay.objects.filter(state=StayState.PLANNED, start__lte=soon).filter(
        Q(previous__isnull=True)
        | Q(previous__state__in=[StayState.BOOKED, StayState.CHECKED_IN, StayState.CHECKED_OUT])
    )
    for pk in due.values_list("pk", flat=True):
        report.handed_off += _guarded(_hand_off_one, pk, now)
    return report


def _guarded(step: Any, pk: int, now: dt.datetime) -> int:
    """One stay's step; an error there is logged and the clock goes on with the others."""
    try:
        return int(step(pk, now))
    except Exception:
        logger.exception("the clock failed on stay %s", pk)
        return 0


@transaction.atomic
def _expire_one(pk: int, now: dt.datetime) -> int:
    stay = (
        Stay.objects.select_for_update(of=("self",))
        .select_related("offer__host", "household")
        .filter(pk=pk, state=StayState.PROPOSED, expires_at__lte=now)
        .first()
    )
    if stay is None:
        return 0
    stay.state = StayState.EXPIRED
    stay.save()
    _log(stay, "expire", StayState.PROPOSED)
    if stay.host_accepted_at is not None:  # she said yes and the group never confirmed
        _tell_host(stay, "expired")
    _end_chain(stay, by=None, by_guest=False)
    return 1


@transaction.atomic
def _remind_one(pk: int, now: dt.datetime) -> int:
    stay = (
        Stay.objects.select_for_update(of=("self",))
        .select_related("offer__host")
        .filter(pk=pk, state=StayState.PROPOSED, reminded_at__isnull=True)
        .first()
    )
    if stay is None or stay.host_accepted_at is not None:
        return 0
    stay.reminded_at = now
    stay.save(update_fields=["reminded_at", "updated_at"])
    _tell_host(stay, "reminder")
    return 1


@transaction.atomic
def _hand_off_one(pk: int, now: dt.datetime) -> int:
    stay = (
        Stay.objects.select_for_update(of=("self",))
        .select_related("offer__host", "household")
        .filter(pk=pk, state=StayState.PLANNED)
        .first()
    )
    if stay is None:
        return 0
    # Offers before the household, as ``propose`` takes them: never each waiting for the other.
    offer = _lock_offers([stay.offer_id])[stay.offer_id]
    household = _lock_household(stay.household_id)
    try:
        if household.status != Status.OPEN:
            raise StayRefused("closed")
        _check_bookable(offer)
    except StayRefused as refused:  # the group stopped looking, or the host can no longer take it
        stay.state = StayState.CANCELLED
        stay.save()
        _log(stay, "cancel", StayState.PLANNED, because=refused.why)
        _end_chain(stay, by=None, by_guest=False)
        return 0
    _open_proposal(stay, now)
    stay.save()
    _log(stay, "propose", StayState.PLANNED, handoff=True)
    return 1
