"""Cross-cutting response headers."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class NoStoreMiddleware:
    """Tell every cache, the browser's included, to keep no copy of a dynamic page.

    Pages in Haven show personal data to a logged-in host or coordinator, or to an
    arrival with a case code in the session; a shared phone's back button must not
    bring them back. Static files are served before this runs (WhiteNoise) and keep
    their own long cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") or "no-store" not in response["Cache-Control"]:
            response["Cache-Control"] = "no-store, private"
        return response


RETRY_AFTER_SECONDS = 30
# PostgreSQL's codes for a connection lost or refused: class 08, and the server shutting
# down or starting (57P01-57P03). Not a deadlock, a timeout or a missing table: bugs and
# contention stay 500s, logged in full.
_LOST_STATES = ("08", "57P01", "57P02", "57P03")
_SQLITE_UNAVAILABLE = ("unable to open database file", "disk i/o error", "database is locked")


def connection_lost(exception: BaseException | None) -> bool:
    """Whether the error is the database gone away (restarted, failed over, unreachable)."""
    if isinstance(exception, InterfaceError):
        return True  # the connection was closed under us
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    state = getattr(cause, "sqlstate", None)
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return state is None or state.startswith(_LOST_STATES)  # None: the client could not connect
    return str(exception).lower().startswith(_SQLITE_UNAVAILABLE)


def database_unavailable(exception: BaseException) -> HttpResponse:
    """503 with ``Retry-After``: try again in a minute. Rendered without the database (no
    session, no user), in the language LocaleMiddleware chose. Logged by the error's
    class and code only: its message may quote data."""
    logger.warning(
        "database unavailable: %s %s", type(exception).__name__, getattr(exception.__cause__, "sqlstate", "") or ""
    )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that went away (restarted, failed over, unreachable) answers 503, not 500.

    This catches it in a view; ``server_error`` (the project's 500 handler) catches it
    in a middleware (the session, the user). Django drops the broken connection at the
    end of the request, so the next one connects afresh: Haven recovers when the
    database does.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_unavailable(exception) if connection_lost(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 one when the error is the database gone away."""
    exception = sys.exc_info()[1]
    if exception is not None and connection_lost(exception):
        return database_unavailable(exception)
    return HttpResponse(render_to_string("500.html"), status=500)
