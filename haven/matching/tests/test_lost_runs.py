"""A run whose worker died: nothing half-written, queued again by the clock, done once.

The worker process itself is killed for real in tests/test_faults.py (PostgreSQL); here
the same paths run in one process: the worker "dies" with SystemExit in the engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from haven.lib import lease
from haven.matching import services
from haven.matching.models import MatchRun, RunStatus, Suggestion
from haven.matching.tests.test_services import DUMMY_TASKS, household_in, offer_in


@pytest.fixture(autouse=True)
def _quick_engine(settings: Any) -> None:
    settings.HAVEN_MATCH_SECONDS = 2


def after_the_lease() -> dt.datetime:
    return timezone.now() + lease.LOST_AFTER + dt.timedelta(seconds=1)


def dies_in_the_engine(monkeypatch: pytest.MonkeyPatch, times: int = 1) -> None:
    real_solve = services.solve
    left = {"deaths": times}

    def solve(*args: Any, **kwargs: Any) -> Any:
        if left["deaths"]:
            left["deaths"] -= 1
            raise SystemExit(1)  # what db_worker does on a second SIGTERM; a SIGKILL leaves the same
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(services, "solve", solve)


def test_a_run_whose_worker_died_is_queued_again_and_done_once(almaty, host, coordinator, monkeypatch):
    household_in(almaty)
    offer_in(almaty, host)
    dies_in_the_engine(monkeypatch)
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
    with pytest.raises(SystemExit):
        services.execute_run(run_id=run.public_id)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.RUNNING, 1)
    assert not Suggestion.objects.exists()  # nothing half-written
    assert services.recover_lost(now=timezone.now()) == 0  # its lease has not run out yet

    with override_settings(TASKS=DUMMY_TASKS):
        assert services.recover_lost(now=after_the_lease()) == 1
        assert services.recover_lost(now=after_the_lease()) == 0  # once
    run.refresh_from_db()
    assert (run.status, run.progress) == (RunStatus.QUEUED, 0)
    services.execute_run(run_id=run.public_id)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.DONE, 2)
    assert Suggestion.objects.filter(run=run).count() == 1


def test_a_run_lost_three_times_is_failed_not_retried_forever(almaty, host, coordinator, monkeypatch):
    household_in(almaty)
    offer_in(almaty, host)
    dies_in_the_engine(monkeypatch, times=lease.MAX_ATTEMPTS)
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
        for _ in range(lease.MAX_ATTEMPTS):
            with pytest.raises(SystemExit):
                services.execute_run(run_id=run.public_id)
            services.recover_lost(now=after_the_lease())
    run.refresh_from_db()
    assert (run.status, run.error, run.attempts) == (RunStatus.FAILED, "WorkerLost", lease.MAX_ATTEMPTS)
    # The city can start a new run at once.
    with override_settings(TASKS=DUMMY_TASKS):
        assert services.start_run(region=almaty, by=coordinator) != run


def test_a_worker_that_wakes_after_its_run_was_handed_on_writes_nothing(almaty, host, coordinator, monkeypatch):
    household_in(almaty)
    offer_in(almaty, host)
    real_solve = services.solve

    def frozen(*args: Any, **kwargs: Any) -> Any:
        # This worker freezes here; meanwhile the clock takes it as lost and another
        # worker claims the run (attempt 2).
        MatchRun.objects.update(status=RunStatus.RUNNING, attempts=2)
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(services, "solve", frozen)
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
    late = services.execute_run(run_id=run.public_id)
    assert late is not None
    assert (late.status, late.attempts) == (RunStatus.RUNNING, 2)  # left to attempt 2
    assert not Suggestion.objects.exists()


def test_a_city_run_still_beating_is_not_given_up(almaty, coordinator):
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
        long_ago = timezone.now() - dt.timedelta(hours=2)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, started_at=long_ago, heartbeat_at=timezone.now()
        )
        assert services.start_run(region=almaty, by=coordinator) == run  # long, but alive
        assert services.recover_lost() == 0
        MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago)
        fresh = services.start_run(region=almaty, by=coordinator)
    run.refresh_from_db()
    assert fresh != run
    assert (run.status, run.error) == (RunStatus.FAILED, "stale")
