"""On PostgreSQL: presses that race each other leave the checklists whole: one tick for a
step pressed on two phones at once, and steps moved by two coordinators at once keep
one step to a position."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from haven.checklists import services
from haven.checklists.models import Tick
from haven.checklists.tests.conftest import make_route
from haven.queues.tests.test_concurrency import at_once
from haven.stays.tests.helpers import a_household

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


def test_eight_ticks_of_one_step_at_once_leave_one_tick_and_no_error(almaty, coordinator):
    route = make_route(almaty, by=coordinator, steps=1)
    household, step = a_household(almaty), route.steps.get()
    results = at_once([lambda: services.tick(household=household, step=step) for _ in range(8)])
    assert results == [True] * 8
    assert Tick.objects.filter(household=household, step=step).count() == 1


def test_steps_moved_at_once_keep_one_step_to_a_position(almaty, coordinator):
    route = make_route(almaty, by=coordinator, steps=6)
    steps = list(route.steps.order_by("position"))

    def move(step: Any, up: bool) -> Callable[[], Any]:
        return lambda: services.move_step(step=step, by=coordinator, up=up)

    results = at_once([move(step, up) for step in steps for up in (True, False)])
    assert [r for r in results if isinstance(r, Exception)] == []
    positions = sorted(route.steps.values_list("position", flat=True))
    assert len(positions) == 6
    assert len(set(positions)) == 6
    assert set(route.steps.values_list("title_ru", flat=True)) == {f"Шаг {n}" for n in range(1, 7)}
