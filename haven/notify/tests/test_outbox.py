"""The outbox: one row per event, sent once, retried with backoff, in the recipient's
language, with signed absolute links and no contact of anyone in the text or the row."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from haven.accounts.models import Region, User
from haven.notify import channels, links, services
from haven.notify.models import Message, MessageState
from haven.registry.models import Household
from haven.registry.services import erase_household, register_household
from haven.stays.models import Stay
from haven.stays.tests.helpers import a_household, an_offer, proposed

TEST_TEMPLATES = Path(__file__).parent / "templates"


def family(region: Region, *, email: str = "alexei@example.org", **fields: Any) -> Household:
    today = timezone.localdate()
    fields = {"contact_email": email, "languages": ["ru"], **fields}
    return register_household(
        alias="Алексей", region=region, needed_from=today, needed_until=today + dt.timedelta(days=3),
        adults=1, children=0, **fields,
    ).household  # fmt: skip


@pytest.fixture(autouse=True)
def _links_to_made_up_stays() -> None:
    """The stays' link makers refuse a stay that is not there (links.Gone); these tests
    speak of made-up stays, through links of the same shape that do not look."""
    from django.urls import reverse

    from haven.stays.links import token_for

    links.register("test-host-stay", lambda c: reverse("stays:host-stay", kwargs={"public_id": c["stay"]}))
    links.register(
        "test-guest-stay", lambda c: reverse("stays:guest-link", kwargs={"token": token_for(c["stay"], c["nonce"])})
    )


def tell_host(host: User, *, key: str = "test:cancelled:host", language: str = "ru") -> Message:
    return services.enqueue(
        key=key, template="stay_cancelled_host", language=language, to_user=host,
        context={"stay": str(uuid.uuid4()), "link": "test-host-stay"},
    )  # fmt: skip


def tell_guest(household: Household, *, key: str = "test:proposed:guest", language: str = "ru") -> Message:
    return services.enqueue(
        key=key, template="stay_proposed_guest", language=language, to_household=household,
        context={"stay": str(uuid.uuid4()), "link": "test-guest-stay", "nonce": "n-" + uuid.uuid4().hex},
    )  # fmt: skip


def fresh(message: Message) -> Message:
    message.refresh_from_db()
    return message


def links_in(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if "://" in line]


@pytest.fixture
def refusing_channel(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The e-mail channel raises, with the recipient's address in the error's text."""
    tried: list[str] = []

    def refuse(self: channels.EmailChannel, *, address: str, subject: str, body: str) -> None:
        tried.append(address)
        raise ConnectionRefusedError(f"smtp refused {address}")

    monkeypatch.setattr(channels.EmailChannel, "send", refuse)
    return tried


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


# --- 4. the recipient's language ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_message_is_written_in_its_language(host: User, language: str) -> None:
    tell_host(host, language=language)
    assert services.send_due(now=timezone.now()) == 1
    with translation.override(language):
        subject = gettext("Haven: a stay was cancelled")
        text = gettext("A stay at your place was cancelled; the beds are free again.")
    (sent,) = mail.outbox
    assert sent.subject == subject
    assert sent.body.startswith(text + "\n")


@pytest.fixture
def translated_template(settings: Any) -> None:
    """notify/test_translated.txt: a template made of strings that the catalogues translate."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.mark.usefixtures("translated_template")
def test_the_same_message_differs_between_languages_and_the_senders_language_is_left_alone(host: User) -> None:
    for language in ["ru", "kk", "en"]:
        services.enqueue(
            key=f"test:{language}", template="test_translated", language=language, to_user=host,
            context={"stay": str(uuid.uuid4()), "link": "test-host-stay"},
        )  # fmt: skip
    with translation.override("en"):
        assert services.send_due(now=timezone.now()) == 3
        assert translation.get_language() == "en"
    subjects = [m.subject for m in mail.outbox]
    expected = []
    for language in ["ru", "kk", "en"]:
        with translation.override(language):
            expected.append(gettext("Save"))
    assert subjects == expected
    assert len(set(subjects)) == 3  # "Сохранить", "Сақтау", "Save"


def test_an_empty_language_means_russian(host: User) -> None:
    assert tell_host(host, language="").language == "ru"


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


def test_a_message_already_claimed_elsewhere_is_skipped(host: User) -> None:
    message = tell_host(host)
    claimed = services._claim(message.pk, timezone.now())
    assert claimed is not None
    assert claimed.state == MessageState.SENDING
    assert services._claim(message.pk, timezone.now()) is None
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []


# --- 7. rendering: absolute signed links, no contacts ------------------------------------------


def test_the_body_links_to_the_site_with_an_absolute_address(host: User) -> None:
    message = tell_host(host, language="en")
    subject, body = services.render(message)
    assert subject == "Haven: a stay was cancelled"
    (link,) = links_in(body)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/")
    assert link.endswith(f"/host/stays/{message.context['stay']}/")
    assert services.send_due(now=timezone.now()) == 1
    assert link in mail.outbox[0].body


def test_a_site_url_with_a_trailing_slash_gives_no_double_slash(host: User, settings: Any) -> None:
    settings.SITE_URL = "https://haven.example.org/"
    (link,) = links_in(services.render(tell_host(host))[1])
    assert link.startswith("https://haven.example.org/host/stays/")


@pytest.fixture
def a_stay(almaty: Region, host: User, coordinator: User) -> Stay:
    """A real proposal: the stays service wrote one message to the host and one to the guest."""
    return proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)


def sent_to(address: str) -> tuple[str, str]:
    """The subject and body of the one e-mail sent to ``address``."""
    (found,) = [m for m in mail.outbox if m.to == [address]]
    return str(found.subject), str(found.body)


def test_a_guest_link_message_carries_no_address_no_contact_and_no_alias(a_stay: Stay) -> None:
    guest = Message.objects.get(to_household=a_stay.household)
    assert guest.template == "stay_proposed_guest"
    assert guest.context["link"] == "guest-stay"
    assert services.send_due(now=timezone.now()) == 2
    subject, body = sent_to("alexei@example.org")
    (link,) = links_in(body)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/stays/link/")
    text = subject + "\n" + body
    for secret in ["Абая", "кв. 5", "alexei@example.org", "almira@example.org", "Алексей", "Almira"]:
        assert secret not in text
    assert "&#" not in text
    assert "&amp;" not in text
    assert str(a_stay.public_id) not in link  # the stay is named inside the signed token only


def test_the_guest_link_in_the_message_opens_the_stay(a_stay: Stay) -> None:
    services.send_due(now=timezone.now())
    (link,) = links_in(sent_to("alexei@example.org")[1])
    path = link.removeprefix(settings.SITE_URL.rstrip("/"))
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/my/stays/{a_stay.public_id}/")


def test_the_host_message_of_a_stay_names_neither_the_guest_nor_the_address(a_stay: Stay) -> None:
    services.send_due(now=timezone.now())
    subject, body = sent_to("almira@example.org")
    with translation.override("ru"):  # Almira's language: she has not logged in, Russian by default
        assert subject == gettext("Haven: a group asks to stay at your place")
    assert subject != "Haven: a group asks to stay at your place"
    (link,) = links_in(body)
    assert link == settings.SITE_URL.rstrip("/") + f"/host/stays/{a_stay.public_id}/"
    text = subject + "\n" + body
    for secret in ["Абая", "alexei@example.org", "Алексей"]:
        assert secret not in text


# --- 8. erasure --------------------------------------------------------------------------------


def test_an_erased_household_takes_its_pending_messages_with_it(a_stay: Stay) -> None:
    household = a_stay.household
    assert Message.objects.filter(to_household=household, state=MessageState.PENDING).count() == 1
    erase_household(household)
    assert not Message.objects.filter(to_household__isnull=False).exists()
    # The host's message was about a stay erased with the household: nothing is sent.
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []
    assert Message.objects.get().state == MessageState.UNDELIVERABLE


def test_erasure_also_takes_a_message_already_sent(almaty: Region) -> None:
    household = family(almaty)
    tell_guest(household)
    services.send_due(now=timezone.now())
    erase_household(household)
    assert not Message.objects.exists()


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
