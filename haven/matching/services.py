"""Matching in Haven: load a city from the database, run the engine, keep its proposals.

The engine (``engine/``) knows nothing of Django; this module turns a region's open
households and active offers into a ``haven-match/1`` instance, runs the engine in the
background (``tasks.run_match_task``) and stores what it proposes as suggestions.
A coordinator then accepts or rejects each one; a rejection rules the pair out of
every later run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts.models import Region
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.hosting.models import Offer, OfferStatus, Vetting
from haven.matching.engine.model import FORMAT, MAX_WINDOW_DAYS, Instance, Leg, Result, parse_instance
from haven.matching.engine.model import Household as EngineHousehold
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import score_assignment
from haven.matching.engine.warm import solve_warm
from haven.matching.models import Exclusion, MatchRun, RunMode, RunStatus, Suggestion, SuggestionStatus
from haven.registry.models import Household, Status
from haven.relocation.matching import beyond_budget
from haven.stays.services import occupancy

logger = logging.getLogger(__name__)

# An offer without an end date counts as open for this many days from today.
OPEN_ENDED_DAYS = 60
# A run still queued or running after this long is taken as lost (a worker died).
STALE_AFTER = dt.timedelta(minutes=15)
# Progress shown while a run goes through its stages.
PROGRESS_STARTED, PROGRESS_LOADED, PROGRESS_SOLVED, PROGRESS_DONE = 10, 30, 90, 100


class DecisionRefused(Exception):
    """A suggestion that can no longer be accepted or rejected; ``why`` says which case."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


# --- the instance ------------------------------------------------------------------------


def _window(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end) the engine can use: from today, and no longer than it accepts."""
    start = max(start, today)
    end = min(end, start + dt.timedelta(days=MAX_WINDOW_DAYS))
    return (start, end) if end > start else None


def _languages(value: Any) -> list[str]:
    return [code for code in value if isinstance(code, str) and code.strip()] if isinstance(value, list) else []


def matchable_households(region: Region, today: dt.date) -> Any:
    """Open needs of the city (``build_instance`` cuts off the nights their stays cover)."""
    return (
        Household.objects.select_related("district")
        .filter(region=region, status=Status.OPEN, needed_until__gt=today)
        .order_by("needed_from", "created_at", "pk")
    )


def _stays_of(households: list[Household]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per household, the nights of its stays that hold beds (planned, proposed, booked, on), in order."""
    from haven.stays.models import Stay
    from haven.stays.states import ACTIVE

    nights: dict[int, list[tuple[dt.date, dt.date]]] = {}
    rows = Stay.objects.filter(household__in=[h.pk for h in households], state__in=ACTIVE).order_by("start")
    for household_id, start, end in rows.values_list("household", "start", "end"):
        nights.setdefault(household_id, []).append((start, end))
    return nights


def _still_needed(start: dt.date, end: dt.date, stays: list[tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date]:
    """The first run of nights in [start, end) that no stay covers: after the stays that
    cover its start, up to the next stay (a group is never in two stays at once)."""
    for first, last in stays:
        if last <= start:
            continue
        if first <= start:
            start = last
        else:
            end = min(end, first)
            break
    return start, end


def _room_runs(
    offer: Offer, window: tuple[dt.date, dt.date], use: dict[tuple[int, dt.date], tuple[int, int]]
) -> list[tuple[dt.date, dt.date, int, int]]:
    """The offer's window cut where its stays change the room left: (from, until, beds,
    groups) per run of nights with the same room, runs with none left dropped. The
    format has one capacity per offer, so each run becomes an offer of its own."""
    runs: list[tuple[dt.date, dt.date, int, int]] = []
    night = window[0]
    while night < window[1]:
        beds, groups = use.get((offer.pk, night), (0, 0))
        room = (offer.beds - beds, offer.max_households - groups)
        if runs and runs[-1][1] == night and runs[-1][2:] == room:
            runs[-1] = (runs[-1][0], night + dt.timedelta(days=1), *room)
        elif room[0] >= 1 and room[1] >= 1:
            runs.append((night, night + dt.timedelta(days=1), *room))
        night += dt.timedelta(days=1)
    return runs


RUN_SEPARATOR = "~"


def offer_id_of(instance_offer_id: str) -> str:
    """The offer's public id behind an instance offer id (a run of it: ``<id>~2``)."""
    return instance_offer_id.split(RUN_SEPARATOR, 1)[0]


def matchable_offers(region: Region, today: dt.date) -> Any:
    """Active offers of hosts who may take guests: not suspended, account not closed."""
    return (
        Offer.objects.select_related("district")
        .filter(region=region, status=OfferStatus.ACTIVE, host__is_active=True)
        .filter(Q(available_until__isnull=True) | Q(available_until__gt=today))
        .exclude(host__host_profile__vetting=Vetting.SUSPENDED)
        .order_by("available_from", "created_at", "pk")
    )


@transaction.atomic
def build_instance(*, region: Region, today: dt.date, households: Any = None, offers: Any = None) -> dict[str, Any]:
    """The ``haven-match/1`` instance of one city on ``today``: its open needs and bookable beds.

    ``households`` and ``offers`` (querysets) narrow it, for matching one group or one
    place by hand; by default every open need and every bookable place of the city.
    Ids are public ids; the city is the region's slug. Windows start no earlier than
    today; an open-ended offer runs ``OPEN_ENDED_DAYS`` from today. Exclusions are the
    pairs that coordinators rejected before.
    """
    rows = []
    wanted = list(matchable_households(region, today) if households is None else households)
    stays = _stays_of(wanted)
    for h in wanted:
        # Nights its stays already cover are not asked for again.
        window = _window(*_still_needed(max(h.needed_from, today), h.needed_until, stays.get(h.pk, [])), today)
        if window is None:
            continue
        rows.append(
            {
                "id": str(h.public_id), "city": region.slug, "adults": h.adults, "children": h.children,
                "from": window[0].isoformat(), "until": window[1].isoformat(), "pets": h.pets,
                "accessible": h.step_free, "women_only": h.women_only,
                "vulnerable": h.priority,
                "languages": _languages(h.languages), "district": h.district.slug if h.district else None,
            }
        )  # fmt: skip
    places = []
    candidates = list(matchable_offers(region, today) if offers is None else offers)
    use = occupancy(candidates)
    for o in candidates:
        until = o.available_until or today + dt.timedelta(days=OPEN_ENDED_DAYS)
        window = _window(o.available_from, until, today)
        if window is None:
            continue
        runs = _room_runs(o, window, use)
        for n, (start, end, beds, slots) in enumerate(runs):
            places.append(
                {
                    "id": str(o.public_id) if len(runs) == 1 else f"{o.public_id}{RUN_SEPARATOR}{n}",
                    "city": region.slug, "district": o.district.slug, "beds": beds,
                    "max_households": slots, "from": start.isoformat(),
                    "until": end.isoformat(), "max_nights": o.max_nights, "pets_ok": o.pets_ok,
                    "children_ok": o.children_ok, "accessible": o.step_free, "women_only": o.women_only,
                    "languages": _languages(o.languages),
                }
            )  # fmt: skip
    household_ids = {h["id"] for h in rows}
    runs_of: dict[str, list[str]] = {}
    for offer in places:
        runs_of.setdefault(offer_id_of(offer["id"]), []).append(offer["id"])
    pairs = Exclusion.objects.filter(household__region=region, offer__region=region).values_list(
        "household__public_id", "offer__public_id"
    )
    exclusions = [
        {"household": str(h), "offer": run}
        for h, o in pairs
        if str(h) in household_ids
        for run in runs_of.get(str(o), [])
    ]
    exclusions += beyond_budget(wanted, candidates, household_ids, runs_of)
    return {
        "format": FORMAT,
        "today": today.isoformat(),
        "households": rows,
        "offers": places,
        "exclusions": exclusions,
    }


# --- runs ----------------------------------------------------------------------------------


def _enqueue(run_id: str) -> None:
    from haven.matching.tasks import run_match_task  # the task module imports this one

    run_match_task.enqueue(run_id)


def start_run(*, region: Region, by: Any, mode: str = RunMode.FULL) -> MatchRun:
    """Queue a run for the city, or give back the one already waiting or running.

    ``mode`` update re-plans only what changed since the city's latest run of the day
    (a whole-city run when there is none).

    A run left queued or running for longer than ``STALE_AFTER`` is marked failed
    (its worker is gone) and a new one starts. The task is handed to the backend only
    once the run is committed, so a worker never looks for a run that is not there.
    """
    with transaction.atomic():
        # Two coordinators pressing the button at once queue one run: they take turns here.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        now = timezone.now()
        unfinished = MatchRun.objects.filter(region=region, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        # A queued run ages from its creation, a running one from its start.
        stale = Q(status=RunStatus.QUEUED, created_at__lt=now - STALE_AFTER) | Q(
            status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER
        )
        unfinished.filter(stale).update(status=RunStatus.FAILED, error="stale", finished_at=now)
        current = unfinished.exclude(stale).first()
        if current is not None:
            return current
        run = MatchRun.objects.create(region=region, mode=mode, requested_by=by if by and by.is_authenticated else None)
        transaction.on_commit(partial(_enqueue, str(run.public_id)))
    return run


def latest_state(run: MatchRun) -> dict[str, Any] | None:
    """The engine state of the city's latest finished run (None when there is none;
    the engine itself refuses a state from another day or policy)."""
    state: dict[str, Any] | None = (
        MatchRun.objects.filter(region_id=run.region_id, status=RunStatus.DONE, state__isnull=False)
        .exclude(pk=run.pk)
        .order_by("-finished_at")
        .values_list("state", flat=True)
        .first()
    )
    return state


def _progress(run: MatchRun, value: int) -> None:
    # Its own short write, committed at once, so that the page polling it sees it move.
    MatchRun.objects.filter(pk=run.pk).update(progress=value)


def _engine_progress(run: MatchRun) -> Callable[[float], None]:
    """The engine's share of work done, as the run's progress between loaded and solved,
    written at most once a second."""
    last = {"at": 0.0, "value": PROGRESS_LOADED}

    def report(fraction: float) -> None:
        value = PROGRESS_LOADED + int((PROGRESS_SOLVED - PROGRESS_LOADED) * min(1.0, max(0.0, fraction)))
        now = time.monotonic()
        if value > last["value"] and now - last["at"] >= 1.0:
            last.update(at=now, value=value)
            _progress(run, value)

    return report


def execute_run(*, run_id: str | UUID) -> MatchRun | None:
    """Run the engine for a queued run and store its suggestions; None if it is not queued.

    Claiming the run (queued -> running) is one conditional update, so a task
    delivered twice runs once. Any error marks the run failed with the error's class
    name only: messages and tracebacks go to the (redacted) log, never to the page.
    Not one transaction on purpose: each stage commits its progress for the page to
    see; the suggestions and the result are stored in one (``store_result``).
    """
    claimed = MatchRun.objects.filter(public_id=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=PROGRESS_STARTED, started_at=timezone.now()
    )
    if not claimed:
        return None
    run = MatchRun.objects.select_related("region").get(public_id=run_id)
    try:
        raw = build_instance(region=run.region, today=timezone.localdate())
        instance = parse_instance(raw)
        _progress(run, PROGRESS_LOADED)
        result = None
        progress = _engine_progress(run)
        if run.mode == RunMode.UPDATE:
            seconds = float(getattr(settings, "HAVEN_MATCH_UPDATE_SECONDS", 1))
            result = solve_warm(instance, latest_state(run), time_limit=seconds)
        if result is None:  # a whole-city run, asked for or because nothing to update from
            result = solve(instance, time_limit=float(getattr(settings, "HAVEN_MATCH_SECONDS", 10)), progress=progress)
        _progress(run, PROGRESS_SOLVED)
        store_result(run=run, instance=instance, result=result)
    except BaseException as exc:
        # Interrupted too (the worker stopped mid-run): never leave a run "running".
        logger.exception("matching run %s failed", run.public_id)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=type(exc).__name__[:200], finished_at=timezone.now()
        )
        if not isinstance(exc, Exception):
            raise
    run.refresh_from_db()
    return run


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _plain(value: Any) -> Any:
    """The engine's figures as plain JSON (numpy numbers become floats, anything else a string)."""
    return json.loads(json.dumps(value, default=lambda v: float(v) if hasattr(v, "__float__") else str(v)))


def _offer_legs(legs: list[Leg], max_nights: dict[str, int]) -> list[dict[str, str]]:
    """Legs by offer public id: two consecutive legs in runs of the same offer are one
    stay. Runs are offers of their own to the engine, so such a stay can come out longer
    than the offer's longest stay: it is cut there, and the chain ends with it."""
    merged: list[dict[str, str]] = []
    for leg in legs:
        row = leg.to_dict()
        row["offer"] = offer_id_of(row["offer"])
        if merged and merged[-1]["offer"] == row["offer"] and merged[-1]["until"] == row["from"]:
            start = dt.date.fromisoformat(merged[-1]["from"])
            longest = start + dt.timedelta(days=max_nights[leg.offer])
            if dt.date.fromisoformat(row["until"]) > longest:
                merged[-1]["until"] = longest.isoformat()
                break
            merged[-1]["until"] = row["until"]
        else:
            merged.append(row)
    return merged


@transaction.atomic
def store_result(*, run: MatchRun, instance: Instance, result: Result) -> MatchRun:
    """Keep the engine's proposals as the run's suggestions and mark the run done.

    A household erased while the engine ran is skipped (its suggestion would name
    nobody). A run no longer running (given up as stale meanwhile) is left as it is.
    """
    if not MatchRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.RUNNING).exists():
        return run
    ids = [a.household for a in result.assignments]
    pks = {
        str(public_id): pk
        for public_id, pk in Household.objects.filter(public_id__in=ids).values_list("public_id", "pk")
    }
    households = {h.id: h for h in instance.households}
    offers = {o.id: o for o in instance.offers}
    longest = {o.id: o.max_nights for o in instance.offers}
    suggestions = [
        Suggestion(
            run=run,
            household_id=pks[a.household],
            legs=_offer_legs(a.legs, longest),
            value=float(score_assignment(instance, a.household, a.legs)),
            reasons=list(a.reasons),
            reason_codes=reason_codes(instance, households[a.household], a.legs, offers),
        )
        for a in result.assignments
        if a.household in pks
    ]
    Suggestion.objects.bulk_create(suggestions, batch_size=500)
    run.score = _finite(result.score)
    run.upper_bound = _finite(result.upper_bound)
    run.stats = {
        "households": len(instance.households),
        "offers": len(instance.offers),
        "assigned": len(result.assignments),
        "unassigned": len(result.unassigned),
        "unassigned_reasons": dict(Counter(u.reason for u in result.unassigned)),
        "engine": _plain(result.stats),
    }
    run.status = RunStatus.DONE
    run.progress = PROGRESS_DONE
    run.finished_at = timezone.now()
    run.state = result.state
    run.save(update_fields=["score", "upper_bound", "stats", "status", "progress", "finished_at", "state"])
    # Only the latest run is ever updated from: older states are dead weight.
    MatchRun.objects.filter(region_id=run.region_id, state__isnull=False).exclude(pk=run.pk).update(state=None)
    return run


def reason_codes(
    instance: Instance, household: EngineHousehold, legs: list[Leg], offers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The facts behind a proposal, structured so that the page can say them in any language.

    The same facts as the engine's English reasons (``engine/explain.py``).
    """
    start = max(household.start, instance.today)
    used = [offers[leg.offer] for leg in legs]
    codes: list[dict[str, Any]] = [
        {
            "code": "covers",
            "nights": sum((leg.end - leg.start).days for leg in legs),
            "wanted": (household.end - start).days,
            "stays": len(legs),
        }
    ]
    shared = sorted(set().union(*(household.languages & o.languages for o in used)))
    if shared:
        codes.append({"code": "languages", "languages": shared})
    if household.district and any(o.district == household.district for o in used):
        codes.append({"code": "district"})
    for wanted, code in [
        (household.pets, "pets"),
        (household.children > 0, "children"),
        (household.accessible, "step_free"),
        (household.vulnerable, "vulnerable"),
        (bool(legs) and legs[0].start == start, "first_night"),
    ]:
        if wanted:
            codes.append({"code": code})
    return codes


# --- decisions -----------------------------------------------------------------------------


def _lock_proposed(suggestion: Suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PROPOSED:
        raise DecisionRefused("decided")
    return locked


def _decide(suggestion: Suggestion, status: SuggestionStatus, by: Any) -> Suggestion:
    suggestion.status = status
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    household = Household.objects.select_related("region").get(pk=suggestion.household_id)
    action = Action.ACCEPTED_SUGGESTION if status == SuggestionStatus.ACCEPTED else Action.REJECTED_SUGGESTION
    audit.record(
        actor=by, action=action, subject_kind="household", subject_id=str(household.public_id),
        region=household.region, why=Why.MATCHING,
    )  # fmt: skip
    return suggestion


@transaction.atomic
def accept_suggestion(*, suggestion: Suggestion, by: Any) -> Suggestion:
    """Accept a proposed suggestion: its first stay goes to its host as a proposal, the
    later legs of a chain wait as planned stays with their beds held (``stays``).

    Refused, with nothing written, when it was already decided, when the household no
    longer looks for a place or already has a stay on these nights, or when a bed was
    given to another group meanwhile (the stays service locks the offers and counts).
    """
    from haven.stays import services as stays

    locked = _lock_proposed(suggestion)
    household = Household.objects.filter(pk=locked.household_id).first()
    if household is None or household.status != Status.OPEN:
        raise DecisionRefused("closed")
    offers = {str(o.public_id): o for o in Offer.objects.filter(public_id__in=locked.offer_ids)}
    try:
        legs = [
            stays.LegRequest(
                offers[leg["offer"]], dt.date.fromisoformat(leg["from"]), dt.date.fromisoformat(leg["until"])
            )
            for leg in locked.legs
        ]
        stays.propose(household=household, legs=legs, by=by, suggestion=locked, reason_codes=locked.reason_codes)
    except KeyError as exc:  # an offer deleted since the run
        raise DecisionRefused("full") from exc
    except stays.StayRefused as refused:
        why = {"closed": "closed", "overlap": "placed", "full": "full"}.get(refused.why, "changed")  # rules, window
        raise DecisionRefused(why) from refused
    return _decide(locked, SuggestionStatus.ACCEPTED, by)


@transaction.atomic
def reject_suggestion(*, suggestion: Suggestion, by: Any) -> Suggestion:
    """Mark a proposed suggestion rejected and rule its offers out for this household from now on."""
    locked = _lock_proposed(suggestion)
    offers = Offer.objects.filter(public_id__in=locked.offer_ids)
    Exclusion.objects.bulk_create(
        [Exclusion(household_id=locked.household_id, offer=offer, created_by=by) for offer in offers],
        ignore_conflicts=True,
    )
    return _decide(locked, SuggestionStatus.REJECTED, by)
