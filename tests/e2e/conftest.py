"""Browser fixtures: one Chromium for the session, a fresh context (a new device) per person.

The tests drive the system's Chromium (/usr/bin/chromium) through Playwright's sync
API against pytest-django's ``live_server``. Without that browser the tests skip,
unless HAVEN_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("HAVEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 390, "height": 844}
LOCALE = "ru-RU"
TIMEOUT_MS = 10_000
# Screenshots of failures (and the ones the tests take on purpose) go here.
SHOTS = Path(os.environ.get("HAVEN_SHOTS_DIR", "/tmp/haven-shots"))  # noqa: S108 - a scratch folder, not a secret


def _no_browser(reason: str) -> None:
    if os.environ.get("HAVEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and HAVEN_REQUIRE_BROWSER=1 demands a browser")
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Let fixtures know whether the test failed (to keep a screenshot of the page)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _no_browser("the playwright package is not installed")
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django
    # would take every ORM call of the test (setup, assertions, flush) for one made
    # from async code. Set only while the browser runs, not for the unit tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def _cache_table(transactional_db: Any) -> None:
    """The database cache (rate limits, TOTP replay guard) needs its table.

    The session's ``django_db_setup`` creates it, and the flush after a transactional
    test leaves it alone; creating it again costs nothing if it is there.
    """
    call_command("createcachetable", verbosity=0)


@pytest.fixture
def new_context(browser: Any, live_server: Any, _cache_table: None) -> Iterator[Callable[..., Any]]:
    """Open another browser context: the same person on another device, or someone else."""
    contexts: list[Any] = []

    def open_context(locale: str = LOCALE) -> Any:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page_errors() -> list[str]:
    """JavaScript errors and console errors (CSP violations among them) seen by any page."""
    return []


def watch(page: Any, errors: list[str]) -> Any:
    def on_console(msg: Any) -> None:
        # Chromium asks every site for /favicon.ico by itself; Haven has none.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{page.url}: {msg.text} ({msg.location.get('url')})")

    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", on_console)
    return page


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, new_context: Callable[..., Any], page_errors: list[str]
) -> Iterator[Callable[..., Any]]:
    """A page in a context of its own (a device), watched for errors.

    ``new_page("alexei")`` names the device: when the test fails, every page it
    opened is kept as ``FAILED-<test>-<name>.png`` and ``.html``. When it passes,
    no page may have reported an error.
    """
    pages: list[tuple[str, Any]] = []

    def open_page(name: str = "", locale: str = LOCALE) -> Any:
        tab = watch(new_context(locale).new_page(), page_errors)
        pages.append((name or f"page{len(pages) + 1}", tab))
        return tab

    yield open_page
    outcome = getattr(request.node, "rep_call", None)
    if outcome is not None and outcome.failed:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for name, tab in pages:
            if not tab.is_closed():
                stem = f"FAILED-{request.node.name}-{name}"
                tab.screenshot(path=str(SHOTS / f"{stem}.png"), full_page=True)
                (SHOTS / f"{stem}.html").write_text(tab.content(), encoding="utf-8")
    elif outcome is not None and outcome.passed:
        assert page_errors == [], "the browser reported errors"


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A fresh phone-sized, Russian-speaking browser page (kept on failure like any other)."""
    return new_page("page")
