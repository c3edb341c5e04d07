"""Haven as its people use it: Alexei, Almira and Ekaterina, each on a phone, in Russian.

One story, in order, against one live server and one database: Alexei registers in
Almaty and later changes his dates from another phone, Almira signs up and offers a
room, and Ekaterina, coordinating Almaty, finds both of them, and not the household
of Bishkek next door. Each person's part is a function of its own.

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
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.db import connection
from django.utils import dateformat, timezone, translation
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_coordinator
from haven.accounts.models import District, Region, User
from haven.audit.models import Action, Entry, Why
from haven.hosting.models import Offer
from haven.registry.models import Household
from haven.registry.services import register_household
from tests.e2e.conftest import SHOTS

pytestmark = pytest.mark.e2e

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")

ALEXEI = "Алексей"
ALEXEI_TELEGRAM = "@alexei_k"
ALMIRA = "almira@example.org"
ALMIRA_ADDRESS = "ул. Абая 10, кв. 5"
EKATERINA = "ekaterina@example.org"


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
    # htmx is a deferred script: a choice made before it has set up the page sends
    # nothing (the select still works without it, by design, but this step checks htmx).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    with page.expect_response(lambda r: "/register/districts/" in r.url and r.ok):
        page.select_option("select[name=region]", slug)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def totp_secret(user: User) -> str:
    """The secret the user's authenticator app was given when TOTP was turned on."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_now(secret: str) -> str:
    """The code Ekaterina's authenticator app shows now (not one about to expire)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.2)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def alexei_registers(page: Page, today: dt.date) -> str:
    """Alexei registers his household in Almaty and keeps his code; returns the code."""
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

    page.fill("input[name=alias]", ALEXEI)
    page.fill("input[name=adults]", "1")
    page.fill("input[name=children]", "0")
    choose_city(page, "almaty")
    # The district select now offers Almaty's districts only (htmx works under the CSP).
    districts = page.locator("select[name=district]")
    expect(districts.locator("option", has_text="Leninsky")).to_have_count(0)
    expect(districts.locator("option", has_text="Medeu")).to_have_count(1)
    page.fill("input[name=needed_from]", today.isoformat())
    page.fill("input[name=needed_until]", (today + dt.timedelta(days=3)).isoformat())
    page.fill("input[name=contact_telegram]", ALEXEI_TELEGRAM)
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
    expect(page.locator("main h1")).to_contain_text(ALEXEI)
    # The cookies are Secure (DEBUG is off) and the browser keeps them on http://localhost.
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"]
    assert cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"]
    return code


def alexei_changes_his_dates(phone: Page, code: str, today: dt.date) -> dt.date:
    """Later, on another phone, Alexei types his code and stays longer; returns his new last day."""
    phone.goto("/code/")
    in_russian(phone)
    phone.fill("input[name=code]", code.replace("-", "").lower())  # as it comes: small letters, no dash
    submit(phone, "form[action='/code/']")
    expect(phone).to_have_url(path_is("/my/"))
    expect(phone.locator("main h1")).to_contain_text(ALEXEI)

    phone.locator("main a[href='/my/edit/']").click()
    expect(phone).to_have_url(path_is("/my/edit/"))
    in_russian(phone)
    expect(phone.locator("input[name=needed_until]")).to_have_value((today + dt.timedelta(days=3)).isoformat())
    new_until = today + dt.timedelta(days=5)
    phone.fill("input[name=needed_until]", new_until.isoformat())
    submit(phone, "form[action='/my/edit/']")

    expect(phone).to_have_url(path_is("/my/"))
    expect(phone.locator("main dl.facts")).to_contain_text(russian_date(new_until))
    return new_until


def almira_offers_a_room(page: Page, mailoutbox: list[Any], today: dt.date) -> None:
    """Almira signs up, confirms her e-mail, logs in and offers a room in Almaty, Medeu."""
    page.goto("/accounts/signup/")
    in_russian(page)
    page.fill("input[name=email]", ALMIRA)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)
    expect(page).not_to_have_url(path_is("/accounts/signup/"))

    mails = [m for m in mailoutbox if ALMIRA in m.to]
    assert len(mails) == 1, [(m.to, m.subject) for m in mailoutbox]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mails[0].body)
    assert link, mails[0].body
    page.goto(link.group(0))
    in_russian(page)
    submit(page)
    expect(page).not_to_have_url(re.compile("/accounts/confirm-email/"))
    page.wait_for_load_state()

    if "/accounts/login/" in page.url:  # allauth asks her to log in once confirmed
        in_russian(page)
        page.fill("input[name=login]", ALMIRA)
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
    page.fill("textarea[name=address]", ALMIRA_ADDRESS)
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
    expect(offers).to_contain_text(ALMIRA_ADDRESS)


def ekaterina_finds_both(page: Page, ekaterina: User, alexei: Household, elsewhere: Household) -> None:
    """Ekaterina logs in with password and TOTP, finds Alexei and Almira, and reveals his contact.

    ``elsewhere`` is a household of a city she does not coordinate: she must not see it.
    """
    page.goto("/accounts/login/")
    in_russian(page)
    page.fill("input[name=login]", ekaterina.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)

    expect(page).to_have_url(path_is("/accounts/2fa/authenticate/"))
    in_russian(page)
    page.fill("input[name=code]", totp_now(totp_secret(ekaterina)))
    submit(page)

    expect(page).to_have_url(path_is("/coord/"))
    in_russian(page)
    # One row, her city: Alexei looking, Almira's two beds on offer.
    overview = page.locator("main table tbody tr")
    expect(overview).to_have_count(1)
    expect(overview.locator("td")).to_have_text(["Almaty", "1", "2"])

    page.locator("main a[href='/coord/households/']").click()
    expect(page).to_have_url(path_is("/coord/households/"))
    in_russian(page)
    listing = page.locator("main ul.list")
    expect(listing.locator("li")).to_have_count(1)
    expect(listing).to_contain_text(ALEXEI)
    expect(listing).not_to_contain_text(elsewhere.alias)

    listing.get_by_role("link", name=ALEXEI).click()
    expect(page).to_have_url(path_is(f"/coord/households/{alexei.public_id}/"))
    in_russian(page)
    expect(page.locator("main h1")).to_have_text(ALEXEI)
    expect(page.locator("main dl.facts")).to_contain_text(russian_date(alexei.needed_until))  # his new dates
    expect(page.locator("[data-testid=contact]")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(ALEXEI_TELEGRAM)

    page.select_option("select[name=why]", Why.MATCHING.value)
    submit(page, "main form[action$='/contact/']")
    expect(page.locator("[data-testid=contact]")).to_contain_text(ALEXEI_TELEGRAM)

    page.locator("main a[href='/coord/offers/']").click()
    expect(page).to_have_url(path_is("/coord/offers/"))
    in_russian(page)
    offers = page.locator("main ul.list li")
    expect(offers).to_have_count(1)
    expect(offers).to_contain_text("Medeu")
    expect(offers).to_contain_text(ALMIRA)

    # Bishkek's household is not hers: its page is missing to her, as if it did not exist.
    other = page.request.get(f"/coord/households/{elsewhere.public_id}/")
    assert other.status == 404, other.status


def test_alexei_almira_and_ekaterina_one_story(
    new_page: Callable[[str], Page], almaty: Region, bishkek: Region, mailoutbox: list[Any]
) -> None:
    """Issue 3: Alexei registers in Russian, keeps his code, comes back and changes his
    dates; Almira signs up and offers a room; Ekaterina logs in with TOTP and sees both."""
    today = timezone.localdate()
    ekaterina = make_coordinator(EKATERINA, almaty)
    timur = register_household(
        alias="Тимур", adults=2, children=1, languages=["ru"], region=bishkek,
        needed_from=today, needed_until=today + dt.timedelta(days=2), contact_telegram="@timur_b",
    ).household  # fmt: skip

    code = alexei_registers(new_page("alexei"), today)
    new_until = alexei_changes_his_dates(new_page("alexei-other-phone"), code, today)

    alexei = Household.objects.get(region=almaty)
    assert alexei.alias == ALEXEI
    assert (alexei.needed_from, alexei.needed_until) == (today, new_until)
    assert alexei.contact_telegram == ALEXEI_TELEGRAM

    almira_offers_a_room(new_page("almira"), mailoutbox, today)

    offer = Offer.objects.select_related("host", "district").get()
    assert offer.host.email == ALMIRA
    assert offer.kind == "room"
    assert offer.region == almaty
    assert offer.district == District.objects.get(region=almaty, slug="medeu")
    assert (offer.beds, offer.max_households, offer.max_nights) == (2, 1, 7)
    assert offer.available_from == today
    assert offer.is_free
    assert offer.address == ALMIRA_ADDRESS
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM hosting_offer WHERE id = %s", [offer.pk])
        (stored,) = cursor.fetchone()
    assert ALMIRA_ADDRESS not in stored, "the address is stored in the clear"

    ekaterina_page = new_page("ekaterina")
    ekaterina_finds_both(ekaterina_page, ekaterina, alexei, elsewhere=timur)

    # The audit trail has her looks, in order, each with its reason; nothing of Bishkek.
    looks = Entry.objects.filter(actor=ekaterina)
    # The engine's candidates load beside the group's page (htmx): a look of their own, each time.
    assert looks.filter(action=Action.VIEWED, why=Why.MATCHING, subject_id=str(alexei.public_id)).exists()
    trail = list(
        looks.exclude(action=Action.VIEWED, why=Why.MATCHING)
        .order_by("pk")
        .values_list("action", "subject_kind", "subject_id", "region__slug", "why")
    )
    assert trail == [
        (Action.LISTED, "household", str(alexei.public_id), "almaty", Why.PAGE),
        (Action.VIEWED, "household", str(alexei.public_id), "almaty", Why.PAGE),
        (Action.REVEALED_CONTACT, "household", str(alexei.public_id), "almaty", Why.MATCHING),
        (Action.LISTED, "offer", str(offer.public_id), "almaty", Why.PAGE),
    ]
    assert not Entry.objects.filter(subject_id=str(timur.public_id)).exists()

    ekaterina_matches_them(ekaterina_page, alexei, offer)


def ekaterina_matches_them(page: Page, alexei: Household, offer: Offer) -> None:
    """Issue 4: she runs matching for Almaty and accepts the engine's suggestion."""
    from haven.matching.models import Suggestion

    page.locator("main a[href='/coord/matching/']").first.click()
    expect(page).to_have_url(path_is("/coord/matching/"))
    in_russian(page)
    page.locator("main form[action='/coord/matching/regions/almaty/run/'] button[type=submit]").click()
    # The tests run tasks at once, so the run is finished when its page opens.
    expect(page.locator("main")).to_contain_text(ALEXEI)
    expect(page.locator("main")).to_contain_text("Medeu")
    page.locator("main form[action$='/accept/'] button[type=submit]").first.click()
    suggestion = Suggestion.objects.get(household=alexei)
    assert suggestion.status == "accepted"
    assert [leg["offer"] for leg in suggestion.legs] == [str(offer.public_id)]
