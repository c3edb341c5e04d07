"""Development: fetch the bot's updates by long polling instead of a webhook, and answer them.

The same dialogue as the webhook answers each update. Telegram refuses polling while a
webhook is set, so the webhook is removed first (``telegram_webhook`` sets it again).
"""

from __future__ import annotations

import asyncio
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from telegram import Update
from telegram.error import TelegramError

from haven.bot import dialogue, telegram


async def _fetch(offset: int, timeout: int, *, drop_webhook: bool) -> list[Update]:
    async with telegram.make_bot() as bot:
        if drop_webhook:
            await bot.delete_webhook()
        updates = await bot.get_updates(offset=offset, timeout=timeout, allowed_updates=["message", "callback_query"])
        return list(updates)


class Command(BaseCommand):
    help = "Answer the Telegram bot's updates by long polling (development; production uses the webhook)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="fetch one batch and stop")
        parser.add_argument("--timeout", type=int, default=30, help="seconds each long poll waits")

    def handle(self, *args: Any, once: bool = False, timeout: int = 30, **options: Any) -> None:
        if not telegram.is_on():
            raise CommandError("HAVEN_TELEGRAM_TOKEN is not set.")
        offset, first, answered = 0, True, 0
        while True:
            try:
                updates = asyncio.run(_fetch(offset, timeout, drop_webhook=first))
            except TelegramError as exc:
                if once:
                    raise CommandError(f"the Bot API refused: {type(exc).__name__}") from exc
                self.stderr.write(f"the Bot API refused: {type(exc).__name__}; trying again")
                continue
            first = False
            for update in updates:
                offset = max(offset, update.update_id + 1)
                try:
                    telegram.deliver(dialogue.handle(update))
                except TelegramError as exc:
                    self.stderr.write(f"could not answer update {update.update_id}: {type(exc).__name__}")
                except Exception as exc:  # one odd update must not stop the bot
                    self.stderr.write(f"update {update.update_id} could not be handled: {type(exc).__name__}")
                answered += 1
            if once:
                break
        self.stdout.write(f"{answered} updates answered")
