"""Fixtures of the outbox tests: made-up stays' links, a channel that refuses."""

from __future__ import annotations

import pytest

from haven.notify import channels, links


@pytest.fixture(autouse=True)
def _links_to_made_up_stays() -> None:
    """The stays' link makers refuse a stay that is not there (links.Gone); these tests
    speak of made-up stays, through links of the same shape that do not look."""
    from django.urls import reverse

    from haven.stays.links import token_for

    links.register("test-host-stay", lambda c: reverse("stays:host-stay", kwargs={"public_id": c["stay"]}))
    links.register(
        "test-guest-stay", lambda c: reverse("stays:guest-link", kwargs={"token": token_for(c["stay"], c["nonce"])})
    )


@pytest.fixture
def refusing_channel(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The e-mail channel raises, with the recipient's address in the error's text."""
    tried: list[str] = []

    def refuse(self: channels.EmailChannel, *, address: str, subject: str, body: str) -> None:
        tried.append(address)
        raise ConnectionRefusedError(f"smtp refused {address}")

    monkeypatch.setattr(channels.EmailChannel, "send", refuse)
    return tried
