"""Cross-cutting response headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
