"""Hostile input to every form Haven shows: zero server errors.

Each page of the access matrix is opened by someone allowed to see it; every POST form
on it (its action and its fields, read from the HTML) is sent values people could type
or scripts could send: huge strings, control and right-to-left characters, emoji, HTML,
SQL, numbers out of range, dates from another age, missing fields. Haven must answer
each with a page, a refusal or a redirect, never a 500.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access import ALLOWED, PERSONAS, path_of, routes

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')

TYPED = [
    "", " ", "0", "-5", "-1", "99999999999999999999", "1e308", "NaN", "Infinity", "3.5", "1950-01-01",
    "2100-12-31", "0000-00-00", "2026-02-30", "25:61", "<script>alert(1)</script>", "' OR 1=1 --",
    "\u202eevil\u202c", "\u200b", "\x00", "🏠" * 50, "a" * 10_000, "../../etc/passwd", "%00", "ZZZZ-ZZZZ",
    "@", "null", "[]", "{}", "R", "on",
]  # fmt: skip
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(TYPED),
)


def forms_on(html: str, path: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of each POST form of a page (not the language switcher)."""
    found = []
    for attrs, body in FORM.findall(html):
        values = dict(ATTR.findall(attrs))
        if values.get("method", "get").lower() != "post":
            continue
        action = unescape(values.get("action", "")) or path
        if action.startswith("/i18n/"):
            continue
        names = sorted({n for n in FIELD.findall(body) if n != "csrfmiddlewaretoken"})
        found.append((action, names))
    return found


@pytest.fixture
def targets(world: dict[str, Any]) -> list[tuple[Client, str, list[str]]]:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for name, route in sorted(routes()):
        allowed = [p for p in PERSONAS if p in ALLOWED[name] and p != "anonymous"] or (
            ["anonymous"] if "anonymous" in ALLOWED[name] else []
        )
        if not allowed:
            continue
        client = world["clients"][allowed[0]]
        path = path_of(name, route, world)
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for action, names in forms_on(page.content.decode(), path):
            if (action, tuple(names)) not in seen:
                seen.add((action, tuple(names)))
                out.append((client, action, names))
    assert len(out) > 20  # the pages' forms were found
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_form_answers_hostile_input_with_a_server_error(targets: list[tuple[Client, str, list[str]]], data: Any):
    for client, action, names in targets:
        values = {n: data.draw(HOSTILE) for n in names if data.draw(st.booleans(), label="send it")}
        response = client.post(action, values)
        assert response.status_code < 500, (action, values)
