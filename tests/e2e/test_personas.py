"""Haven as its people use it: Alexei, Almira and Ekaterina, each on a phone, in Russian.

Selectors prefer form field names, URLs and roles over visible text, so that the
tests survive translation; each page is checked to be served in Russian.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.db import connection
from django.utils import dateformat, timezone, translation
from playwright.sync_api import Page, expect

from conftest import PASSWORD, activate_totp, make_user
from haven.accounts.models import District, Membership, Region, Role
from haven.audit.models import Action, Entry, Why
from haven.hosting.models import Offer
from haven.hosting.services import create_offer
from haven.registry.models import Household
from haven.registry.services import register_household
from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def path_is(path: str) -> re.Pattern[str]:
    """A URL whose path is exactly ``path`` (any host, no query)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def in_russian(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def submit(page: Page, form: str = "main form") -> None:
    """Press the submit button of the page's form.

    Not the language buttons of the header, nor a button that belongs to another
    form through its ``form`` attribute (allauth's "Cancel" of the 2FA step).
    """
    page.locator(f"{form} [type=submit]:not([form])").click()


def russian_date(day: dt.date) -> str:
    """A date as the pages show it to a Russian reader: ``12 марта 2026``."""
    with translation.override("ru"):
        return dateformat.format(day, "j E Y")


def choose_city(page: Page, slug: str) -> None:
    """Choose a city; htmx then swaps the district options for that city's."""
    with page.expect_response(lambda r: "/register/districts/" in r.url and r.ok):
        page.select_option("select[name=region]", slug)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def totp_now(secret: str) -> str:
    """The code Ekaterina's authenticator app shows now (not one about to expire)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.2)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_alexei_registers_and_comes_back_on_another_phone(
    page: Page, new_page: Callable[[], Page], almaty: Region, bishkek: Region
) -> None:
    today = timezone.localdate()

    page.goto("/")
    in_russian(page)
    css = page.request.get("/static/haven/haven.css")
    assert css.ok, f"the stylesheet is not served: {css.status}"
    assert css.headers["content-type"].startswith("text/css")
    assert page.evaluate(
        "() => [...document.styleSheets].some(s => (s.href || '').endsWith('/static/haven/haven.css')"
        " && s.cssRules.length > 0)"
    ), "the page did not apply haven.css"

    page.locator("main a[href='/register/']").click()
    expect(page).to_have_url(path_is("/register/"))
    in_russian(page)

    page.fill("input[name=alias]", "Алексей")
    page.fill("input[name=adults]", "1")
    page.fill("input[name=children]", "0")
    choose_city(page, "almaty")
    # The district select now offers Almaty's districts only (htmx works under the CSP).
    districts = page.locator("select[name=district]")
    expect(districts.locator("option", has_text="Leninsky")).to_have_count(0)
    expect(districts.locator("option", has_text="Medeu")).to_have_count(1)
    page.fill("input[name=needed_from]", today.isoformat())
    page.fill("input[name=needed_until]", (today + dt.timedelta(days=3)).isoformat())
    page.fill("input[name=contact_telegram]", "@alexei_k")
    shot(page, "register")
    submit(page, "form[action='/register/']")

    expect(page).to_have_url(path_is("/register/"))  # the code is the answer to the POST itself
    in_russian(page)
    code = page.locator("[data-testid=case-code]").inner_text().strip()
    assert CODE.match(code), code
    expect(page.locator(".qr svg")).to_be_visible()
    shot(page, "done")
    page.click("[data-testid=kept-code]")

    expect(page).to_have_url(path_is("/my/"))
    expect(page.locator("main h1")).to_contain_text("Алексей")
    # The cookies are Secure (DEBUG is off) and the browser keeps them on http://localhost.
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"]
    assert cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"]

    # Later, on another phone: he types the code as it comes, small letters, no dash.
    phone = new_page()
    phone.goto("/code/")
    in_russian(phone)
    phone.fill("input[name=code]", code.replace("-", "").lower())
    submit(phone, "form[action='/code/']")
    expect(phone).to_have_url(path_is("/my/"))
    expect(phone.locator("main h1")).to_contain_text("Алексей")

    phone.locator("main a[href='/my/edit/']").click()
    expect(phone).to_have_url(path_is("/my/edit/"))
    in_russian(phone)
    expect(phone.locator("input[name=needed_until]")).to_have_value((today + dt.timedelta(days=3)).isoformat())
    new_until = today + dt.timedelta(days=5)
    phone.fill("input[name=needed_until]", new_until.isoformat())
    submit(phone, "form[action='/my/edit/']")

    expect(phone).to_have_url(path_is("/my/"))
    expect(phone.locator("main dl.facts")).to_contain_text(russian_date(new_until))

    assert Household.objects.count() == 1
    household = Household.objects.get()
    assert household.alias == "Алексей"
    assert household.region == almaty
    assert household.needed_from == today
    assert household.needed_until == new_until
    assert household.contact_telegram == "@alexei_k"


def test_almira_signs_up_and_offers_a_room(page: Page, almaty: Region, mailoutbox: list[Any]) -> None:
    email = "almira@example.org"
    address = "ул. Абая 10, кв. 5"
    today = timezone.localdate()

    page.goto("/accounts/signup/")
    in_russian(page)
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)
    expect(page).not_to_have_url(path_is("/accounts/signup/"))

    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    assert mailoutbox[0].to == [email]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    page.goto(link.group(0))
    in_russian(page)
    submit(page)
    expect(page).not_to_have_url(re.compile("/accounts/confirm-email/"))
    page.wait_for_load_state()

    if "/accounts/login/" in page.url:  # allauth asks her to log in once confirmed
        in_russian(page)
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", PASSWORD)
        submit(page)
    else:  # or she is logged in already
        page.goto("/host/")

    expect(page).to_have_url(path_is("/host/"))
    in_russian(page)
    page.locator("main a[href='/host/offers/new/']").click()
    expect(page).to_have_url(path_is("/host/offers/new/"))
    in_russian(page)

    page.check("input[name=kind][value=room]")
    choose_city(page, "almaty")
    # Wait for htmx to swap the options (its empty choice reads "—"), or the swap
    # would undo the choice of district.
    expect(page.locator("select[name=district] option").first).to_have_text("—")
    page.select_option("select[name=district]", label="Medeu")
    page.fill("textarea[name=address]", address)
    page.fill("input[name=beds]", "2")
    page.fill("input[name=max_households]", "1")
    page.fill("input[name=available_from]", today.isoformat())
    page.fill("input[name=max_nights]", "7")
    page.check("input[name=is_free][value='1']")
    submit(page)

    expect(page).to_have_url(path_is("/host/"))
    offers = page.locator("main article.offer")
    expect(offers).to_have_count(1)
    expect(offers).to_contain_text("Medeu")
    expect(offers).to_contain_text(address)

    offer = Offer.objects.select_related("host", "district").get()
    assert offer.host.email == email
    assert offer.kind == "room"
    assert offer.region == almaty
    assert offer.district == District.objects.get(region=almaty, slug="medeu")
    assert (offer.beds, offer.max_households, offer.max_nights) == (2, 1, 7)
    assert offer.available_from == today
    assert offer.is_free
    assert offer.address == address
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM hosting_offer WHERE id = %s", [offer.pk])
        (stored,) = cursor.fetchone()
    assert address not in stored, "the address is stored in the clear"


def test_ekaterina_sees_her_city_and_reveals_a_contact(page: Page, almaty: Region, bishkek: Region) -> None:
    today = timezone.localdate()
    email = "ekaterina@example.org"
    ekaterina = make_user(email, display_name="Ekaterina")
    Membership.objects.create(user=ekaterina, region=almaty, role=Role.COORDINATOR)
    secret = activate_totp(ekaterina)

    ours = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty,
        needed_from=today, needed_until=today + dt.timedelta(days=3), contact_telegram="@alexei_k",
    ).household  # fmt: skip
    register_household(
        alias="Тимур", adults=2, children=1, languages=["ru"], region=bishkek,
        needed_from=today, needed_until=today + dt.timedelta(days=2), contact_telegram="@timur_b",
    )  # fmt: skip
    create_offer(
        host=make_user("almira@example.org", display_name="Almira"), kind="room", region=almaty,
        district=District.objects.get(region=almaty, slug="medeu"), address="ул. Абая 10, кв. 5",
        beds=2, max_households=1, available_from=today, max_nights=7,
    )  # fmt: skip

    page.goto("/accounts/login/")
    in_russian(page)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)

    expect(page).to_have_url(path_is("/accounts/2fa/authenticate/"))
    in_russian(page)
    page.fill("input[name=code]", totp_now(secret))
    submit(page)

    expect(page).to_have_url(path_is("/coord/"))
    in_russian(page)
    overview = page.locator("main table")
    expect(overview).to_contain_text("Almaty")
    expect(overview).not_to_contain_text("Bishkek")

    page.locator("main a[href='/coord/households/']").click()
    expect(page).to_have_url(path_is("/coord/households/"))
    listing = page.locator("main ul.list")
    expect(listing).to_contain_text("Алексей")
    expect(listing).not_to_contain_text("Тимур")

    listing.get_by_role("link", name="Алексей").click()
    expect(page).to_have_url(path_is(f"/coord/households/{ours.public_id}/"))
    expect(page.locator("main h1")).to_have_text("Алексей")
    expect(page.locator("[data-testid=contact]")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("@alexei_k")

    page.select_option("select[name=why]", Why.MATCHING.value)
    submit(page, "main form[action$='/contact/']")
    expect(page.locator("[data-testid=contact]")).to_contain_text("@alexei_k")

    mine = Entry.objects.filter(actor=ekaterina, subject_kind="household", subject_id=str(ours.public_id))
    assert mine.filter(action=Action.VIEWED, why=Why.PAGE, region=almaty).count() == 1
    assert mine.filter(action=Action.REVEALED_CONTACT, why=Why.MATCHING, region=almaty).count() == 1

    page.locator("main a[href='/coord/offers/']").click()
    expect(page).to_have_url(path_is("/coord/offers/"))
    expect(page.locator("main ul.list li")).to_have_count(1)
    expect(page.locator("main ul.list")).to_contain_text("Medeu")
