"""A visitor takes a ticket on a phone and watches the place fall while staff call in another
browser; the screen in the hall follows by itself; a phone without JavaScript still works."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from haven.queues import services
from haven.queues.models import PointStaff
from haven.queues.tests.conftest import MORNING, make_point
from tests.e2e.test_personas import in_russian, shot, submit
from tests.e2e.test_stays import log_in, press

pytestmark = pytest.mark.e2e

POLL_MS = 15_000  # the ticket page asks every 10 s


@pytest.fixture
def morning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Haven's clock runs from 10:00 on a Wednesday in Almaty, whatever the machine's hour."""
    real_now = timezone.now
    offset = MORNING - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)


def test_a_phone_follows_its_place_while_staff_call_and_the_screen_follows(
    new_page: Callable[..., Page], almaty: Any, morning: None, browser: Any, live_server: Any
):
    point = make_point(almaty)
    registration = point.services.get(letter="R")
    for _ in range(3):
        services.take_ticket(point=point, service=registration, by_kiosk=True)
    staff = make_user("marat@example.org", display_name="Marat")
    PointStaff.objects.create(point=point, user=staff)

    phone = new_page("visitor")
    phone.goto(f"/q/{point.slug}/")
    in_russian(phone)
    phone.get_by_label(re.compile("Регистрация")).check()
    submit(phone)
    expect(phone.locator(".ticket-code")).to_have_text("R-004")
    expect(phone.locator(".ahead")).to_have_text("3")
    shot(phone, "queue-ticket")

    screen = new_page("screen")
    screen.set_viewport_size({"width": 1280, "height": 720})
    screen.goto(f"/q/{point.slug}/display/")

    desk = new_page("staff")
    log_in(desk, staff.email)
    desk.goto(f"/q/{point.slug}/console/{point.counters.get(label='1').pk}/")
    press(desk, "/next/")
    expect(desk.locator(".counter-panel .ticket-code")).to_have_text("R-001")

    # Nobody reloads the phone or the screen: they ask by themselves.
    expect(phone.locator(".ahead")).to_have_text("2", timeout=POLL_MS)
    expect(screen.locator("#board tr.fresh")).to_contain_text("R-001", timeout=POLL_MS)
    expect(screen.locator("#board")).to_contain_text("→ 1")
    shot(screen, "queue-screen")

    press(desk, "/next/")
    press(desk, "/next/")
    expect(phone.locator(".ahead")).to_have_text("0", timeout=POLL_MS)
    expect(phone.get_by_text("Ваша очередь близко")).to_be_visible()
    press(desk, "/next/")
    expect(phone.locator(".called")).to_contain_text("окно 1", timeout=POLL_MS)
    expect(screen.locator("#board tr.fresh").first).to_contain_text("R-004", timeout=POLL_MS)
    shot(phone, "queue-called")

    # The same visitor, on a phone without JavaScript: the plain refresh link works.
    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="ru-RU")
    try:
        other = plain.new_page()
        other.goto(f"/q/{point.slug}/")
        other.get_by_label(re.compile("Документы")).check()
        other.locator("main form [type=submit]").click()
        expect(other.locator(".ticket-code")).to_have_text("D-001")
        other.get_by_role("link", name="Обновить").click()
        expect(other.locator(".ticket-code")).to_have_text("D-001")
    finally:
        plain.close()
