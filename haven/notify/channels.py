"""Ways to reach people. A channel knows how to find a recipient's address and send.

E-mail works now (the console backend in the demo, SMTP by settings). Telegram
(``haven/bot/channel.py``) registers itself first: a chat someone linked on purpose is
where they want to hear from us (it reaches nobody while the bot has no token).

A recipient is an account (``user``) or someone without one who left a contact with
Haven (``household``: a household, or a visitor's queue ticket; both have
``contact_email``).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail


class Channel(Protocol):
    name: str

    def address(self, *, user: Any, household: Any) -> str | None:
        """Where this channel reaches the recipient, or None if it cannot."""

    def send(self, *, address: str, subject: str, body: str) -> None:
        """Send, or raise: the outbox retries later."""


class EmailChannel:
    name = "email"

    def address(self, *, user: Any, household: Any) -> str | None:
        if user is not None:
            return str(user.email) if user.email and user.is_active else None
        return str(household.contact_email) if household is not None and household.contact_email else None

    def send(self, *, address: str, subject: str, body: str) -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


CHANNELS: dict[str, Channel] = {"email": EmailChannel()}


def register(channel: Channel, *, first: bool = False) -> None:
    """Add a channel; ``first``: tried before the others (one the person linked on purpose)."""
    CHANNELS[channel.name] = channel
    if first:
        others = {name: c for name, c in CHANNELS.items() if name != channel.name}
        CHANNELS.clear()
        CHANNELS.update({channel.name: channel, **others})


def first_reaching(*, user: Any, household: Any) -> tuple[Channel, str] | None:
    """The first channel that reaches the recipient, with the address; None if none does."""
    for channel in CHANNELS.values():
        address = channel.address(user=user, household=household)
        if address:
            return channel, address
    return None
