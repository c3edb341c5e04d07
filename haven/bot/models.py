"""Private chats with the bot, and what each one is linked to.

Only private chats are kept (Telegram gives them positive ids; groups have negative
ones, and the database refuses those): a group is only ever told to write in private,
so nothing of a household or host can be sent there by the outbox either.

A chat reaches at most one household (registered here, or its case code typed here),
one account (a host who opened a one-time link from her page) and the last queue
ticket it took. Its dialogue state is a step name and a draft of the answers so far,
cleared when the dialogue ends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("ru", "kk", "en")


class Chat(models.Model):
    chat_id = models.BigIntegerField(_("Telegram chat"), unique=True)
    language = models.CharField(_("language"), max_length=8, default="ru")
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket = models.ForeignKey("queues.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(max_length=40, blank=True)
    draft = models.JSONField(default=dict, blank=True)  # the answers of an unfinished dialogue
    # Telegram sends an update again when the answer to it was lost: each is done once.
    last_update_id = models.BigIntegerField(default=0)
    # The last updates done: Telegram may send one again, or out of order (several
    # webhook connections), and after a quiet week starts its ids afresh at random.
    recent_updates = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time it spoke: an unfinished dialogue, and a chat linked to nothing, are forgotten.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Telegram chat")
        verbose_name_plural = _("Telegram chats")
        constraints = [
            models.CheckConstraint(condition=Q(chat_id__gt=0), name="bot_chat_is_private"),
            models.CheckConstraint(condition=Q(language__in=LANGUAGES), name="bot_chat_language_known"),
        ]

    def __str__(self) -> str:
        return f"chat {self.pk}"  # not the Telegram id: this ends up in logs


class HostLink(models.Model):
    """A one-time key a host takes from her page and sends to the bot: it links that chat to her account."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"host link {self.pk}"
