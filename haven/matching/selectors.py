"""Reads about matching runs and suggestions, with the rules of who may see which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import Region
from haven.accounts.selectors import coordinated_regions
from haven.hosting.models import Offer
from haven.matching.models import MatchRun, RunStatus, Suggestion


def region_for_coordinator(user: Any, slug: str) -> Region:
    """A region this person coordinates; 404 for any other, as for a missing one."""
    region = coordinated_regions(user).filter(slug=slug).first()
    if region is None:
        raise Http404
    return region


def runs_for_coordinator(user: Any) -> QuerySet[MatchRun]:
    # The engine's state can be large and no page shows it.
    return (
        MatchRun.objects.select_related("region", "requested_by")
        .defer("state")
        .filter(region__in=coordinated_regions(user))
    )


def updatable_regions(regions: Iterable[Region]) -> set[int]:
    """Regions whose latest finished run of today can be updated rather than redone."""
    today = timezone.localdate()
    return set(
        MatchRun.objects.filter(
            region__in=list(regions), status=RunStatus.DONE, state__isnull=False, finished_at__date=today
        ).values_list("region_id", flat=True)
    )


def run_for_coordinator(user: Any, public_id: Any) -> MatchRun:
    """One run of the coordinator's regions; 404 for another region's, as for a missing one."""
    try:
        return runs_for_coordinator(user).get(public_id=public_id)
    except (MatchRun.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def suggestion_for_coordinator(user: Any, public_id: Any) -> Suggestion:
    """One suggestion of a run in the coordinator's regions, for a household still there; else 404."""
    regions = coordinated_regions(user)
    try:
        return Suggestion.objects.select_related("run", "household").get(
            public_id=public_id, run__region__in=regions, household__region__in=regions
        )
    except (Suggestion.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def suggestions_of(run: MatchRun) -> QuerySet[Suggestion]:
    """The run's suggestions for households still in its city (one that moved away is not shown)."""
    return (
        Suggestion.objects.select_related("household", "household__region")
        .filter(run=run, household__region=run.region)
        .order_by("household__needed_from", "pk")
    )


@dataclass
class LegRow:
    offer: Offer | None  # None once the offer is gone
    start: dt.date
    end: dt.date


@dataclass
class SuggestionRow:
    suggestion: Suggestion
    legs: list[LegRow]


def with_legs(run: MatchRun, suggestions: Iterable[Suggestion]) -> list[SuggestionRow]:
    """Each suggestion with the offers of its legs, read in one query."""
    items = list(suggestions)
    ids = {leg["offer"] for s in items for leg in s.legs}
    offers = {
        str(o.public_id): o
        for o in Offer.objects.select_related("district").filter(region=run.region, public_id__in=ids)
    }
    return [
        SuggestionRow(
            suggestion=s,
            legs=[
                LegRow(
                    offers.get(leg["offer"]), dt.date.fromisoformat(leg["from"]), dt.date.fromisoformat(leg["until"])
                )
                for leg in s.legs
            ],
        )
        for s in items
    ]
