"""Who can open what: every page of Haven, asked for by every kind of person, with objects
that belong to others. The routes come from the resolver, so a new page is covered (and
this test fails) until it is written into ``ALLOWED``; a page that shows itself to a
person not listed for it fails the test too.

Changes too: every address is sent a POST, with plausible values for the usual fields,
by everyone not allowed to change what it changes (``CHANGES``); the database must be
the same afterwards, row for row (``fingerprint``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from haven.registry.selectors import SESSION_KEY
from tests.access_world import build_world

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "stranger",
    "arrival",
    "host",
    "coord_a",
    "coord_b",
    "viewer",
    "staff",
    "manager",
    "employer",
    "admin",
)
EVERYONE = set(PERSONAS)
# An administrator holds no region: the back-office is for a region's team (the Django
# admin is theirs), so "admin" opens only what every logged-in person opens, the audit
# trail of all regions, and what superusers may run everywhere (queue points and spaces).
COORDINATING = {"coord_a"}

# The pages each person may open; everyone else must get a refusal (a login page, 403,
# 404, 405 for a POST-only address) or be sent elsewhere. Objects belong to Almaty (region
# A): coordinator B coordinates Bishkek. An admin is a superuser.
ALLOWED: dict[str, set[str]] = {
    # public pages
    "home": EVERYONE,
    "privacy": EVERYONE,
    "numbers": EVERYONE,
    "set_language": set(),
    "registry:register": EVERYONE,
    "registry:district-options": EVERYONE,
    "registry:lookup": EVERYONE,
    # an arrival's own pages (their household in the session)
    "registry:mine": {"arrival"},
    "registry:edit": {"arrival"},
    "registry:withdraw": set(),
    "registry:reopen": set(),
    "registry:erase": {"arrival"},
    "registry:forget": set(),
    "registry:still-needed": set(),  # a signed link, here a forged one: refused to all
    "stays:guest-stay": {"arrival"},
    "stays:guest-move": set(),
    "stays:guest-link": set(),
    # hosts
    "hosting:offers": {"stranger", "host", "coord_a", "coord_b", "viewer", "staff", "manager", "employer", "admin"},
    "hosting:new-offer": {"stranger", "host", "coord_a", "coord_b", "viewer", "staff", "manager", "employer", "admin"},
    "hosting:edit-offer": {"host"},
    "hosting:offer-status": set(),
    "stays:host-stays": {"stranger", "host", "coord_a", "coord_b", "viewer", "staff", "manager", "employer", "admin"},
    "stays:host-stay": {"host"},
    "stays:host-move": set(),
    "stays:coordinator-cancel": set(),
    # the back-office
    "backoffice:home": {"coord_a", "coord_b", "viewer"},
    "backoffice:inbox": COORDINATING | {"coord_b"},
    "backoffice:dashboard": {"coord_a", "coord_b", "viewer"},
    "backoffice:export": COORDINATING | {"coord_b"},
    "backoffice:audit": COORDINATING | {"coord_b", "admin"},
    "backoffice:team": set(),  # lead coordinators only; none in this world
    "backoffice:team-remove": set(),
    "backoffice:households": COORDINATING | {"coord_b"},
    "backoffice:household": COORDINATING,
    "backoffice:reveal-contact": set(),
    "backoffice:household-priority": set(),
    "backoffice:household-propose": set(),
    "backoffice:household-propose-plan": set(),
    "backoffice:household-candidates": COORDINATING,
    "backoffice:household-ask": set(),
    "backoffice:offers": COORDINATING | {"coord_b"},
    "backoffice:offer": COORDINATING,
    "backoffice:vet": set(),
    "backoffice:matching": COORDINATING | {"coord_b"},
    "backoffice:matching-start": set(),
    "backoffice:matching-run": set(),
    "backoffice:matching-progress": set(),
    "backoffice:matching-accept": set(),
    "backoffice:matching-reject": set(),
    "imports:upload": COORDINATING | {"coord_b"},
    "imports:job": set(),
    "imports:progress": set(),
    "imports:decide": set(),
    "accounts:home": set(),  # sends each person to their own page
    # queues
    # (a ticket's, a kiosk's and a booking's pages are opened by their private links, given here)
    "queues:index": EVERYONE,
    "queues:new-point": COORDINATING | {"coord_b"},
    "queues:ticket": EVERYONE,
    "queues:leave": set(),
    "queues:point": EVERYONE,
    "queues:appointment": EVERYONE,
    "queues:kiosk": EVERYONE,
    "queues:kiosk-ticket": EVERYONE,
    "queues:display": EVERYONE,
    "queues:door": EVERYONE,
    "queues:console": {"staff", "coord_a", "admin"},
    "queues:console-counter": {"staff", "coord_a", "admin"},
    "queues:counter-move": set(),
    "queues:day-tickets": set(),
    "queues:settings": {"staff", "coord_a", "admin"},
    "queues:service-new": {"staff", "coord_a", "admin"},
    "queues:service": {"staff", "coord_a", "admin"},
    "queues:counter-new": {"staff", "coord_a", "admin"},
    "queues:counter": {"staff", "coord_a", "admin"},
    "queues:stats": {"staff", "coord_a", "admin"},
    "queues:staff": {"coord_a", "admin"},
    # workspaces
    "workspaces:index": EVERYONE,
    "workspaces:space": EVERYONE,
    "workspaces:booking": EVERYONE,
    "workspaces:booking-move": set(),
    "workspaces:mine": EVERYONE - {"anonymous"},
    "workspaces:new": EVERYONE - {"anonymous", "arrival"},
    "workspaces:manage": {"manager", "coord_a", "admin"},
    "workspaces:days": set(),
    "workspaces:check-in": {"manager", "coord_a", "admin"},
    "workspaces:export": {"manager", "coord_a", "admin"},
    # rentals (the host is also a landlord with a published listing; a report waits on it)
    "rentals:search": EVERYONE,
    "rentals:index": EVERYONE,
    "rentals:index-json": EVERYONE,
    "rentals:listing": EVERYONE,
    "rentals:report": EVERYONE,
    "rentals:ask": set(),
    "rentals:my-requests": EVERYONE - {"anonymous"},
    "rentals:withdraw-request": set(),
    "rentals:answer": set(),
    "rentals:mine": EVERYONE - {"anonymous", "arrival"},
    "rentals:pledge": EVERYONE - {"anonymous", "arrival"},
    "rentals:new": {"host"},  # the others have not taken the pledge: sent to it
    "rentals:edit": {"host"},
    "rentals:photos": {"host"},
    "rentals:withdraw": set(),
    "rentals:held": COORDINATING | {"coord_b"},
    "rentals:review": COORDINATING,
    "rentals:decide-report": COORDINATING,
    # relocation
    "relocation:index": EVERYONE - {"anonymous", "arrival"},
    "relocation:new": {"employer"},
    "relocation:progress": {"employer"},
    # the guide: the stay clock is for everyone; a saved clock is its household's alone
    "guide:index": EVERYONE,
    "guide:rules": EVERYONE,
    "guide:rules-json": EVERYONE,
    "guide:clock": EVERYONE,
    "guide:clock-json": set(),  # POST only: a calculation for anyone
    "guide:clock-saved": {"arrival"},
    "guide:clock-forget": set(),
    "guide:clock-link": EVERYONE,  # a reminder's signed link is the key
    # onward checklists (a route from Almaty, with a step)
    "checklists:index": EVERYONE,
    "checklists:route": EVERYONE,
    "checklists:tick": set(),
    "checklists:coord": COORDINATING | {"coord_b"},
    "checklists:coord-new": COORDINATING | {"coord_b"},
    "checklists:coord-route": COORDINATING,
    "checklists:coord-new-step": COORDINATING,
    "checklists:coord-step": COORDINATING,
    "checklists:coord-move-step": set(),
    "checklists:coord-remove-step": set(),
    # help points (one in Almaty); the list, the map and the poster are public
    "helppoints:list": EVERYONE,
    "helppoints:map": EVERYONE,
    "helppoints:poster": EVERYONE,
    "helppoints:coord": COORDINATING | {"coord_b"},
    "helppoints:coord-new": COORDINATING | {"coord_b"},
    "helppoints:coord-edit": COORDINATING,
    "helppoints:coord-shown": set(),
    # the Telegram bot: the webhook opens to Telegram's secret header only (a POST without
    # it is refused and changes nothing); anyone with an account may link a chat to it
    "bot:webhook": set(),
    "bot:connect": {"stranger", "host", "coord_a", "coord_b", "viewer", "staff", "manager", "employer", "admin"},
}


# Who may change something by POSTing to each address: by default whoever may open its
# page (its form); the addresses without a page of their own are written out here. The
# others' POSTs must leave the database as it was.
CHANGES: dict[str, set[str]] = {
    **ALLOWED,
    "registry:withdraw": {"arrival"},
    "registry:reopen": {"arrival"},
    "registry:forget": EVERYONE,  # ends the caller's own session, whoever calls
    "stays:guest-move": {"arrival"},
    "hosting:offer-status": {"host"},
    "stays:host-move": {"host"},
    "stays:coordinator-cancel": COORDINATING,
    "backoffice:reveal-contact": COORDINATING,
    "backoffice:household-priority": COORDINATING,
    "backoffice:household-propose": COORDINATING,
    "backoffice:household-propose-plan": COORDINATING,
    "backoffice:household-ask": COORDINATING,
    "backoffice:vet": COORDINATING,
    # each coordinator starts and decides the runs of their own city
    "backoffice:matching-start": COORDINATING | {"coord_b"},
    "backoffice:matching-accept": COORDINATING,
    "backoffice:matching-reject": COORDINATING,
    "queues:leave": EVERYONE,  # the ticket's private link is its holder's key
    "queues:counter-move": {"staff", "coord_a", "admin"},
    "queues:day-tickets": {"staff", "coord_a", "admin"},
    "workspaces:booking-move": EVERYONE,  # the booking's private link, likewise
    "workspaces:days": {"manager", "coord_a", "admin"},
    "rentals:ask": EVERYONE - {"anonymous", "host"},  # a tenant: a code in the session, or an account
    "rentals:answer": {"host"},
    "rentals:withdraw": {"host"},
    "rentals:withdraw-request": EVERYONE - {"anonymous"},
    "guide:clock-json": EVERYONE,  # changes nothing
    "guide:clock-forget": {"arrival"},
    "checklists:tick": {"arrival"},  # a household ticks its own steps (by its code in the session)
    "checklists:coord-move-step": COORDINATING,
    "checklists:coord-remove-step": COORDINATING,
    "helppoints:coord-shown": COORDINATING,
}
# What a form would carry: enough for a form to be valid, so that only the permission stands in the way.
PLAUSIBLE = {
    "reason": "other", "text": "Примечание", "priority": "on", "email": "someone@example.org", "service": "R",
    "status": "paused", "confirm": "on", "role": "coordinator", "action": "new", "note": "x", "desks": "1",
    "label": "9", "letter": "Z", "name_ru": "Окно", "name_kk": "Терезе", "name_en": "Window", "minutes": "10",
}  # fmt: skip
# Tables a refused POST may touch without changing anything of Haven's: sessions, the
# cache (rate limits), the login guard, and the audit trail (which records refusals).
UNWATCHED = {
    "django_session",
    "haven_cache",
    "audit_entry",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def fingerprint() -> dict[str, int]:
    """Every watched table's rows, hashed: equal only if nothing changed."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in UNWATCHED or table.startswith("django_tasks"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608 - names from the schema
            found[table] = hash(repr(cursor.fetchall()))
    return found


def routes(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every named page of Haven (the Django admin and allauth's are theirs)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            # The partner API answers tokens, not sessions: haven/api/tests check who reaches what.
            if route.startswith(("admin/", "accounts/", "api/")):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


@pytest.fixture
def world(almaty: Any, bishkek: Any, host: Any) -> dict[str, Any]:
    return build_world(almaty, bishkek, host)


def path_of(name: str, route: str, world: dict[str, Any]) -> str:
    values = world["values"]

    def value(match: re.Match[str]) -> str:
        key = match.group("key")
        if key == "slug" and name.startswith("workspaces:"):
            return str(world["space"].slug)
        if key == "public_id" and name.startswith(("backoffice:household", "backoffice:reveal")):
            return str(values["default"]["public_id"])
        specific = values.get(key, {})
        found = specific.get(name) if isinstance(specific, dict) else None
        if found is None and key == "public_id":
            found = values["public_id"].get(name, uuid.uuid4())
        return str(found if found is not None else values["default"][key])

    path = re.sub(r"\(\?P<(?P<key>\w+)>[^)]*\)", value, route)
    path = re.sub(r"<(?:\w+:)?(?P<key>\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_page_of_haven_is_in_the_table():
    names = {name for name, _ in routes()}
    assert names - set(ALLOWED) == set(), "new pages: say who may open them in ALLOWED"
    assert set(ALLOWED) - names == set(), "pages that no longer exist: take them out of ALLOWED"


def test_nobody_opens_a_page_that_is_not_theirs(world: dict[str, Any]):
    leaks, refused = [], []
    headers: list[tuple[str, str, str]] = []
    for name, route in sorted(routes()):
        path = path_of(name, route, world)
        for persona in PERSONAS:
            response = world["clients"][persona].get(path)
            status = response.status_code
            if status == 200:
                headers.append((name, response.get("Cache-Control", ""), response.get("Content-Security-Policy", "")))
            if status == 200 and persona not in ALLOWED[name]:
                leaks.append(f"{persona} opened {name} ({path})")
            if status != 200 and persona in ALLOWED[name]:
                refused.append(f"{persona} got {status} at {name} ({path})")
    assert leaks == []
    assert refused == [], "\n".join(refused)
    # Every page: kept by no cache (a shared phone's back button), and a policy with no inline code.
    assert [n for n, cache, _ in headers if "no-store" not in cache] == []
    assert [n for n, _, csp in headers if "script-src 'self'" not in csp or "unsafe-inline" in csp] == []


def test_nobody_changes_what_is_not_theirs(world: dict[str, Any]):
    today = timezone.localdate()
    data = {**PLAUSIBLE, "until": (today + dt.timedelta(days=5)).isoformat(), "day": today.isoformat()}
    changed = []
    before = fingerprint()
    for name, route in sorted(routes()):
        path = path_of(name, route, world)
        for persona in PERSONAS:
            if persona in CHANGES[name]:
                continue
            client = world["clients"][persona]
            status = client.post(path, data).status_code
            still_in = {"anonymous": True, "arrival": SESSION_KEY in client.session}.get(
                persona, "_auth_user_id" in client.session
            )
            assert still_in, f"POST {name} logged {persona} out: the rest of the walk would prove nothing"
            after = fingerprint()
            if after != before:
                tables = sorted(t for t in after if after[t] != before.get(t))
                changed.append(f"{persona} changed {', '.join(tables)} by POST {name} ({path}, HTTP {status})")
                before = after
            assert status < 500, f"{persona}: POST {name} ({path}) answered {status}"
    assert changed == [], "\n".join(changed)


def test_the_fingerprint_sees_a_change_that_an_allowed_person_makes(world: dict[str, Any]):
    """The control: without it, a fingerprint blind to changes would pass the test above."""
    before = fingerprint()
    stay = world["values"]["public_id"]["stays:host-move"]
    assert world["clients"]["host"].post(f"/host/stays/{stay}/accept/").status_code == 302
    after = fingerprint()
    assert sorted(t for t in after if after[t] != before[t]) == ["stays_stay", "stays_stayevent"]


def test_nothing_personal_reaches_the_logs_during_a_walk_through_everything(
    world: dict[str, Any], caplog: pytest.LogCaptureFixture, almaty: Any
):
    """Every page for everyone, and the writes that carry contacts and codes: the logs hold none of them."""
    import logging

    caplog.set_level(logging.DEBUG)
    secrets_typed = ["walk.person@example.org", "@walk_person", "+7 701 555 44 33", "roster.person@example.org"]
    anonymous = Client()
    today = timezone.localdate()
    response = anonymous.post(
        "/register/",
        {
            "alias": "Прохожий", "adults": "1", "children": "0", "languages": ["ru"], "region": almaty.slug,
            "district": "", "needed_from": today.isoformat(), "needed_until": (today + dt.timedelta(days=2)).isoformat(),
            "contact_email": secrets_typed[0], "contact_telegram": secrets_typed[1], "contact_phone": secrets_typed[2],
        },
    )  # fmt: skip
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", response.content.decode())
    assert code is not None
    Client().post("/code/", {"code": code.group(0)})
    Client().post("/code/", {"code": "ZZZZ-ZZZZ"})
    Client().post(f"/q/{world['values']['default']['slug']}/", {"service": "R", "email": secrets_typed[0]})
    employer = world["clients"]["employer"]
    company = world["values"]["default"]["company"]
    employer.post(
        f"/relocate/{company}/new/",
        {
            "region": almaty.pk, "first_night": (today + dt.timedelta(days=1)).isoformat(),
            "leaving_on": (today + dt.timedelta(days=4)).isoformat(), "currency": "",
            "roster_text": f"name,adults,email\nСотрудник,1,{secrets_typed[3]}\n",
        },
    )  # fmt: skip
    for name, route in routes():
        for persona in ("anonymous", "arrival", "coord_a"):
            world["clients"][persona].get(path_of(name, route, world))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Not Found" in logged  # the logs were listened to (refused pages are logged)
    for secret in [*secrets_typed, code.group(0), code.group(0).replace("-", "")]:
        assert secret not in logged
