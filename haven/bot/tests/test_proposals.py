"""Proposals reach the guest and the host in Telegram through the outbox, and are answered by button."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from haven.bot.models import Chat, HostLink
from haven.bot.tests.conftest import Phone
from haven.bot.tests.fake_api import button
from haven.notify import services as outbox
from haven.notify.models import Message, MessageState
from haven.registry.models import Household
from haven.stays.models import Stay, StayState
from haven.stays.tests.helpers import a_household, an_offer, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(almaty: Any) -> Household:
    return a_household(almaty)


@pytest.fixture
def guest_chat(alexei: Phone, guest: Household) -> Chat:
    return Chat.objects.create(chat_id=alexei.chat_id, language="ru", household=guest)


def _link_host(phone: Phone, host: Any) -> None:
    """Almira takes a one-time link on her page and sends it to the bot."""
    client = Client()
    client.force_login(host)
    page = client.post("/bot/connect/").content.decode()
    assert "https://t.me/haven_test_bot?start=" in page
    key = page.split("?start=")[1].split('"')[0]
    answer = phone.say(f"/start {key}")
    assert "учётной записи" in answer[0].text  # the chat speaks Russian: "linked to your account"


def test_a_proposal_reaches_the_guest_with_buttons_and_confirm_changes_the_stay(
    alexei: Phone, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    stay = proposed(guest, an_offer(almaty, host), by=coordinator)
    message = Message.objects.get(to_household=guest)
    assert message.channel == "telegram"  # the linked chat before the household's e-mail

    outbox.send_due()

    sent = alexei.api.last(alexei.chat_id)
    assert sent.text.startswith("<b>Haven: для вас нашлось жильё</b>")
    assert sent.buttons == [
        ("Да, приеду", f"g:ok:{stay.public_id}"),
        ("Нет, спасибо", f"g:no:{stay.public_id}"),
    ]
    assert "ул. Абая" not in sent.text  # no address before both said yes
    message.refresh_from_db()
    assert message.state == MessageState.SENT

    calls = alexei.press(f"g:ok:{stay.public_id}", message_id=1000)

    stay.refresh_from_db()
    assert stay.guest_confirmed_at is not None
    assert stay.state == StayState.PROPOSED
    edited = [c for c in calls if c.method == "editMessageText"]
    assert edited
    assert edited[0].params["message_id"] == 1000
    assert edited[0].buttons == []
    assert any(c.method == "answerCallbackQuery" for c in calls)


def test_the_guest_says_no_by_button_and_the_stay_is_cancelled(
    alexei: Phone, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    stay = proposed(guest, an_offer(almaty, host), by=coordinator)

    alexei.press(f"g:no:{stay.public_id}")

    stay.refresh_from_db()
    assert stay.state == StayState.CANCELLED


def test_a_host_links_her_chat_gets_the_proposal_and_accepts_by_button(
    almira_phone: Phone, almaty: Any, host: Any, coordinator: Any
):
    _link_host(almira_phone, host)
    assert Chat.objects.get(chat_id=almira_phone.chat_id).user == host
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)

    outbox.send_due()

    sent = almira_phone.api.last(almira_phone.chat_id)
    assert sent.buttons == [("Да, могу принять", f"h:ok:{stay.public_id}"), ("Нет, не могу", f"h:no:{stay.public_id}")]
    assert Message.objects.get(to_user=host).channel == "telegram"

    almira_phone.press(f"h:ok:{stay.public_id}")

    stay.refresh_from_db()
    assert stay.host_accepted_at is not None


def test_a_host_declines_by_button_after_choosing_a_reason(
    almira_phone: Phone, almaty: Any, host: Any, coordinator: Any
):
    _link_host(almira_phone, host)
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)

    calls = almira_phone.press(f"h:no:{stay.public_id}", message_id=1001)
    reasons = next(c for c in calls if c.method == "editMessageText").buttons
    assert ("Моё жильё уже занято", f"hr:full:{stay.public_id}") in reasons
    assert len(reasons) == 4
    stay.refresh_from_db()
    assert stay.state == StayState.PROPOSED  # nothing yet: only asked why

    almira_phone.press(f"hr:full:{stay.public_id}", message_id=1001)

    stay.refresh_from_db()
    assert (stay.state, stay.decline_reason) == (StayState.DECLINED, "full")


def test_a_host_link_works_once(almira_phone: Phone, host: Any, fake_api: Any):
    _link_host(almira_phone, host)
    key_used = HostLink.objects.get(user=host)
    assert key_used.used_at is not None
    other = Phone(fake_api, 5999)
    answer = other.say("/start not-a-key-at-all")
    assert Chat.objects.get(chat_id=5999).user is None
    assert "не работает" in answer[0].text or "does not work" in answer[0].text


def test_an_unknown_chat_pressing_a_button_is_refused_politely_and_nothing_changes(
    fake_api: Any, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    stay = proposed(guest, an_offer(almaty, host), by=coordinator)
    stranger = Phone(fake_api, 6001)

    calls = stranger.press(f"g:ok:{stay.public_id}")
    calls += stranger.press(f"h:ok:{stay.public_id}")

    stay.refresh_from_db()
    assert (stay.state, stay.guest_confirmed_at, stay.host_accepted_at) == (StayState.PROPOSED, None, None)
    assert [c.method for c in calls] == ["answerCallbackQuery", "answerCallbackQuery"]
    assert all(c.params.get("text") for c in calls)
    assert not Chat.objects.filter(chat_id=6001).exists()


def test_a_known_chat_pressing_another_households_button_changes_nothing(
    fake_api: Any, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    stay = proposed(guest, an_offer(almaty, host), by=coordinator)
    other = Phone(fake_api, 6002)
    other.say("/start")

    calls = other.press(f"g:ok:{stay.public_id}")
    calls += other.press(f"h:ok:{stay.public_id}")

    stay.refresh_from_db()
    assert (stay.guest_confirmed_at, stay.host_accepted_at) == (None, None)
    assert [c.method for c in calls] == ["answerCallbackQuery", "answerCallbackQuery"]


def test_a_sending_failure_leaves_the_message_for_the_outbox_to_try_again(
    alexei: Phone, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    proposed(guest, an_offer(almaty, host), by=coordinator)
    alexei.api.failing["sendMessage"] = 500

    outbox.send_due()

    message = Message.objects.get(to_household=guest)
    assert message.state == MessageState.PENDING
    assert message.attempts == 1
    assert message.last_error


def test_a_button_sent_again_by_telegram_is_done_once(
    alexei: Phone, guest: Household, guest_chat: Chat, almaty: Any, host: Any, coordinator: Any
):
    stay = proposed(guest, an_offer(almaty, host), by=coordinator)
    update = button(alexei.chat_id, f"g:ok:{stay.public_id}")

    assert alexei.post(update) == 200
    events = Stay.objects.get(pk=stay.pk).events.count()
    assert alexei.post(update) == 200

    assert Stay.objects.get(pk=stay.pk).events.count() == events
