"""Signed links in messages: made when a message is rendered, never stored.

Each kind of link is registered by the app that serves it (``register``); the outbox
only asks for a path. The absolute address starts with ``SITE_URL``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

LinkMaker = Callable[[dict[str, Any]], str]


class Gone(LookupError):
    """Raised by a link maker when what the link would open no longer exists."""


_MAKERS: dict[str, LinkMaker] = {}


def register(kind: str, maker: LinkMaker) -> None:
    _MAKERS[kind] = maker


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def make(kind: str, context: dict[str, Any]) -> str:
    return absolute(_MAKERS[kind](context))
