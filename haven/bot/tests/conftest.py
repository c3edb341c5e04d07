"""The fake Bot API (one server for the session), and a phone that posts updates to the webhook."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from haven.bot.tests.fake_api import TOKEN, Call, FakeBotApi, button, private_text

SECRET = "webhook-secret-of-the-tests"


@pytest.fixture(scope="session")
def fake_api_server() -> Iterator[FakeBotApi]:
    server = FakeBotApi()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fake_api(fake_api_server: FakeBotApi, settings: Any) -> FakeBotApi:
    """The fake server, emptied, with Haven's settings pointing at it."""
    fake_api_server.reset()
    settings.HAVEN_TELEGRAM_TOKEN = TOKEN
    settings.HAVEN_TELEGRAM_API_URL = fake_api_server.base_url
    settings.HAVEN_TELEGRAM_WEBHOOK_SECRET = SECRET
    return fake_api_server


@dataclass
class Phone:
    """Someone's Telegram: sends updates through Django's webhook, reads what the bot said back."""

    api: FakeBotApi
    chat_id: int
    language: str = "ru"

    def post(self, update: dict[str, Any], *, secret: str = SECRET) -> int:
        response = Client().post(
            "/bot/webhook/", update, content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
        )  # fmt: skip
        return response.status_code

    def say(self, text: str) -> list[Call]:
        """Send a text; the messages the bot sent to this chat in answer."""
        before = len(self.api.sent(chat_id=self.chat_id))
        assert self.post(private_text(self.chat_id, text, language=self.language)) == 200
        return self.api.sent(chat_id=self.chat_id)[before:]

    def press(self, data: str, *, message_id: int = 1) -> list[Call]:
        """Press a button; every call the bot made in answer (notices, edits, messages), getMe aside."""
        before = len(self.api.calls)
        assert self.post(button(self.chat_id, data, message_id=message_id)) == 200
        return [c for c in self.api.calls[before:] if c.method != "getMe"]


@pytest.fixture
def alexei(fake_api: FakeBotApi) -> Phone:
    return Phone(fake_api, 5001)


@pytest.fixture
def almira_phone(fake_api: FakeBotApi) -> Phone:
    return Phone(fake_api, 5002)
