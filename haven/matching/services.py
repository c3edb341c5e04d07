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
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from haven.accounts.models import Region
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.hosting.models import Offer
from haven.lib import lease
from haven.matching.engine.model import Household as EngineHousehold
from haven.matching.engine.model import Instance, Leg, Result, parse_instance
from haven.matching.engine.solve import solve
from haven.matching.engine.validate import score_assignment
from haven.matching.engine.warm import solve_warm
from haven.matching.instance import (  # noqa: F401 - the instance's names, as callers know them here
    OPEN_ENDED_DAYS,
    RUN_SEPARATOR,
    _still_needed,
    build_instance,
    matchable_households,
    matchable_offers,
    offer_id_of,
)
from haven.matching.models import Exclusion, MatchRun, RunMode, RunStatus, Suggestion, SuggestionStatus
from haven.registry.models import Household, Status

logger = logging.getLogger(__name__)

# A run queued this long with no worker taking it is given up when the city starts another.
STALE_AFTER = dt.timedelta(minutes=15)
# Progress shown while a run goes through its stages.
PROGRESS_STARTED, PROGRESS_LOADED, PROGRESS_SOLVED, PROGRESS_DONE = 10, 30, 90, 100


class DecisionRefused(Exception):
    """A suggestion that can no longer be accepted or rejected; ``why`` says which case."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


# --- runs ----------------------------------------------------------------------------------


def _enqueue(run_id: str) -> None:
    from haven.matching.tasks import run_match_task  # the task module imports this one

    run_match_task.enqueue(run_id)


def start_run(*, region: Region, by: Any, mode: str = RunMode.FULL) -> MatchRun:
    """Queue a run for the city, or give back the one already waiting or running.

    ``mode`` update re-plans only what changed since the city's latest run of the day
    (a whole-city run when there is none).

    A run queued for longer than ``STALE_AFTER`` (no worker takes it), or running with
    no heartbeat past its lease (its worker died), is marked failed and a new one
    starts. The task is handed to the backend only once the run is committed, so a
    worker never looks for a run that is not there.
    """
    with transaction.atomic():
        # Two coordinators pressing the button at once queue one run: they take turns here.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        now = timezone.now()
        unfinished = MatchRun.objects.filter(region=region, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        # A queued run ages from its creation or its last hand-back to the queue.
        unfinished = unfinished.annotate(queued_since=Coalesce("heartbeat_at", "created_at"))
        stale = Q(status=RunStatus.QUEUED, queued_since__lt=now - STALE_AFTER) | (
            Q(status=RunStatus.RUNNING) & lease.lost(now)
        )
        for pk, status, attempts in unfinished.filter(stale).values_list("pk", "status", "attempts"):
            # As seen: a run queued again and claimed meanwhile is not given up.
            MatchRun.objects.filter(pk=pk, status=status, attempts=attempts).update(
                status=RunStatus.FAILED, error="stale", finished_at=now
            )
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
    MatchRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts).update(progress=value)


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
    see; the suggestions and the result are stored in one (``store_result``), so a
    worker killed on the way leaves nothing half-written: its lease runs out and the
    clock queues the run again (``recover_lost``).
    """
    now = timezone.now()
    claimed = MatchRun.objects.filter(public_id=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=PROGRESS_STARTED, started_at=now, heartbeat_at=now,
        attempts=F("attempts") + 1,
    )  # fmt: skip
    if not claimed:
        return None
    run = MatchRun.objects.select_related("region").get(public_id=run_id)
    # Interrupted (the worker told to stop: SystemExit, KeyboardInterrupt), the run is
    # left running: its lease runs out and the clock queues it again.
    try:
        with lease.heartbeat(MatchRun, run.pk, status=RunStatus.RUNNING, attempts=run.attempts):
            _execute(run)
    except Exception as exc:
        logger.exception("matching run %s failed", run.public_id)
        MatchRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts).update(
            status=RunStatus.FAILED, error=type(exc).__name__[:200], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _execute(run: MatchRun) -> None:
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


def recover_lost(*, now: dt.datetime | None = None) -> int:
    """Queue again the runs whose worker died (no heartbeat past the lease); how many.
    A run lost ``lease.MAX_ATTEMPTS`` times is marked failed instead."""
    now = now or timezone.now()
    failed = {"status": RunStatus.FAILED, "error": "WorkerLost", "finished_at": now}
    return lease.recover_lost(
        MatchRun,
        running=RunStatus.RUNNING,
        queued=RunStatus.QUEUED,
        failed=failed,
        enqueue=_enqueue,
        now=now,
        progress=0,
    )


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
    current = MatchRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts)
    if not current.exists():
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
