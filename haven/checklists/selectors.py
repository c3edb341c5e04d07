"""Reads of onward checklists, with who may see and edit which route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from haven.accounts.selectors import coordinated_regions
from haven.checklists.models import Route, Step, Tick


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total


def shown_routes(household: Any = None) -> list[Route]:
    """The routes shown to everyone, with their number of steps (``step_count``); the
    routes from the household's city first, then those from anywhere, then the others."""
    routes: list[Route] = list(
        Route.objects.filter(is_active=True)
        .select_related("region")
        .annotate(step_count=Count("steps"))
        .order_by("position", "pk")
    )
    if household is not None:
        routes.sort(
            key=lambda route: 0 if route.region_id == household.region_id else 1 if route.region_id is None else 2
        )
    return routes


def shown_route(public_id: UUID) -> Route:
    """A route shown to everyone; 404 for one that is hidden or missing."""
    route = Route.objects.filter(public_id=public_id, is_active=True).select_related("region").first()
    if route is None:
        raise Http404
    return route


def step_of(route: Route, step_id: UUID) -> Step:
    """The step of this route; 404 for a step of another route, as for a missing one."""
    step = Step.objects.filter(route=route, public_id=step_id).first()
    if step is None:
        raise Http404
    return step


def done_steps(household: Any, route: Route) -> set[int]:
    """The ids of the route's steps that the household has ticked off."""
    if household is None:
        return set()
    return set(Tick.objects.filter(household=household, step__route=route).values_list("step_id", flat=True))


def progress_by_route(household: Any, routes: list[Route]) -> dict[int, Progress]:
    """Route id -> the household's progress, in one query for the whole list."""
    if household is None:
        return {}
    done = dict(
        Tick.objects.filter(household=household, step__route__in=routes)
        .values_list("step__route")
        .annotate(n=Count("pk"))
        .values_list("step__route", "n")
    )
    return {route.pk: Progress(done.get(route.pk, 0), route.step_count) for route in routes}  # type: ignore[attr-defined]


# --- coordinators ----------------------------------------------------------------------------


def routes_for_coordinator(user: Any) -> QuerySet[Route]:
    """The routes this person may edit: those from their cities, and those from no city in particular."""
    return (
        Route.objects.filter(Q(region__in=coordinated_regions(user)) | Q(region__isnull=True))
        .select_related("region", "updated_by")
        .annotate(step_count=Count("steps"))
        .order_by("position", "pk")  # Meta.ordering is not applied to a GROUP BY
    )


def route_for_coordinator(user: Any, public_id: UUID) -> Route:
    """One route the coordinator may edit; 404 for another city's, as for a missing one."""
    route = routes_for_coordinator(user).filter(public_id=public_id).first()
    if route is None:
        raise Http404
    return route


def step_for_coordinator(user: Any, public_id: UUID) -> Step:
    step = (
        Step.objects.filter(public_id=public_id)
        .filter(Q(route__region__in=coordinated_regions(user)) | Q(route__region__isnull=True))
        .select_related("route__region")
        .first()
    )
    if step is None:
        raise Http404
    return step
