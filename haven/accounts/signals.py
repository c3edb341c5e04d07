"""Sessions of people who can see others' data end sooner."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from haven.accounts.selectors import needs_second_factor


@receiver(user_logged_in)
def shorten_staff_sessions(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session") and needs_second_factor(user):
        request.session.set_expiry(settings.HAVEN_STAFF_SESSION_SECONDS)
