"""Coordinators and administrators work only with a second factor."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from haven.accounts.selectors import needs_second_factor

# Where a person without a second factor may still go: the account pages (to set it
# up, or to log out), the language switch and static files.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class SecondFactorRequiredMiddleware:
    """Sends a coordinator or administrator without TOTP to set it up first.

    allauth asks for the TOTP code at every login of a person who has one, so once a
    coordinator has activated it no session of theirs exists without it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and needs_second_factor(user)  # type: ignore[arg-type]
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
