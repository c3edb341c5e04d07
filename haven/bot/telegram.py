"""Talking to the Bot API through python-telegram-bot, at the address the settings name.

The dialogue (``dialogue.py``) is plain synchronous Django code that reads an update and
returns what to say as ``Out`` values; this module says it. Each batch opens a Bot for
its own event loop (a sync view runs ``asyncio.run``) and closes it after.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

Buttons = Sequence[Sequence[tuple[str, str]]]  # rows of (label, callback data)


@dataclass(frozen=True)
class Out:
    """One thing to say: a new message (``chat_id``), a message changed in place
    (``message_id`` too), or the answer to a pressed button (``callback_id``, a short notice)."""

    text: str
    chat_id: int | None = None
    buttons: Buttons = field(default_factory=tuple)
    message_id: int | None = None
    callback_id: str | None = None


def is_on() -> bool:
    return bool(settings.HAVEN_TELEGRAM_TOKEN)


def make_bot() -> Bot:
    return Bot(settings.HAVEN_TELEGRAM_TOKEN, base_url=settings.HAVEN_TELEGRAM_API_URL)


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in buttons]
    )


async def _say(bot: Bot, out: Out) -> None:
    if out.callback_id is not None:
        await bot.answer_callback_query(out.callback_id, text=out.text[:200] or None)
    elif out.message_id is not None:
        await bot.edit_message_text(
            out.text, chat_id=out.chat_id, message_id=out.message_id, parse_mode=ParseMode.HTML,
            reply_markup=_markup(out.buttons),
        )  # fmt: skip
    elif out.chat_id is not None:
        await bot.send_message(
            out.chat_id, out.text, parse_mode=ParseMode.HTML, reply_markup=_markup(out.buttons),
            disable_web_page_preview=True,
        )  # fmt: skip


async def _deliver(outs: Sequence[Out]) -> None:
    async with make_bot() as bot:
        for out in outs:
            await _say(bot, out)


def deliver(outs: Sequence[Out]) -> None:
    """Say everything in order; a failure of the Bot API raises (telegram.error.TelegramError)."""
    if outs:
        asyncio.run(_deliver(outs))


async def _username() -> str:
    async with make_bot() as bot:
        return bot.username


def username() -> str:
    """The bot's @name (for a t.me link), asked once a day; "" when the Bot API cannot be reached."""
    from django.core.cache import cache
    from telegram.error import TelegramError

    name = cache.get("bot:username")
    if name is None and is_on():
        try:
            name = asyncio.run(_username())
        except TelegramError:
            return ""
        cache.set("bot:username", name, timeout=86400)
    return str(name or "")
