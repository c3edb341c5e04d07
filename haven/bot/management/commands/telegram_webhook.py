"""Tell Telegram where to post the bot's updates: SITE_URL's /bot/webhook/, with the secret header."""

from __future__ import annotations

import asyncio
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from telegram.error import TelegramError

from haven.bot import telegram


async def _set(url: str, secret: str) -> None:
    async with telegram.make_bot() as bot:
        await bot.set_webhook(url, secret_token=secret, allowed_updates=["message", "callback_query"])


class Command(BaseCommand):
    help = "Set the Telegram bot's webhook to this site."

    def handle(self, *args: Any, **options: Any) -> None:
        if not telegram.is_on() or not settings.HAVEN_TELEGRAM_WEBHOOK_SECRET:
            raise CommandError("Set HAVEN_TELEGRAM_TOKEN and HAVEN_TELEGRAM_WEBHOOK_SECRET first.")
        url = settings.SITE_URL.rstrip("/") + reverse("bot:webhook")
        if not url.startswith("https://"):
            raise CommandError(f"Telegram posts only to https addresses, not {url}.")
        try:
            asyncio.run(_set(url, settings.HAVEN_TELEGRAM_WEBHOOK_SECRET))
        except TelegramError as exc:
            raise CommandError(f"the Bot API refused: {type(exc).__name__}") from exc
        self.stdout.write(f"webhook set to {url}")
