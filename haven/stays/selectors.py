"""Who may see which stay: the host of its offer, the household (by code or link), the
coordinators of its region. Anyone else gets 404, as for a stay that does not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from haven.accounts.selectors import coordinated_regions
from haven.registry.selectors import household_for_arrival
from haven.stays import states
from haven.stays.models import Stay, StayEvent, StayState

_RELATED = ("offer__host", "offer__district", "offer__region", "household__region", "household__district")


def _one(queryset: QuerySet[Stay], public_id: Any) -> Stay:
    try:
        return queryset.get(public_id=public_id)
    except (Stay.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def stays_for_host(user: Any) -> QuerySet[Stay]:
    """Stays at the host's places that she has been asked about (a planned later leg of
    a chain is not hers to see until the clock proposes it)."""
    return (
        Stay.objects.select_related(*_RELATED)
        .filter(offer__host=user)
        .exclude(state=StayState.PLANNED)
        .order_by("-created_at")
    )


def stay_for_host(user: Any, public_id: Any) -> Stay:
    return _one(stays_for_host(user), public_id)


def stays_for_household(household: Any) -> QuerySet[Stay]:
    return Stay.objects.select_related(*_RELATED).filter(household=household).order_by("start", "created_at")


def stay_for_guest(request: HttpRequest, public_id: Any) -> Stay:
    household = household_for_arrival(request)
    if household is None:
        raise Http404
    return _one(stays_for_household(household), public_id)


def stays_for_coordinator(user: Any) -> QuerySet[Stay]:
    # By the place's city: a stay stays with the coordinators of where it happens.
    return Stay.objects.select_related(*_RELATED).filter(offer__region__in=coordinated_regions(user))


def stay_for_coordinator(user: Any, public_id: Any) -> Stay:
    return _one(stays_for_coordinator(user), public_id)


def waiting_for_host(user: Any) -> QuerySet[Stay]:
    """Proposals this host has not answered yet."""
    return stays_for_host(user).filter(state=StayState.PROPOSED, host_accepted_at__isnull=True)


def holding(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    return stays.filter(state__in=states.ACTIVE)


def offer_choices(region: Any) -> list[tuple[str, str]]:
    """The region's places open to guests, for a coordinator's proposal by hand."""
    from haven.matching.instance import matchable_offers

    offers = matchable_offers(region, timezone.localdate()).select_related("district")
    return [
        (str(o.public_id), f"{o.get_kind_display()} · {o.district} · {o.beds} · {o.available_from:%d.%m}")
        for o in offers
    ]


def needing_attention(user: Any, *, days: int = 7, limit: int = 30) -> list[Stay]:
    """Stays of the coordinator's regions that fell through lately (declined, expired,
    no-show) for groups still looking and with no other stay since: they are back in the
    pool and someone should look for them first."""
    since = timezone.now() - dt.timedelta(days=days)
    failed = (
        stays_for_coordinator(user)
        .filter(state__in=[StayState.DECLINED, StayState.EXPIRED, StayState.NO_SHOW], updated_at__gte=since)
        .filter(household__status="open")
        .order_by("-updated_at")
    )
    placed_again = set(
        holding(stays_for_coordinator(user))
        .filter(household__in=failed.values("household"))
        .values_list("household", flat=True)
    )
    seen: set[int] = set()
    rows = []
    for stay in failed[: limit * 3]:
        if stay.household_id in placed_again or stay.household_id in seen:
            continue
        seen.add(stay.household_id)
        rows.append(stay)
        if len(rows) == limit:
            break
    return rows


def moving_on_soon(user: Any, *, days: int | None = None, limit: int = 30) -> list[Stay]:
    """Stays of the coordinator's cities that end within the hand-off days while their
    group still needs nights after and has no next stay yet: a next place is wanted
    before the last night (a matching update proposes one from the stay's end)."""
    from django.conf import settings
    from django.db.models import F

    today = timezone.localdate()
    horizon = today + dt.timedelta(days=settings.HAVEN_HANDOFF_DAYS if days is None else days)
    ending = (
        holding(stays_for_coordinator(user))
        .filter(end__gte=today, end__lte=horizon, household__status="open", household__needed_until__gt=F("end"))
        .order_by("end")
    )
    rows = []
    for stay in ending[: limit * 3]:
        follows = Stay.objects.filter(household=stay.household_id, state__in=states.ACTIVE, start=stay.end).exists()
        if not follows:
            rows.append(stay)
        if len(rows) == limit:
            break
    return rows


def without_a_bed_next(households: QuerySet[Any], today: dt.date) -> QuerySet[Any]:
    """The households whose next needed night (from today) no stay holding beds covers."""
    from django.db.models import Exists, F, OuterRef, Value
    from django.db.models.functions import Greatest

    covered = Stay.objects.filter(
        household=OuterRef("pk"),
        state__in=states.ACTIVE,
        start__lte=OuterRef("next_night"),
        end__gt=OuterRef("next_night"),
    )
    return households.annotate(next_night=Greatest(F("needed_from"), Value(today))).exclude(Exists(covered))


def unmet_needs(user: Any) -> QuerySet[Any]:
    """The coordinator's inbox: groups still looking whose next needed night no stay
    covers, most urgent first (first night tonight or past, then priority groups, then
    waiting longest). One query, whatever the number of groups."""
    from django.db.models import Case, F, IntegerField, Value, When

    from haven.registry.models import Household

    today = timezone.localdate()
    looking = Household.objects.select_related("region", "district").filter(
        region__in=coordinated_regions(user), status="open", needed_until__gt=today
    )
    return (
        without_a_bed_next(looking, today)
        .annotate(
            people=F("adults") + F("children"),
            tonight=Case(When(needed_from__lte=today, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("-tonight", "-priority", "created_at", "pk")
    )


@dataclass(frozen=True)
class HostRecord:
    asked: int  # proposals put to the host
    answered: int  # said yes or no (not expired, not called off before an answer)
    median_hours: float | None  # from the proposal to her answer

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.answered / self.asked, 1) if self.asked else None


def host_record(host: Any) -> HostRecord:
    """How a host answers: share of proposals answered and the median time to answer (three queries)."""
    import statistics

    from django.db.models import Min

    # Asked and decided: answered, or left to expire (not still pending, not called off first).
    proposals = Stay.objects.filter(offer__host=host, proposed_at__isnull=False)
    asked = proposals.filter(Q(host_accepted_at__isnull=False) | Q(state__in=[StayState.DECLINED, StayState.EXPIRED]))
    answers = (
        StayEvent.objects.filter(stay__in=proposals, move__in=["accept", "decline"])
        .values("stay")
        .annotate(first=Min("at"), proposed=Min("stay__proposed_at"))
        .values_list("first", "proposed")
    )
    hours = [(first - proposed).total_seconds() / 3600 for first, proposed in answers if proposed is not None]
    return HostRecord(
        asked=asked.count(),
        answered=len(hours),
        median_hours=round(statistics.median(hours), 1) if hours else None,
    )
