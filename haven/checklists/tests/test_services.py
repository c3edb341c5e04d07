"""Ticks are idempotent and refused for a hidden route; steps keep unique positions
through adding, moving and removing; every coordinator's change is in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from haven.audit.models import Entry
from haven.checklists import services
from haven.checklists.models import Step, Tick
from haven.stays.tests.helpers import a_household

pytestmark = pytest.mark.django_db


def positions(route: Any) -> list[tuple[str, int]]:
    return [(step.title_ru, step.position) for step in route.steps.order_by("position")]


def test_ticking_a_step_twice_keeps_one_tick(route, almaty):
    household = a_household(almaty)
    step = route.steps.first()
    assert services.tick(household=household, step=step) is True
    assert services.tick(household=household, step=step) is True
    assert Tick.objects.filter(household=household).count() == 1


def test_unticking_removes_the_tick_and_twice_is_harmless(route, almaty):
    household = a_household(almaty)
    step = route.steps.first()
    services.tick(household=household, step=step)
    assert services.untick(household=household, step=step) is False
    assert services.untick(household=household, step=step) is False
    assert not Tick.objects.exists()


def test_ticks_are_each_households_own(route, almaty):
    alexei, irina = a_household(almaty), a_household(almaty, "Ирина")
    step = route.steps.first()
    services.tick(household=alexei, step=step)
    assert not Tick.objects.filter(household=irina).exists()


def test_a_step_of_a_hidden_route_cannot_be_ticked(route, almaty, coordinator):
    household = a_household(almaty)
    services.update_route(route=route, by=coordinator, is_active=False)
    with pytest.raises(services.Refused) as refused:
        services.tick(household=household, step=route.steps.first())
    assert refused.value.why == "inactive"
    assert not Tick.objects.exists()


def test_the_database_refuses_a_second_tick_of_the_same_step(route, almaty):
    household = a_household(almaty)
    step = route.steps.first()
    Tick.objects.create(household=household, step=step)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tick.objects.create(household=household, step=step)


def test_the_database_refuses_two_steps_at_one_position(route):
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(route=route, position=1, title_ru="Ещё один первый")


def test_the_database_refuses_a_javascript_link(route):
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(route=route, position=9, title_ru="Ссылка", link="javascript:alert(1)")


def test_steps_are_added_at_the_end(route):
    assert positions(route) == [("Шаг 1", 1), ("Шаг 2", 2), ("Шаг 3", 3)]


def test_moving_a_step_swaps_it_with_its_neighbour(route, coordinator):
    third = route.steps.get(position=3)
    services.move_step(step=third, by=coordinator, up=True)
    assert positions(route) == [("Шаг 1", 1), ("Шаг 3", 2), ("Шаг 2", 3)]
    services.move_step(step=route.steps.get(title_ru="Шаг 1"), by=coordinator, up=False)
    assert positions(route) == [("Шаг 3", 1), ("Шаг 1", 2), ("Шаг 2", 3)]


def test_moving_the_first_step_up_or_the_last_down_changes_nothing(route, coordinator):
    services.move_step(step=route.steps.get(position=1), by=coordinator, up=True)
    services.move_step(step=route.steps.get(position=3), by=coordinator, up=False)
    assert positions(route) == [("Шаг 1", 1), ("Шаг 2", 2), ("Шаг 3", 3)]


def test_removing_a_step_takes_its_ticks_and_leaves_the_order(route, almaty, coordinator):
    household = a_household(almaty)
    second = route.steps.get(position=2)
    services.tick(household=household, step=second)
    services.remove_step(step=second, by=coordinator)
    assert positions(route) == [("Шаг 1", 1), ("Шаг 3", 3)]
    assert not Tick.objects.exists()
    services.move_step(step=route.steps.get(title_ru="Шаг 3"), by=coordinator, up=True)
    assert positions(route) == [("Шаг 3", 1), ("Шаг 1", 3)]
    assert services.add_step(route=route, by=coordinator, title_ru="Шаг 4").position == 4


def test_a_route_has_at_most_forty_steps(almaty, coordinator):
    from haven.checklists.tests.conftest import make_route

    long = make_route(almaty, by=coordinator, steps=40)
    with pytest.raises(services.Refused):
        services.add_step(route=long, by=coordinator, title_ru="41")


def test_every_change_by_a_coordinator_is_audited_and_an_unchanged_save_is_not(route, coordinator):
    before = Entry.objects.filter(subject_id=str(route.public_id)).count()
    assert before == 4  # created, three steps added
    services.update_route(route=route, by=coordinator, title_ru=route.title_ru)
    assert Entry.objects.filter(subject_id=str(route.public_id)).count() == before
    services.update_route(route=route, by=coordinator, title_en="Almaty → Istanbul → Schengen")
    services.update_step(step=route.steps.first(), by=coordinator, body_en="Do it.")
    details = list(
        Entry.objects.filter(subject_id=str(route.public_id)).order_by("pk").values_list("detail", flat=True)
    )
    assert details[-2:] == ["route changed: title_en", f"step {route.steps.first().public_id} changed"]
    assert all(entry.actor == coordinator and entry.region == route.region for entry in Entry.objects.all())


def test_removing_a_household_removes_its_ticks(route, almaty):
    from haven.registry.services import erase_household

    household = a_household(almaty)
    services.tick(household=household, step=route.steps.first())
    erase_household(household)
    assert not Tick.objects.exists()
