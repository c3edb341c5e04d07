"""Reads about the outbox."""

from __future__ import annotations

from typing import Any

from haven.notify.models import Message, MessageState


def undelivered_to(household: Any) -> int:
    """Messages that could not reach the group (no e-mail, no channel): someone should tell it."""
    return Message.objects.filter(
        to_household=household, state__in=[MessageState.UNDELIVERABLE, MessageState.FAILED]
    ).count()
