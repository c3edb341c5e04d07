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


@receiver(user_logged_in)
def remember_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Messages to this person are written in the language of the pages they last used."""
    language = (getattr(request, "LANGUAGE_CODE", "") or "")[:8]
    if language and language != user.language:
        type(user).objects.filter(pk=user.pk).update(language=language)
        user.language = language
