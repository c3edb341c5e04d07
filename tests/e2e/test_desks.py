"""A newcomer finds City Hub full, joins its waitlist on a phone, and takes the desk a host
gives back in another browser; the door checks the booking in by its code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from haven.registry.services import register_household
from haven.workspaces import services
from haven.workspaces.models import SpaceManager, Workspace
from tests.e2e.test_personas import in_russian, shot, submit
from tests.e2e.test_stays import log_in, press

pytestmark = pytest.mark.e2e


def test_a_newcomer_waits_for_a_desk_at_a_full_hub_and_takes_the_one_given_back(
    new_page: Callable[..., Page], almaty: Any, host: Any
):
    today = timezone.localdate()
    hub = Workspace.objects.create(
        slug="city-hub", name="City Hub", region=almaty, address="пр. Абылай хана 55", desks=2, weekdays="0123456"
    )
    manager = make_user("aigerim@example.org", display_name="Aigerim")
    SpaceManager.objects.create(workspace=hub, user=manager)
    given_back = services.book(workspace=hub, first_day=today, last_day=today, desks=1, user=host)
    services.book(workspace=hub, first_day=today, last_day=today, desks=1, user=make_user("busy@example.org"))
    code = register_household(
        alias="Алексей", region=almaty, needed_from=today, needed_until=today + dt.timedelta(days=3), adults=1,
        children=0, languages=["ru"],
    ).code  # fmt: skip

    phone = new_page("newcomer")
    phone.goto("/code/")
    phone.fill("input[name=code]", code)
    submit(phone, "form[action='/code/']")
    phone.goto("/w/city-hub/")
    in_russian(phone)
    expect(phone.locator("table.calendar")).to_be_visible()
    phone.fill("input[name=first_day]", today.isoformat())
    phone.fill("input[name=last_day]", today.isoformat())
    phone.locator("main form [type=submit]").first.click()
    expect(phone.locator("[role=alert]").first).to_be_visible()
    phone.locator("main form button[name=waitlist]").click()
    expect(phone).to_have_url(re.compile(r"/w/mine/$"))
    expect(phone.locator("main")).to_contain_text("City Hub")
    shot(phone, "desks-waitlist")

    giver = new_page("host")
    log_in(giver, host.email)
    giver.goto("/w/mine/")
    giver.get_by_role("link", name="City Hub").click()
    press(giver, "/cancel/")

    phone.goto("/w/mine/")
    phone.locator("main ul.list a").first.click()
    press(phone, "/accept/")
    expect(phone.locator(".qr svg")).to_be_visible()
    booking_code = phone.locator(".code").inner_text()
    shot(phone, "desks-taken")

    door = new_page("door")
    log_in(door, manager.email)
    door.goto("/w/city-hub/check-in/")
    door.fill("input[name=code]", booking_code)
    door.locator("main form [type=submit]").first.click()
    expect(door.locator(".messages")).to_contain_text(booking_code)
    given_back.refresh_from_db()
    assert given_back.state == "cancelled"
