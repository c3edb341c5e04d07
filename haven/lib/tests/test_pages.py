"""Every page is light, safe to show on a shared phone, and in the visitor's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

LIMIT = 100 * 1024
PUBLIC = ["/", "/register/", "/code/", "/privacy/", "/accounts/login/", "/accounts/signup/"]


def transferred_size(client, url: str) -> int:
    """The page plus every script and stylesheet it loads (as if nothing were cached)."""
    response = client.get(url)
    assert response.status_code == 200, url
    total = len(response.content)
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', response.text):
        path = finders.find(asset)
        assert path, asset
        total += Path(path).stat().st_size
    return total


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_weigh_under_100_kb(client, almaty, url):
    assert transferred_size(client, url) < LIMIT


def test_personal_pages_weigh_under_100_kb(arrival, coordinator_client, host_client):
    client, household, _ = arrival
    for c, url in [
        (client, "/my/"),
        (client, "/my/edit/"),
        (coordinator_client, "/coord/households/"),
        (coordinator_client, f"/coord/households/{household.public_id}/"),
        (host_client, "/host/offers/new/"),
    ]:
        assert transferred_size(c, url) < LIMIT, url


@pytest.mark.parametrize("url", PUBLIC)
def test_every_page_has_a_strict_content_security_policy(client, almaty, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_page_loads_anything_from_elsewhere(client, almaty):
    for url in PUBLIC:
        text = client.get(url).text
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text), url


def test_dynamic_pages_are_never_stored(client, almaty, arrival):
    arrival_client, _, _ = arrival
    assert "no-store" in client.get("/register/")["Cache-Control"]
    assert "no-store" in arrival_client.get("/my/")["Cache-Control"]


def test_no_inline_script_or_style_anywhere(client, almaty):
    for url in PUBLIC:
        text = client.get(url).text
        assert "<script>" not in text, url
        assert " style=" not in text, url


def test_the_language_switch_is_remembered(client, almaty):
    response = client.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    assert response.status_code == 302
    # The cookie wins over the browser's language, on every later page.
    assert '<html lang="kk">' in client.get("/", HTTP_ACCEPT_LANGUAGE="ru").text
    assert '<html lang="kk">' in client.get("/register/", HTTP_ACCEPT_LANGUAGE="ru").text


def test_a_russian_browser_gets_russian_and_an_english_one_english(client, almaty):
    assert '<html lang="ru">' in client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU").text
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").text
    assert '<html lang="ru">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").text  # Russian is the default


def test_security_settings_hold_in_production_mode():
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.X_FRAME_OPTIONS == "DENY"
