"""The outbox: every message Haven sends is first a row here, then sent by a task.

A row names its recipient (an account or a household), never an address: the
address is read from the recipient at the moment of sending, so a household that
erases itself takes its pending messages with it, and no copy of a contact is kept.
Its text is rendered at sending time, in the recipient's language, from a template
and a context of opaque ids; links in it are signed then (``links.py``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # No channel reaches the recipient (no e-mail given, Telegram not connected yet).
    UNDELIVERABLE = "undeliverable", _("No way to reach the recipient")


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Names the event the message is about ("stay:<id>:proposed:host"): a second
    # enqueue of the same event finds the first and sends nothing.
    key = models.CharField(max_length=200, unique=True)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A visitor's queue ticket: no account, no household, only the contact given with it.
    to_ticket = models.ForeignKey("queues.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    template = models.CharField(_("template"), max_length=60)
    language = models.CharField(_("language"), max_length=8, default="ru")
    context = models.JSONField(default=dict, blank=True)  # opaque ids only, never personal data
    state = models.CharField(_("state"), max_length=20, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When a sender took it (state "sending"): one stuck there past a while was
    # interrupted mid-send and is never sent again (it may have gone out).
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The error's class only: a message text could hold what it was about.
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_user__isnull=False) | Q(to_household__isnull=False) | Q(to_ticket__isnull=False),
                name="message_has_recipient",
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.template} ({self.get_state_display()})"
