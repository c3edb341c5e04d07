"""The outbox: one row per event, sent once, retried with backoff, never twice after a
crash, written with the change it reports (or not at all)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import Region, User
from haven.notify import channels, services
from haven.notify.models import Message, MessageState
from haven.notify.tests.helpers import family, fresh, tell_guest, tell_host

# --- 1. once per event -------------------------------------------------------------------------


def test_a_second_enqueue_of_the_same_event_returns_the_first_message(host: User) -> None:
    first = tell_host(host)
    second = services.enqueue(
        key=first.key, template="stay_booked_host", language="en", to_user=host, context={"link": "host-stay"}
    )
    assert second.pk == first.pk
    assert second.template == "stay_cancelled_host"
    assert Message.objects.count() == 1
    assert services.send_due(now=timezone.now()) == 1
    assert len(mail.outbox) == 1


# --- 2. no way to reach the recipient ----------------------------------------------------------


def test_a_household_without_email_is_undeliverable_and_nothing_is_sent(almaty: Region) -> None:
    household = family(almaty, email="", contact_telegram="@alexei_k")
    message = tell_guest(household)
    assert fresh(message).state == MessageState.UNDELIVERABLE
    assert message.channel == ""
    assert services.send_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert mail.outbox == []
    assert fresh(message).state == MessageState.UNDELIVERABLE
    assert message.attempts == 0


def test_an_inactive_account_is_undeliverable(host: User) -> None:
    host.is_active = False
    host.save()
    message = tell_host(host)
    assert fresh(message).state == MessageState.UNDELIVERABLE
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []


def test_an_address_removed_before_sending_makes_the_message_undeliverable(almaty: Region) -> None:
    household = family(almaty)
    message = tell_guest(household)
    assert message.state == MessageState.PENDING
    household.contact_email = ""
    household.save()
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []
    assert fresh(message).state == MessageState.UNDELIVERABLE


def test_the_row_names_the_recipient_never_an_address(almaty: Region, host: User) -> None:
    tell_host(host)
    tell_guest(family(almaty))
    for message in Message.objects.all():
        stored = json.dumps([message.key, message.context, message.template, message.last_error])
        assert "@" not in stored
        assert "Алексей" not in stored


# --- 3. sent once ------------------------------------------------------------------------------


def test_send_due_sends_a_pending_message_once(host: User) -> None:
    message = tell_host(host)
    assert message.state == MessageState.PENDING
    assert services.send_due(now=timezone.now()) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["almira@example.org"]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
    message = fresh(message)
    assert message.state == MessageState.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.last_error == ""
    assert services.send_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert fresh(message).attempts == 1


def test_a_message_is_not_sent_before_its_time(host: User) -> None:
    message = tell_host(host)
    assert message.next_attempt_at is not None
    assert services.send_due(now=message.next_attempt_at - dt.timedelta(seconds=1)) == 0
    assert mail.outbox == []
    assert fresh(message).state == MessageState.PENDING


def test_send_due_takes_at_most_limit_messages_a_run(host: User) -> None:
    for n in range(3):
        tell_host(host, key=f"test:{n}")
    assert services.send_due(now=timezone.now(), limit=2) == 2
    assert services.send_due(now=timezone.now(), limit=2) == 1
    assert len(mail.outbox) == 3
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}


# --- 5. failures: retried with backoff, then failed --------------------------------------------


def test_backoff_grows_fourfold_from_a_minute() -> None:
    assert [services.backoff(n) for n in range(1, 5)] == [dt.timedelta(minutes=m) for m in (1, 4, 16, 64)]
    assert services.backoff(0) == dt.timedelta(minutes=1)


def test_a_channel_error_puts_the_message_back_with_a_later_attempt(host: User, refusing_channel: list[str]) -> None:
    message = tell_host(host)
    now = timezone.now()
    assert services.send_due(now=now) == 0
    assert refusing_channel == ["almira@example.org"]
    message = fresh(message)
    assert message.state == MessageState.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at == now + services.backoff(1)
    assert message.next_attempt_at > now
    assert message.last_error == "ConnectionRefusedError"  # the class only, not the text with the address
    assert message.sent_at is None
    # Not tried again before its time.
    assert services.send_due(now=now + services.backoff(1) - dt.timedelta(seconds=1)) == 0
    assert len(refusing_channel) == 1
    assert fresh(message).attempts == 1
    assert mail.outbox == []


def test_after_max_attempts_a_message_fails_for_good(host: User, refusing_channel: list[str]) -> None:
    message = tell_host(host)
    now = timezone.now()
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        assert services.send_due(now=now) == 0
        message = fresh(message)
        assert message.attempts == attempt
        assert message.next_attempt_at == now + services.backoff(attempt)
        now = message.next_attempt_at
        expected = MessageState.FAILED if attempt == services.MAX_ATTEMPTS else MessageState.PENDING
        assert message.state == expected
    assert len(refusing_channel) == services.MAX_ATTEMPTS
    assert services.send_due(now=now + dt.timedelta(days=365)) == 0
    assert len(refusing_channel) == services.MAX_ATTEMPTS
    assert mail.outbox == []


def test_a_message_that_failed_once_is_sent_on_its_next_attempt(host: User, monkeypatch: pytest.MonkeyPatch) -> None:
    real_send = channels.EmailChannel.send

    def refuse(self: channels.EmailChannel, *, address: str, subject: str, body: str) -> None:
        raise TimeoutError(address)

    monkeypatch.setattr(channels.EmailChannel, "send", refuse)
    message = tell_host(host)
    now = timezone.now()
    assert services.send_due(now=now) == 0
    monkeypatch.setattr(channels.EmailChannel, "send", real_send)
    assert services.send_due(now=now + services.backoff(1)) == 1
    message = fresh(message)
    assert message.state == MessageState.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(mail.outbox) == 1


def test_one_failing_message_does_not_stop_the_others(
    almaty: Region, host: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_send = channels.EmailChannel.send

    def refuse_almira(self: channels.EmailChannel, *, address: str, subject: str, body: str) -> None:
        if address == "almira@example.org":
            raise ConnectionResetError
        real_send(self, address=address, subject=subject, body=body)

    monkeypatch.setattr(channels.EmailChannel, "send", refuse_almira)
    to_host = tell_host(host)
    to_guest = tell_guest(family(almaty))
    assert services.send_due(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [["alexei@example.org"]]
    assert fresh(to_host).state == MessageState.PENDING
    assert fresh(to_guest).state == MessageState.SENT


# --- 6. never twice: a message left "sending" stays there ---------------------------------------


def test_a_message_left_sending_by_a_crash_is_never_resent(host: User) -> None:
    message = tell_host(host)
    Message.objects.filter(pk=message.pk).update(state=MessageState.SENDING, attempts=1)
    assert services.send_due(now=timezone.now() + dt.timedelta(days=30)) == 0
    assert mail.outbox == []
    message = fresh(message)
    assert message.state == MessageState.SENDING
    assert message.attempts == 1


def test_a_message_interrupted_mid_send_is_failed_for_a_coordinator_to_see_and_never_resent(host: User) -> None:
    message = tell_host(host)
    claimed = services._claim(message.pk, timezone.now())
    assert claimed is not None  # ... and the sender died here, before recording the send
    assert services.give_up_interrupted(now=timezone.now()) == 0  # it may still be sending
    later = timezone.now() + services.INTERRUPTED_AFTER + dt.timedelta(seconds=1)
    assert services.give_up_interrupted(now=later) == 1
    message = fresh(message)
    assert (message.state, message.last_error, message.attempts) == (MessageState.FAILED, "Interrupted", 1)
    assert services.send_due(now=later + dt.timedelta(days=30)) == 0
    assert mail.outbox == []


def test_a_send_that_fails_late_after_it_was_given_up_does_not_queue_it_again(
    host: User, refusing_channel: list[str]
) -> None:
    message = tell_host(host)
    claimed = services._claim(message.pk, timezone.now())
    assert claimed is not None
    later = timezone.now() + services.INTERRUPTED_AFTER + dt.timedelta(seconds=1)
    assert services.give_up_interrupted(now=later) == 1  # the send hung past the limit
    assert services.send_one(claimed, later) is False  # ... and then failed
    assert refusing_channel == ["almira@example.org"]
    assert fresh(message).state == MessageState.FAILED  # not pending: it may have gone out
    assert services.send_due(now=later + dt.timedelta(days=30)) == 0


def test_a_message_already_claimed_elsewhere_is_skipped(host: User) -> None:
    message = tell_host(host)
    claimed = services._claim(message.pk, timezone.now())
    assert claimed is not None
    assert claimed.state == MessageState.SENDING
    assert services._claim(message.pk, timezone.now()) is None
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []


# --- 9. the transactional outbox ---------------------------------------------------------------


def a_change_that_fails(host: User) -> None:
    with transaction.atomic():
        tell_host(host)
        raise RuntimeError("the change failed")


def test_a_rolled_back_change_leaves_no_message(host: User) -> None:
    with pytest.raises(RuntimeError):
        a_change_that_fails(host)
    assert not Message.objects.exists()
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []


def test_sending_starts_after_the_commit(host: User, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = tell_host(host)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert fresh(message).state == MessageState.SENT  # the immediate task backend sent it
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_starts_no_sending(
    host: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        a_change_that_fails(host)
    assert callbacks == []
    assert mail.outbox == []


# --- the clock ---------------------------------------------------------------------------------


def test_tick_sends_the_pending_messages(almaty: Region, host: User) -> None:
    to_host = tell_host(host)
    to_guest = tell_guest(family(almaty))
    out = StringIO()
    call_command("tick", stdout=out)
    assert "sent 2" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["alexei@example.org", "almira@example.org"]
    assert fresh(to_host).state == fresh(to_guest).state == MessageState.SENT
    call_command("tick", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_a_message_without_a_recipient_is_refused_with_the_integrity_error(db: Any) -> None:
    with pytest.raises(IntegrityError):
        services.enqueue(key="test:nobody", template="stay_cancelled_host", language="ru")
    assert not Message.objects.exists()


def test_a_concurrent_enqueue_of_the_same_event_returns_the_other_message(
    host: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row written elsewhere between the look-up and the insert is the one returned."""
    other = tell_host(host)
    real_filter = Message.objects.filter
    looked: list[bool] = []

    def first_look_misses(*args: Any, **kwargs: Any) -> Any:
        found = real_filter(*args, **kwargs)
        if not looked:
            looked.append(True)
            return found.none()
        return found

    monkeypatch.setattr(Message.objects, "filter", first_look_misses)
    again = services.enqueue(
        key=other.key, template="stay_cancelled_host", language="ru", to_user=host, context={"link": "host-stay"}
    )
    assert again.pk == other.pk
    assert Message.objects.count() == 1
