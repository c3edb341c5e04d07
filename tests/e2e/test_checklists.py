"""Sergei and Irina, on a phone, enter their case code, open the road from Almaty to
Istanbul and a Schengen visa, tick off two steps (htmx swaps the step and the progress
bar, no page load) and find them still ticked after a reload; without a code, the page
says how to enter it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from haven.checklists import services
from haven.checklists.models import Tick
from haven.demo import checklists as demo
from haven.registry.services import register_household
from tests.e2e.test_personas import in_russian, shot, submit

pytestmark = pytest.mark.e2e


def test_a_household_ticks_off_two_steps_of_its_route_on_a_phone(new_page: Callable[..., Page], almaty: Any):
    spec = demo.ROUTES[0]
    route = services.create_route(
        by=None, region=almaty, title_ru=spec["title"][0], title_kk=spec["title"][1], title_en=spec["title"][2],
        summary_ru=spec["summary"][0],
    )  # fmt: skip
    for step in spec["steps"]:
        services.add_step(route=route, by=None, **step)
    total = len(spec["steps"])
    today = timezone.localdate()
    registration = register_household(
        alias="Сергей и Ирина", region=almaty, needed_from=today, needed_until=today + dt.timedelta(days=2),
        adults=2, children=0, languages=["ru"],
    )  # fmt: skip

    phone = new_page("sergei")
    phone.goto("/guide/routes/")
    in_russian(phone)
    phone.get_by_role("link", name=spec["title"][0]).click()
    expect(phone.locator("main h1")).to_have_text(spec["title"][0])
    expect(phone.locator("main form[action*='/steps/']")).to_have_count(0)  # no code yet: no tick buttons
    expect(phone.locator("main a[href='/code/']").first).to_be_visible()
    phone.locator("main a[href='/code/']").first.click()
    phone.fill("input[name=code]", registration.code)
    submit(phone, "form[action='/code/']")
    expect(phone).to_have_url(re.compile("/my/$"))

    phone.goto("/guide/routes/")
    expect(phone.locator("main .routes li", has_text=spec["title"][0]).locator("progress")).to_have_attribute(
        "value", "0"
    )
    phone.get_by_role("link", name=spec["title"][0]).click()
    phone.evaluate("window.stillTheSamePage = true")
    steps = phone.locator("main ol.steps > li")
    expect(steps).to_have_count(total)
    for index in (0, 1):
        steps.nth(index).get_by_role("button").click()
        expect(steps.nth(index)).to_have_class(re.compile(r"\bdone\b"))
        expect(steps.nth(index).get_by_role("button")).to_have_attribute("aria-pressed", "true")
    progress = phone.locator("#progress")
    expect(progress.locator("progress")).to_have_attribute("value", "2")
    expect(progress.locator("progress")).to_have_attribute("max", str(total))
    expect(progress).to_contain_text("2 ")
    expect(progress).to_contain_text(str(total))
    assert phone.evaluate("window.stillTheSamePage") is True  # htmx swapped fragments; the page did not reload
    shot(phone, "checklists-route")

    phone.reload()
    expect(phone.locator("main ol.steps > li.done")).to_have_count(2)
    expect(phone.locator("#progress progress")).to_have_attribute("value", "2")
    assert Tick.objects.filter(household=registration.household).count() == 2

    # Changed their mind about the second step: one press undoes it.
    phone.locator("main ol.steps > li").nth(1).get_by_role("button").click()
    expect(phone.locator("#progress progress")).to_have_attribute("value", "1")
    phone.goto("/guide/routes/")
    expect(phone.locator("main .routes li", has_text=spec["title"][0]).locator("progress")).to_have_attribute(
        "value", "1"
    )
