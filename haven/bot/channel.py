"""The outbox's Telegram channel: a message to whoever has linked a private chat with the bot.

The address is the chat's id, read at sending time like an e-mail address. The text
is the outbox's rendered message; a proposal's message also gets the buttons to
answer it (``answers.buttons_for_body``), labelled in the chat's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.translation import override

from haven.bot import telegram
from haven.bot.answers import buttons_for_body
from haven.bot.models import Chat
from haven.queues.models import Ticket


class TelegramChannel:
    name = "telegram"

    def address(self, *, user: Any, household: Any) -> str | None:
        if not telegram.is_on():
            return None
        if user is not None:
            chats = Chat.objects.filter(user=user) if user.is_active else Chat.objects.none()
        elif isinstance(household, Ticket):
            chats = Chat.objects.filter(ticket=household)
        elif household is not None:
            chats = Chat.objects.filter(household=household)
        else:
            return None
        chat = chats.order_by("-pk").first()
        return str(chat.chat_id) if chat is not None else None

    def send(self, *, address: str, subject: str, body: str) -> None:
        """Send, or raise (telegram.error.TelegramError): the outbox tries again later."""
        chat = Chat.objects.get(chat_id=int(address))
        with override(chat.language):
            buttons = buttons_for_body(body)
        text = f"<b>{escape(subject)}</b>\n\n{escape(body.strip())}"
        telegram.deliver([telegram.Out(text, chat_id=chat.chat_id, buttons=buttons)])
