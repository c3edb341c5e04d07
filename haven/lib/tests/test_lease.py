"""The heartbeat beats while the work runs, from its own connection, and stops after."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import override_settings

from haven.lib import lease
from haven.matching import services
from haven.matching.models import MatchRun

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite serialises writers: the beat would wait for the test's own transaction",
)
def test_the_heartbeat_stamps_the_row_while_the_block_runs_and_stops_after(almaty, coordinator):
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
    assert run.heartbeat_at is None
    with lease.heartbeat(MatchRun, run.pk, every=0.05):
        time.sleep(0.5)
        run.refresh_from_db()
        first = run.heartbeat_at
        assert first is not None
        time.sleep(0.3)
        run.refresh_from_db()
        assert run.heartbeat_at is not None
        assert run.heartbeat_at > first
    run.refresh_from_db()
    last = run.heartbeat_at
    time.sleep(0.3)
    run.refresh_from_db()
    assert run.heartbeat_at == last
