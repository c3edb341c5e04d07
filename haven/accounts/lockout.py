"""How django-axes names the account in a login attempt.

allauth's form posts the address as ``login`` but authenticates with
``email=...``; axes must see the same name on both paths, or failures and the
lockout check would count different things.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_of_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not name and request is not None and request.method == "POST":
        name = request.POST.get("login")
    return str(name).strip().lower() if name else None
