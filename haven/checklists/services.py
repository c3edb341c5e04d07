"""Writes of onward checklists: coordinators' changes to routes and steps (each audited),
and the ticks of a household."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from haven.audit import services as audit
from haven.audit.models import Action
from haven.checklists.models import MAX_STEPS, Route, Step, Tick

ROUTE_FIELDS = frozenset(
    ["region", "title_ru", "title_kk", "title_en", "summary_ru", "summary_kk", "summary_en", "position", "is_active"]
)
STEP_FIELDS = frozenset(
    [
        *(f"{name}_{lang}" for name in ("title", "body", "documents", "link_label") for lang in ("ru", "kk", "en")),
        "link",
    ]
)


class Refused(Exception):
    """A change that cannot be made; ``why`` names the case for the page."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _record(*, by: Any, route: Route, detail: str) -> None:
    audit.record(
        actor=by, action=Action.CHECKLIST, subject_kind="route", subject_id=str(route.public_id), region=route.region,
        detail=detail,
    )  # fmt: skip


def _only(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"not a field that can be set: {', '.join(sorted(unknown))}")
    return fields


def _locked(route: Route) -> Route:
    """The route's row, locked: changes to its steps' positions go one after another."""
    return Route.objects.select_for_update().get(pk=route.pk)


# --- routes --------------------------------------------------------------------------------


@transaction.atomic
def create_route(*, by: Any, **fields: Any) -> Route:
    """A new route, placed last in the list unless a position is given."""
    fields = _only(fields, ROUTE_FIELDS)
    if "position" not in fields:
        last = Route.objects.aggregate(last=Max("position"))["last"]
        fields["position"] = (last or 0) + 1
    route = Route.objects.create(updated_by=by, **fields)
    _record(by=by, route=route, detail="route created")
    return route


@transaction.atomic
def update_route(*, route: Route, by: Any, **fields: Any) -> Route:
    """Change a route's texts, city, place in the list or whether it is shown."""
    route = _locked(route)
    changed = sorted(name for name, value in _only(fields, ROUTE_FIELDS).items() if getattr(route, name) != value)
    for name in changed:
        setattr(route, name, fields[name])
    if changed:
        route.updated_by = by
        route.save()
        _record(by=by, route=route, detail="route changed: " + ", ".join(changed))
    return route


# --- steps ---------------------------------------------------------------------------------


@transaction.atomic
def add_step(*, route: Route, by: Any, **fields: Any) -> Step:
    """A new step at the end of the route."""
    route = _locked(route)
    if route.steps.count() >= MAX_STEPS:
        raise Refused("too-many-steps")
    last = route.steps.aggregate(last=Max("position"))["last"]
    step = Step.objects.create(route=route, position=(last or 0) + 1, **_only(fields, STEP_FIELDS))
    _touch(route, by)
    _record(by=by, route=route, detail=f"step {step.public_id} added")
    return step


@transaction.atomic
def update_step(*, step: Step, by: Any, **fields: Any) -> Step:
    route = _locked(step.route)
    step = Step.objects.get(pk=step.pk)
    changed = sorted(name for name, value in _only(fields, STEP_FIELDS).items() if getattr(step, name) != value)
    for name in changed:
        setattr(step, name, fields[name])
    if changed:
        step.save()
        _touch(route, by)
        _record(by=by, route=route, detail=f"step {step.public_id} changed")
    return step


@transaction.atomic
def move_step(*, step: Step, by: Any, up: bool) -> Step:
    """Swap the step with the one before it (``up``) or after it; at either end, nothing moves."""
    route = _locked(step.route)
    step = Step.objects.get(pk=step.pk)
    steps = route.steps.all()
    neighbour = (
        steps.filter(position__lt=step.position).order_by("-position").first()
        if up
        else steps.filter(position__gt=step.position).order_by("position").first()
    )
    if neighbour is None:
        return step
    mine, theirs = step.position, neighbour.position
    # One position at a time, through a free one: (route, position) is unique at every moment.
    free = (steps.aggregate(last=Max("position"))["last"] or 0) + 1
    Step.objects.filter(pk=step.pk).update(position=free)
    Step.objects.filter(pk=neighbour.pk).update(position=mine)
    Step.objects.filter(pk=step.pk).update(position=theirs)
    step.position = theirs
    _touch(route, by)
    _record(by=by, route=route, detail=f"step {step.public_id} moved {'up' if up else 'down'}")
    return step


@transaction.atomic
def remove_step(*, step: Step, by: Any) -> None:
    """Delete a step, and the ticks households gave it."""
    route = _locked(step.route)
    public_id = step.public_id
    Step.objects.filter(pk=step.pk).delete()
    _touch(route, by)
    _record(by=by, route=route, detail=f"step {public_id} removed")


def _touch(route: Route, by: Any) -> None:
    route.updated_by = by
    route.save(update_fields=["updated_by", "updated_at"])


# --- ticks ---------------------------------------------------------------------------------


def tick(*, household: Any, step: Step, done: bool = True) -> bool:
    """Mark the step done (or not done) for the household; doing it twice changes nothing.

    Refused for a step of a route that is no longer shown. Returns whether it is done now.
    """
    if not Route.objects.filter(pk=step.route_id, is_active=True).exists():
        raise Refused("inactive")
    if done:
        # get_or_create catches the unique constraint when two presses race.
        Tick.objects.get_or_create(household=household, step=step)
    else:
        Tick.objects.filter(household=household, step=step).delete()
    return done


def untick(*, household: Any, step: Step) -> bool:
    return tick(household=household, step=step, done=False)
