"""Writes about chats: their language, and what a chat is linked to.

A chat is linked to a household by registering in it or by its case code typed in it
(as a browser is, by the code); to a host's account by a one-time key from her page,
which the bot receives as ``/start <key>`` (Telegram's deep link carries it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.bot.models import LANGUAGES, Chat, HostLink

HOST_LINK_MINUTES = 30


def _hash(key: str) -> str:
    return hashlib.sha256(f"{settings.HAVEN_CODE_KEY}:host-link:{key}".encode()).hexdigest()


def set_language(*, chat: Chat, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(language)
    chat.language = language
    chat.save(update_fields=["language"])


def link_household(*, chat: Chat, household: Any) -> None:
    """This chat now hears about ``household`` (and no longer about another one)."""
    chat.household = household
    chat.save(update_fields=["household"])


@transaction.atomic
def new_host_key(*, user: Any) -> str:
    """A key for ``user`` to send to the bot, good once within ``HOST_LINK_MINUTES``; only its hash is kept."""
    key = secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-]: what a /start payload may hold
    HostLink.objects.filter(user=user, used_at__isnull=True).delete()  # one open key at a time
    HostLink.objects.create(
        key_hash=_hash(key), user=user, expires_at=timezone.now() + dt.timedelta(minutes=HOST_LINK_MINUTES)
    )
    return key


@transaction.atomic
def link_host(*, chat: Chat, key: str) -> str:
    """Link the chat to the account whose key this is; what to tell the chat.

    A wrong, used or expired key links nothing, and all three get the same answer.
    """
    now = timezone.now()
    found = (
        HostLink.objects.select_for_update()
        .select_related("user")
        .filter(key_hash=_hash(key[:64]), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active:
        return _("This link does not work: it was used or has expired. Take a new one from your page on the site.")
    found.used_at = now
    found.save(update_fields=["used_at"])
    Chat.objects.filter(user=found.user).exclude(pk=chat.pk).update(user=None)  # her newest chat hears from us
    chat.user = found.user
    chat.save(update_fields=["user"])
    return _(
        "This chat is now linked to your account. Proposals for your places will come here. Send /proposals to see those waiting."
    )


# An unfinished registration (an alias, dates) is kept a day; a chat that is linked to no
# household, account or ticket any more (erased, say) a month, then its chat id goes too.
DRAFT_DAYS = 1
IDLE_CHAT_DAYS = 30


def forget_idle_chats(*, now: dt.datetime | None = None) -> int:
    """Clear old unfinished dialogues and delete chats linked to nothing (run by the clock)."""
    now = now or timezone.now()
    Chat.objects.filter(updated_at__lt=now - dt.timedelta(days=DRAFT_DAYS)).exclude(draft={}).update(draft={}, step="")
    idle = Chat.objects.filter(
        household__isnull=True, user__isnull=True, ticket__isnull=True,
        updated_at__lt=now - dt.timedelta(days=IDLE_CHAT_DAYS),
    )  # fmt: skip
    return idle.delete()[0]
