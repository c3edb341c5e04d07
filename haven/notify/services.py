"""Write messages to the outbox and send them: retried with backoff, never twice.

Sending claims a message first (pending -> sending, committed), then sends, then marks
it sent. A worker that dies between the two leaves it "sending", and it is never sent
again automatically: a lost message is better than a doubled one here (a second
"your stay is confirmed" for a stay that changed meanwhile would mislead). An error
raised by the channel puts it back to pending with a later attempt time, until
``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from haven.notify import channels, links
from haven.notify.models import Message, MessageState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 100


def backoff(attempts: int) -> dt.timedelta:
    """1, 4, 16, 64 minutes... after the first, second, third failed attempt."""
    return dt.timedelta(minutes=4 ** max(0, attempts - 1))


def _kick() -> None:
    from haven.notify.tasks import send_outbox_task  # the task module imports this one

    send_outbox_task.enqueue()


def enqueue(
    *, key: str, template: str, language: str, to_user: Any = None, to_household: Any = None, to_ticket: Any = None,
    context: dict[str, Any] | None = None,
) -> Message:  # fmt: skip
    """Put a message in the outbox once per ``key`` (a second call returns the first message).

    Called inside the transaction of the change it reports: the row is written with
    it or not at all (a transactional outbox), and sending starts after the commit.

    The channel is the first that reaches the recipient now; none gives an
    undeliverable message, kept so that coordinators can see who was not told.
    """
    found = Message.objects.filter(key=key).first()
    if found is not None:
        return found
    reach = channels.first_reaching(user=to_user, household=to_household or to_ticket)
    message = Message(
        key=key, template=template, language=language or "ru", to_user=to_user, to_household=to_household,
        to_ticket=to_ticket,
        context=context or {}, channel=reach[0].name if reach else "",
        state=MessageState.PENDING if reach else MessageState.UNDELIVERABLE, next_attempt_at=timezone.now(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # the same event at the same moment from elsewhere
        found = Message.objects.filter(key=key).first()
        if found is None:  # another constraint (no recipient): not a duplicate, so say what it was
            raise
        return found
    if reach:
        transaction.on_commit(_kick)
    return message


def render(message: Message) -> tuple[str, str]:
    """Subject and body in the recipient's language: the template's first line, then the rest."""
    context = dict(message.context)
    if "link" in context:
        context["link"] = links.make(context["link"], context)
    with translation.override(message.language):
        text = render_to_string(f"notify/{message.template}.txt", context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _claim(pk: int, now: dt.datetime) -> Message | None:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("to_user", "to_household", "to_ticket")
            .filter(pk=pk, state=MessageState.PENDING)
            .first()
        )
        if message is None:
            return None
        message.state = MessageState.SENDING
        message.attempts += 1
        message.claimed_at = now
        message.save(update_fields=["state", "attempts", "claimed_at"])
    return message


def send_one(message: Message, now: dt.datetime) -> bool:
    # Every outcome is written only while the message is still this sender's: one given
    # up as interrupted meanwhile (a send that hung past INTERRUPTED_AFTER) stays failed,
    # so a late error cannot put it back in the queue to be sent a second time.
    mine = Message.objects.filter(pk=message.pk, state=MessageState.SENDING, attempts=message.attempts)
    try:
        channel = channels.CHANNELS.get(message.channel)
        address = (
            channel.address(user=message.to_user, household=message.to_household or message.to_ticket)
            if channel
            else None
        )
        if channel is None or not address:
            mine.update(state=MessageState.UNDELIVERABLE)
            return False
        subject, body = render(message)
        channel.send(address=address, subject=subject, body=body)
    except links.Gone:  # what it was about was erased meanwhile: nothing left to tell
        mine.update(state=MessageState.UNDELIVERABLE, last_error="Gone")
        return False
    except Exception as exc:
        logger.warning("message %s: attempt %s failed: %s", message.public_id, message.attempts, type(exc).__name__)
        state = MessageState.FAILED if message.attempts >= MAX_ATTEMPTS else MessageState.PENDING
        mine.update(state=state, last_error=type(exc).__name__[:200], next_attempt_at=now + backoff(message.attempts))
        return False
    mine.update(state=MessageState.SENT, sent_at=timezone.now(), last_error="")
    return True


def send_due(*, now: dt.datetime | None = None, limit: int = BATCH) -> int:
    """Send the pending messages whose time has come; how many were sent. Safe to run twice at once."""
    now = now or timezone.now()
    due = list(
        Message.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        message = _claim(pk, now)
        if message is not None and send_one(message, now):
            sent += 1
    return sent


# A message still "sending" this long after it was taken was interrupted mid-send.
INTERRUPTED_AFTER = dt.timedelta(minutes=10)


def give_up_interrupted(*, now: dt.datetime | None = None) -> int:
    """Mark as failed the messages whose sender died between taking and recording them; how many.

    They are never sent again: the channel may have delivered them before the crash,
    and a message twice (a second "you have a place") is worse than a failed one that
    a coordinator sees on the household's page.
    """
    now = now or timezone.now()
    stuck = Q(claimed_at__lt=now - INTERRUPTED_AFTER) | Q(claimed_at__isnull=True)  # null: taken before it was kept
    return Message.objects.filter(stuck, state=MessageState.SENDING).update(
        state=MessageState.FAILED, last_error="Interrupted"
    )
