"""An import whose worker died: whole batches only, queued again by the clock, each row once.

The worker process itself is killed for real in tests/test_faults.py (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from haven.imports import reading, services
from haven.imports.models import ImportJob, ImportStatus
from haven.lib import lease
from haven.registry import services as registry
from haven.registry.models import Household

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
ROWS = 250


def queued_sheet(region: Any, by: Any) -> ImportJob:
    first = timezone.localdate()
    header = "Имя,Взрослые,Заезд,Выезд\n"
    body = "".join(f"Группа {n},1,{first:%d.%m.%Y},{first + dt.timedelta(days=3):%d.%m.%Y}\n" for n in range(ROWS))
    table = reading.read_table("many.csv", (header + body).encode())
    job = services.start(region=region, by=by, source="s", file_name="many.csv", table=table)
    services.set_mapping(
        job=job, mapping={"alias": 0, "adults": 1, "needed_from": 2, "needed_until": 3}, remember=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    return job


def dies_at_row(monkeypatch: pytest.MonkeyPatch, row: int) -> None:
    real = registry.register_household
    calls = {"n": 0}

    def register(**fields: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == row:
            raise SystemExit(1)  # the worker stopped in the middle of a batch
        return real(**fields)

    monkeypatch.setattr(registry, "register_household", register)


def test_an_import_whose_worker_died_goes_on_from_the_last_whole_batch(almaty, coordinator, monkeypatch):
    job = queued_sheet(almaty, coordinator)
    dies_at_row(monkeypatch, 150)
    with pytest.raises(SystemExit):
        services.run(str(job.public_id))
    job.refresh_from_db()
    # The first batch is in; the second was rolled back whole.
    assert (job.status, job.processed, job.imported) == (ImportStatus.RUNNING, services.BATCH, services.BATCH)
    assert Household.objects.count() == services.BATCH

    later = timezone.now() + lease.LOST_AFTER + dt.timedelta(seconds=1)
    with override_settings(TASKS=DUMMY_TASKS):
        assert services.recover_lost(now=later) == 1
        assert services.recover_lost(now=later) == 0
    services.run(str(job.public_id))
    job.refresh_from_db()
    assert (job.status, job.processed, job.imported, job.attempts) == (ImportStatus.DONE, ROWS, ROWS, 2)
    aliases = list(Household.objects.values_list("alias", flat=True))
    assert sorted(aliases) == sorted(f"Группа {n}" for n in range(ROWS))  # each row once
    assert job.duplicates == []


def test_a_worker_that_wakes_after_its_import_was_handed_on_rolls_its_batch_back(almaty, coordinator, monkeypatch):
    job = queued_sheet(almaty, coordinator)
    real = registry.register_household
    calls = {"n": 0}

    def register(**fields: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 150:  # frozen here while the clock hands the job to attempt 2
            ImportJob.objects.filter(pk=job.pk).update(attempts=2)
        return real(**fields)

    monkeypatch.setattr(registry, "register_household", register)
    assert services.run(str(job.public_id)) is None  # it saw it was superseded and stopped
    job.refresh_from_db()
    # (In this one-connection test the hand-on is rolled back with the batch.)
    assert (job.status, job.processed) == (ImportStatus.RUNNING, services.BATCH)
    assert Household.objects.count() == services.BATCH


def test_an_import_lost_three_times_is_failed_and_its_rows_dropped(almaty, coordinator):
    job = queued_sheet(almaty, coordinator)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, attempts=lease.MAX_ATTEMPTS)
    assert services.recover_lost(now=timezone.now()) == 0  # no heartbeat at all: lost
    job.refresh_from_db()
    assert (job.status, job.rows) == (ImportStatus.FAILED, "")
