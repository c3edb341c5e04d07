"""The bot's dialogue: one Telegram update in, what to say out (``telegram.Out``).

Plain synchronous Django code: the update is read with python-telegram-bot's types, the
chat's row is locked for the turn (updates of one chat are done one at a time, and an
update Telegram sends again is done once), and every text is written inside the chat's
language. Groups get one answer, "write to me in private", and nothing is read or kept
for them: requests, codes, addresses and contacts are for private chats only.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override
from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType

from haven.bot import answers, errands, registration, services
from haven.bot.models import LANGUAGES, Chat
from haven.bot.telegram import Out
from haven.lib import ratelimit
from haven.lib.codes import parse_code
from haven.registry import services as registry
from haven.registry.selectors import household_by_code
from haven.stays.models import StayState
from haven.stays.selectors import stays_for_household

LANGUAGE_BUTTONS = [[("Русский", "lang:ru"), ("Қазақша", "lang:kk"), ("English", "lang:en")]]


def say(chat: Chat, text: str, buttons: answers.Buttons = ()) -> Out:
    return Out(text, chat_id=chat.chat_id, buttons=buttons)


def _guess_language(update: Update) -> str:
    user = update.effective_user
    code = ((user.language_code if user else None) or "")[:2]
    return code if code in LANGUAGES else "ru"


RECENT_UPDATES = 50


def handle(update: Update) -> list[Out]:
    """What to answer to ``update``; the changes it asks for are made before this returns."""
    tg_chat = update.effective_chat
    query, message = update.callback_query, update.message
    if tg_chat is None or (query is None and message is None):
        return []
    if tg_chat.type != ChatType.PRIVATE:
        return _in_group(update, tg_chat.id)
    with transaction.atomic():
        chat = Chat.objects.select_for_update().filter(chat_id=tg_chat.id).first()
        if chat is None and query is not None:
            # A button from a chat the bot does not know (an old message, a forwarded
            # keyboard): nothing is done and nothing is kept.
            with override(_guess_language(update)):
                return [Out(_("I do not know this chat yet. Send /start to begin."), callback_id=query.id)]
        if chat is None:
            Chat.objects.bulk_create(
                [Chat(chat_id=tg_chat.id, language=_guess_language(update))], ignore_conflicts=True
            )
            chat = Chat.objects.select_for_update().get(chat_id=tg_chat.id)
        if update.update_id in (chat.recent_updates or []):
            return []  # Telegram sent it again: it was done the first time
        chat.last_update_id = update.update_id
        chat.recent_updates = [*(chat.recent_updates or [])[-(RECENT_UPDATES - 1) :], update.update_id]
        with override(chat.language):
            outs = _on_button(chat, query) if query is not None else _on_text(chat, message) if message else []
        chat.save()
    return outs


def _in_group(update: Update, chat_id: int) -> list[Out]:
    with override(_guess_language(update)):
        text = _("Write to me in a private chat: in a group I never show requests, codes, addresses or contacts.")
    if update.callback_query is not None:
        return [Out(text, callback_id=update.callback_query.id)]
    if update.message is not None and (update.message.text or "").startswith("/"):
        return [Out(text, chat_id=chat_id)]
    return []  # the group's own talk is not for the bot


# --- text --------------------------------------------------------------------------------------


def _on_text(chat: Chat, message: Message) -> list[Out]:
    text = (message.text or "").strip()
    if not text:
        return [say(chat, _("I understand only text messages. Send /help to see what I can do."))]
    if text.startswith("/"):
        command, _space, rest = text.partition(" ")
        return _command(chat, command.split("@")[0].lower(), rest.strip())
    if chat.step.startswith("reg:"):
        return registration.answer(chat, text)
    if chat.step == "code" or (not chat.step and parse_code(text)):
        return lookup(chat, text)
    if chat.step == "clock":
        return errands.clock_answer(chat, text)
    return [menu(chat)]


def _command(chat: Chat, command: str, rest: str) -> list[Out]:
    if command != "/start" or not rest:
        chat.step, chat.draft = "", {}
    if command == "/start":
        if rest:
            return [say(chat, services.link_host(chat=chat, key=rest))]
        return [say(chat, _("Hello! I am Haven's bot. Choose your language."), LANGUAGE_BUTTONS)]
    if command == "/language":
        return [say(chat, _("Choose your language."), LANGUAGE_BUTTONS)]
    if command == "/register":
        return registration.begin(chat)
    if command == "/status":
        if rest:
            return lookup(chat, rest)
        if chat.household_id is not None:
            return status(chat)
        chat.step = "code"
        return [say(chat, _("Send me your case code."))]
    if command == "/queue":
        return errands.points(chat)
    if command == "/clock":
        return errands.clock_rules(chat)
    if command == "/proposals":
        return answers.host_waiting(chat)
    if command == "/cancel":
        return [say(chat, _("Stopped. Nothing was saved.")), menu(chat)]
    return [menu(chat)]


def menu(chat: Chat) -> Out:
    text = "\n".join(
        [
            _("What I can do:"),
            _("/register: ask for a place to stay"),
            _("/status: your request, by its case code"),
            _("/queue: take a ticket in the queue of a service point"),
            _("/clock: how long you may stay"),
            _("/language: choose another language"),
        ]
    )
    return say(chat, text)


# --- buttons ------------------------------------------------------------------------------------


def _on_button(chat: Chat, query: CallbackQuery) -> list[Out]:
    data = query.data or ""
    kind, _sep, rest = data.partition(":")
    done = Out("", callback_id=query.id)
    if kind == "lang" and rest in LANGUAGES:
        services.set_language(chat=chat, language=rest)
        with override(rest):
            return [done, say(chat, _("I will write to you in English.")), menu(chat)]
    if kind == "rg" and chat.step == "reg:region":
        return [done, *registration.answer(chat, rest)]
    if kind in ("g", "h", "hr"):
        return answers.on_button(chat, query, kind, rest)
    if kind in ("qp", "qs", "cr"):
        return [done, *errands.on_button(chat, kind, rest)]
    return [Out(_("This button no longer works. Send /help to see what I can do."), callback_id=query.id)]


# --- a request by its code ---------------------------------------------------------------------


def _who(chat: Chat) -> str:
    return hashlib.sha256(f"{settings.HAVEN_CODE_KEY}:telegram:{chat.chat_id}".encode()).hexdigest()[:32]


def allow(scope: str, chat: Chat) -> bool:
    return ratelimit.allow_for(scope, _who(chat))


def lookup(chat: Chat, text: str) -> list[Out]:
    if not allow("code-lookup", chat):
        chat.step = ""
        return [say(chat, _("Too many tries from this chat. Wait a few minutes and try again."))]
    household = household_by_code(text)
    if household is None:
        chat.step = "code"
        return [say(chat, _("We found no request with this code. Check it and try again."))]
    chat.step = ""
    services.link_household(chat=chat, household=household)
    registry.mark_seen(household)
    return status(chat)


def status(chat: Chat) -> list[Out]:
    """The chat's request and its stays, with buttons for a proposal waiting for its answer.

    No address and no contact: the stay's page shows them once both sides said yes.
    """
    household = chat.household
    if household is None:
        return [say(chat, _("Send me your case code."))]
    lines = [
        _("Your request: %(status)s. First night %(start)s, leaving on %(end)s.")
        % {
            "status": household.get_status_display(),
            "start": answers.day(household.needed_from),
            "end": answers.day(household.needed_until),
        }
    ]
    outs = [say(chat, escape("\n".join(lines)))]
    for stay in stays_for_household(household).exclude(state=StayState.PLANNED):
        outs.append(answers.guest_stay_message(chat, stay))
    return outs
