from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def haven(request: HttpRequest) -> dict[str, object]:
    return {"LANGUAGES": settings.LANGUAGES, "DEBUG": settings.DEBUG}
