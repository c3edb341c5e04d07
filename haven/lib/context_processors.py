from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def haven(request: HttpRequest) -> dict[str, object]:
    from haven.accounts.selectors import is_coordinator, led_regions

    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "DEBUG": settings.DEBUG,
        # Asked only by the pages that show a coordinator's menu.
        "user_coordinates": SimpleLazyObject(lambda: bool(user is not None and is_coordinator(user))),
        "user_leads": SimpleLazyObject(lambda: bool(user is not None and led_regions(user).exists())),
    }
