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
DATABASE_GONE = (OperationalError, InterfaceError)


def database_unavailable() -> HttpResponse:
    """503 with ``Retry-After``: nothing was saved, try again. Rendered without the
    database (no session, no user), in the language LocaleMiddleware chose."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that went away (restarted, failed over, full) answers 503, not 500.

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
        if not isinstance(exception, DATABASE_GONE):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)  # its message may quote data
        return database_unavailable()


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 one when the error is the database gone away."""
    if isinstance(sys.exc_info()[1], DATABASE_GONE):
        return database_unavailable()
    return HttpResponse(render_to_string("500.html"), status=500)
