"""Issue 5 as its people live it: a chained stay from the coordinator's accept to check-out.

Ekaterina accepts the engine's chain for Alexei (three nights at Almira's, then three
at Dana's). Almira says yes on her phone; Alexei confirms with his case code, and only
then do both see each other's contact. Almira marks him arrived; the clock hands the
next leg to Dana, who answers in Kazakh; Alexei confirms it through the signed link in
his e-mail. On the last day at Almira's she checks him out, Dana marks him arrived,
and at the end he checks himself out and leaves a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_coordinator, make_user
from haven.accounts.models import Region
from haven.hosting.services import create_offer
from haven.registry.services import register_household
from haven.stays import clock, services
from haven.stays.models import Stay, StayState
from tests.e2e.test_personas import in_russian, path_is, shot, submit, totp_now, totp_secret

pytestmark = pytest.mark.e2e

ALMIRA_ADDRESS = "ул. Абая 10, кв. 5"
DANA_ADDRESS = "мкр. Самал-2, д. 33"
ALEXEI_TELEGRAM = "@alexei_k"
ALEXEI_EMAIL = "alexei@example.org"


def in_kazakh(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "kk")


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def press(page: Page, action_suffix: str) -> None:
    """Press the button of the form whose action ends with ``action_suffix``."""
    page.locator(f"main form[action$='{action_suffix}'] button[type=submit]").click()
    page.wait_for_load_state()


def a_place(host: Any, region: Region, address: str, start: int, until: int, **fields: Any) -> Any:
    today = timezone.localdate()
    return create_offer(
        host=host, kind="room", region=region, district=region.districts.get(slug="medeu"), address=address,
        beds=2, max_households=1, available_from=today + dt.timedelta(days=start),
        available_until=today + dt.timedelta(days=until), max_nights=7, price_per_night=None, currency="",
        rules="", **fields,
    )  # fmt: skip


def ekaterina_accepts_the_chain(page: Page, ekaterina: Any) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", ekaterina.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    expect(page).to_have_url(path_is("/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", totp_now(totp_secret(ekaterina)))
    submit(page)
    expect(page).to_have_url(path_is("/coord/"))
    page.goto("/coord/matching/")
    in_russian(page)
    page.locator("main form[action='/coord/matching/regions/almaty/run/'] button[type=submit]").first.click()
    expect(page.locator("main ol li")).to_have_count(2)  # two stays, one after the other
    press(page, "/accept/")


def almira_says_yes(page: Page) -> str:
    """On her phone: the request, without a contact, and her yes. Returns the stay's page."""
    log_in(page, "almira@example.org")
    page.goto("/host/")
    in_russian(page)
    page.locator("main a[href='/host/stays/']").first.click()
    page.locator("main ul.list a").first.click()
    in_russian(page)
    expect(page.locator("main")).to_contain_text("Алексей")
    expect(page.locator("main")).not_to_contain_text(ALEXEI_TELEGRAM)
    shot(page, "host-request")
    press(page, "/accept/")
    expect(page.locator("[data-testid=guest-contact]")).to_have_count(0)  # he has not confirmed yet
    return page.url


def alexei_confirms_with_his_code(page: Page, code: str) -> None:
    page.goto("/code/")
    in_russian(page)
    page.fill("input[name=code]", code)
    submit(page, "form[action='/code/']")
    expect(page).to_have_url(path_is("/my/"))
    page.locator("main a[href^='/my/stays/']").first.click()
    in_russian(page)
    expect(page.locator("main")).not_to_contain_text(ALMIRA_ADDRESS)
    press(page, "/confirm/")
    expect(page.locator("[data-testid=host-contact]")).to_contain_text(ALMIRA_ADDRESS)
    expect(page.locator("[data-testid=host-contact]")).to_contain_text("almira@example.org")
    shot(page, "guest-booked")


def test_a_chained_stay_from_proposal_to_check_out(
    new_page: Callable[..., Page], almaty: Region, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    ekaterina = make_coordinator("ekaterina@example.org", almaty)
    almira = make_user("almira@example.org", display_name="Almira")
    dana = make_user("dana@example.org", display_name="Dana")
    a_place(almira, almaty, ALMIRA_ADDRESS, 0, 3, languages=["ru"])
    a_place(dana, almaty, DANA_ADDRESS, 3, 20, languages=["kk", "ru"])
    registration = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty, needed_from=today,
        needed_until=today + dt.timedelta(days=6), contact_telegram=ALEXEI_TELEGRAM, contact_email=ALEXEI_EMAIL,
    )  # fmt: skip

    ekaterina_accepts_the_chain(new_page("ekaterina"), ekaterina)
    first, second = Stay.objects.order_by("start")
    assert (first.state, second.state) == (StayState.PROPOSED, StayState.PLANNED)

    almira_page = new_page("almira")
    stay_url = almira_says_yes(almira_page)
    alexei_confirms_with_his_code(new_page("alexei"), registration.code)

    almira_page.goto(stay_url)
    expect(almira_page.locator("[data-testid=guest-contact]")).to_contain_text(ALEXEI_TELEGRAM)
    press(almira_page, "/check-in/")
    first.refresh_from_db()
    assert first.state == StayState.CHECKED_IN

    # The clock, a day later: Dana's leg is two nights away, so it goes to her now.
    assert clock.tick(now=timezone.now() + dt.timedelta(days=1)).handed_off == 1

    dana_page = new_page("dana", locale="kk-KZ")
    log_in(dana_page, "dana@example.org")
    dana_page.goto("/host/stays/")
    in_kazakh(dana_page)
    dana_page.locator("main ul.list a").first.click()
    in_kazakh(dana_page)
    press(dana_page, "/accept/")
    shot(dana_page, "host-kk")

    # Alexei opens the link from his e-mail on a new phone: one press, and he confirms.
    (mail,) = [m for m in mailoutbox if ALEXEI_EMAIL in m.to and "/stays/link/" in m.body and m is mailoutbox[-1]]
    link = re.search(r"https?://[^/\s]+(/stays/link/\S+)", mail.body)  # SITE_URL is not the test server's
    assert link, mail.body
    phone = new_page("alexei-link")
    phone.goto(link.group(1))
    in_russian(phone)
    submit(phone, "main form")
    expect(phone).to_have_url(path_is(f"/my/stays/{second.public_id}/"))
    press(phone, "/confirm/")
    expect(phone.locator("[data-testid=host-contact]")).to_contain_text(DANA_ADDRESS)
    assert dana_page.request.get(link.group(1)).status == 410  # the link worked once

    # The last day at Almira's: she checks him out, Dana marks him arrived.
    monkeypatch.setattr(services, "_today", lambda: today + dt.timedelta(days=3))
    almira_page.goto(stay_url)
    press(almira_page, "/check-out/")
    dana_page.reload()
    press(dana_page, "/check-in/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.end) == (StayState.CHECKED_OUT, today + dt.timedelta(days=3))
    assert second.state == StayState.CHECKED_IN

    # His last day at Dana's: he checks out himself and leaves a note.
    monkeypatch.setattr(services, "_today", lambda: today + dt.timedelta(days=6))
    phone.reload()
    press(phone, "/check-out/")
    phone.fill("textarea[name=text]", "Дана очень помогла")
    press(phone, "/note/")
    second.refresh_from_db()
    assert (second.state, second.guest_note) == (StayState.CHECKED_OUT, "Дана очень помогла")
