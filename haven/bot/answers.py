"""Proposals in the chat: a guest confirms or refuses, a host accepts or declines, by button.

A button names a move and a stay; pressing it does the move through the very service
the stay's web page calls, after checking that the chat is the stay's guest (linked to
its household) or its host (linked to the offer's account). Anyone else is refused
politely, and nothing changes. The messages carry no address and no contact.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from telegram import CallbackQuery

from haven.bot.models import Chat
from haven.bot.telegram import Buttons, Out
from haven.stays import links as stay_links
from haven.stays import services as stays
from haven.stays.models import DeclineReason, Stay
from haven.stays.selectors import stay_for_host, waiting_for_host
from haven.stays.texts import refused_text
from haven.stays.views import DONE

__all__ = ["Buttons", "buttons_for_body", "day", "guest_stay_message", "host_waiting", "on_button"]


def day(value: dt.date) -> str:
    return date_format(value, "j E Y")


def guest_buttons(stay: Stay) -> Buttons:
    if not stay.waiting_for_guest:
        return ()
    return [[(_("Yes, I will come"), f"g:ok:{stay.public_id}"), (_("No, thank you"), f"g:no:{stay.public_id}")]]


def host_buttons(stay: Stay) -> Buttons:
    if not stay.waiting_for_host:
        return ()
    return [[(_("Yes, I can host them"), f"h:ok:{stay.public_id}"), (_("No, I cannot"), f"h:no:{stay.public_id}")]]


def _stay_line(stay: Stay) -> str:
    return _("%(state)s: from %(start)s to %(end)s.") % {
        "state": stay.get_state_display(),
        "start": day(stay.start),
        "end": day(stay.end),
    }


def guest_stay_message(chat: Chat, stay: Stay) -> Out:
    return Out(_stay_line(stay), chat_id=chat.chat_id, buttons=guest_buttons(stay))


def _host_line(stay: Stay) -> str:
    people = stay.people
    return _("A group of %(people)s asks to stay at your place from %(start)s to %(end)s.") % {
        "people": people,
        "start": day(stay.start),
        "end": day(stay.end),
    }


def host_waiting(chat: Chat) -> list[Out]:
    if chat.user is None:
        return [
            Out(_("Open your hosting page on the site and link this chat to your account first."), chat_id=chat.chat_id)
        ]
    stays_waiting = list(waiting_for_host(chat.user)[:10])
    if not stays_waiting:
        return [Out(_("No proposal is waiting for your answer."), chat_id=chat.chat_id)]
    return [Out(_host_line(s), chat_id=chat.chat_id, buttons=host_buttons(s)) for s in stays_waiting]


# --- pressing a button -------------------------------------------------------------------------


def _refuse(query: CallbackQuery) -> list[Out]:
    return [Out(_("This proposal is not yours, or it is no longer there."), callback_id=query.id)]


def _done(chat: Chat, query: CallbackQuery, text: str) -> list[Out]:
    """The notice, and the message with the buttons changed into what was done (a second press finds no button)."""
    outs = [Out(text, callback_id=query.id)]
    if query.message is not None:
        outs.append(Out(text, chat_id=chat.chat_id, message_id=query.message.message_id))
    return outs


def on_button(chat: Chat, query: CallbackQuery, kind: str, rest: str) -> list[Out]:
    if kind == "hr":
        reason, _sep, public_id = rest.partition(":")
        move = "decline"
    else:
        move, _sep, public_id = rest.partition(":")
    try:
        if kind == "g":
            return _as_guest(chat, query, move, public_id)
        return _as_host(chat, query, move, public_id, reason if kind == "hr" else "")
    except stays.StayRefused as refused:
        return [Out(refused_text(refused.why), callback_id=query.id)]


def _as_guest(chat: Chat, query: CallbackQuery, move: str, public_id: str) -> list[Out]:
    found = _uuid(public_id)
    if found is None or chat.household_id is None or move not in ("ok", "no"):
        return _refuse(query)
    stay = Stay.objects.filter(public_id=found, household_id=chat.household_id).first()
    if stay is None:
        return _refuse(query)
    if move == "ok":
        stays.guest_confirm(stay=stay)
        return _done(chat, query, str(DONE["confirm"]))
    stays.cancel(stay=stay, by_guest=True)
    return _done(chat, query, str(DONE["refuse"]))


def _as_host(chat: Chat, query: CallbackQuery, move: str, public_id: str, reason: str) -> list[Out]:
    if chat.user is None or move not in ("ok", "no", "decline"):
        return _refuse(query)
    try:
        stay = stay_for_host(chat.user, _uuid(public_id))
    except Http404:
        return _refuse(query)
    if move == "ok":
        stays.host_accept(stay=stay, by=chat.user)
        return _done(chat, query, str(DONE["accept"]))
    if move == "no":  # ask why first, as the page does
        rows = [[(str(label), f"hr:{value}:{stay.public_id}")] for value, label in DeclineReason.choices]
        outs = [Out("", callback_id=query.id)]
        if query.message is not None:
            outs.append(
                Out(
                    _("Why can you not host them?"),
                    chat_id=chat.chat_id,
                    message_id=query.message.message_id,
                    buttons=rows,
                )
            )
        return outs
    stays.host_decline(stay=stay, by=chat.user, reason=reason)
    return _done(chat, query, str(DONE["decline"]))


def _uuid(text: str) -> str | None:
    """The button's id, if it is one (a client may send any callback data, not only ours)."""
    try:
        return str(uuid.UUID(text)) if len(text) == 36 else None
    except ValueError:
        return None


# --- buttons for the outbox's messages ----------------------------------------------------------


def buttons_for_body(body: str) -> Buttons:
    """The buttons that go with an outbox message: a proposal's link in it names the stay.

    The message is the same text the e-mail channel sends; its link (a guest's signed
    one, or the host's stay page) is read back to find which stay and which side it is for.
    """
    site = settings.SITE_URL.rstrip("/")
    for url in re.findall(r"https?://\S+", body):
        if not url.startswith(site):
            continue
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        stay = _stay_of(match.view_name, match.kwargs)
        if stay is None:
            continue
        if match.view_name == "stays:guest-link":
            return guest_buttons(stay)
        return host_buttons(stay)
    return ()


def _stay_of(view_name: str, kwargs: dict[str, Any]) -> Stay | None:
    if view_name == "stays:guest-link":
        try:
            return stay_links.peek(kwargs["token"])
        except stay_links.LinkRefused:
            return None
    if view_name == "stays:host-stay":
        return Stay.objects.filter(public_id=kwargs["public_id"]).first()
    return None
