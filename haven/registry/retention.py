"""Keeping personal data no longer than needed: households whose need is long over are erased.

A household is kept ``HAVEN_RETENTION_DAYS`` after its last night (or after it was
withdrawn and left untouched), and while any stay of it is still running; then it is
erased as if it had asked to be (its stays, bookings and messages go with it), and the
audit trail forgets which household its entries were about. The clock runs this.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.audit.models import Why
from haven.registry.models import Household, Status
from haven.registry.services import erase_household

BATCH = 200


def expired(*, now: dt.datetime | None = None) -> list[Household]:
    """The households to erase now (at most one batch)."""
    from haven.stays.models import StayState

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.HAVEN_RETENTION_DAYS)
    cutoff_day = timezone.localtime(cutoff).date()  # nights are local days
    over = Q(needed_until__lt=cutoff_day) | Q(status=Status.WITHDRAWN, updated_at__lt=cutoff)
    running = Q(stays__end__gte=cutoff_day, stays__state__in=(StayState.BOOKED, StayState.CHECKED_IN))
    return list(Household.objects.filter(over).exclude(running).select_related("region").distinct()[:BATCH])


def purge(*, now: dt.datetime | None = None) -> int:
    """Erase one batch of households whose time is up; how many were erased."""
    erased = 0
    for household in expired(now=now):
        with transaction.atomic():
            # Two clocks at once see the same batch: the second waits here for the
            # first, finds the row gone, and records no second erasure.
            if not Household.objects.select_for_update().filter(pk=household.pk).values_list("pk").first():
                continue
            erase_household(household, why=Why.RETENTION)
        erased += 1
    return erased
