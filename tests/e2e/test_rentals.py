"""Georgy finds a flat with its rent against the district's median and asks for it on a
phone; the landlord, in another browser, lists a flat whose ad says "только славянам",
sees it held with the phrase, rephrases it, and accepts Georgy, who then sees the address."""

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
from haven.rentals import services
from haven.rentals.tests.test_rentals import comparable
from tests.e2e.test_personas import in_russian, shot, submit
from tests.e2e.test_stays import log_in

pytestmark = pytest.mark.e2e


def test_a_landlord_rephrases_a_held_ad_and_a_tenant_finds_asks_and_gets_the_address(
    new_page: Callable[..., Page], almaty: Any
):
    comparable(almaty, 250_000)
    landlord = make_user("toktogulov@example.org", display_name="Toktogulov")
    today = timezone.localdate()

    desk = new_page("landlord")
    log_in(desk, landlord.email)
    desk.goto("/rent/mine/")
    desk.locator("main a[href='/rent/pledge/']").click()
    submit(desk)
    desk.goto("/rent/new/")
    in_russian(desk)
    desk.select_option("select[name=region]", "almaty")
    medeu = str(almaty.districts.get(slug="medeu").pk)
    desk.wait_for_load_state("networkidle")  # htmx narrows the districts to the city's
    expect(desk.locator(f"select[name=district] option[value='{medeu}']")).to_have_count(1)
    desk.select_option("select[name=district]", medeu)
    desk.fill("textarea[name=address]", "ул. Жамбыла 114, кв. 21")
    desk.select_option("select[name=rooms]", "2")
    desk.fill("input[name=area_m2]", "56")
    desk.fill("input[name=floor]", "5")
    desk.fill("input[name=rent]", "300000")
    desk.select_option("select[name=currency]", "KZT")
    desk.fill("input[name=available_from]", today.isoformat())
    desk.fill("textarea[name=description]", "Уютная квартира. Только славянам!")
    submit(desk)
    expect(desk.locator("main")).to_contain_text("«Только славянам»")
    shot(desk, "rentals-held")
    desk.locator("main a[href$='/edit/']").first.click()
    desk.fill("textarea[name=description]", "Уютная квартира. Без животных, только некурящим.")
    submit(desk)
    expect(desk.locator(".messages")).to_contain_text("опубликовано")

    code = register_household(
        alias="Георгий", region=almaty, needed_from=today, needed_until=today + dt.timedelta(days=90), adults=1,
        children=0, languages=["ru"],
    ).code  # fmt: skip
    phone = new_page("georgy")
    phone.goto("/code/")
    phone.fill("input[name=code]", code)
    submit(phone, "form[action='/code/']")
    phone.goto("/rent/?region=almaty&rooms=2")
    card = phone.locator("main .list li", has_text="56 м²")
    expect(card).to_contain_text("выше медианы")  # 19 % above the median for 2 rooms in Medeu
    shot(phone, "rentals-search")
    card.locator("a").first.click()
    expect(phone.locator("main")).not_to_contain_text("Жамбыла")
    phone.fill("input[name=move_in]", (today + dt.timedelta(days=7)).isoformat())
    submit(phone, "form[action$='/ask/']")
    expect(phone).to_have_url(re.compile("/rent/requests/$"))

    desk.goto("/rent/mine/")
    desk.locator("main form[action$='/answer/'] button[value='1']").click()
    phone.reload()
    expect(phone.locator("main")).to_contain_text("ул. Жамбыла 114, кв. 21")
    shot(phone, "rentals-accepted")
    assert services.profile_of(landlord).pledge_accepted_at is not None
