"""The webhook's door: only Telegram (its secret) gets in; groups are told to write in private."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from haven.bot.models import Chat
from haven.bot.tests.conftest import SECRET, Phone
from haven.bot.tests.fake_api import FakeBotApi, button, group_text, private_text
from haven.registry.services import register_household
from haven.stays.models import StayState
from haven.stays.tests.helpers import a_household, an_offer, booked, day, proposed

pytestmark = pytest.mark.django_db

GROUP = -100200300


def _post(body: Any, **headers: str) -> int:
    return Client().post("/bot/webhook/", body, content_type="application/json", headers=headers).status_code


def test_a_forged_or_missing_secret_is_refused_and_nothing_changes(fake_api: FakeBotApi, almaty: Any):
    update = private_text(5001, "/register")

    assert _post(update, **{"X-Telegram-Bot-Api-Secret-Token": "guessed"}) == 403
    assert _post(update, **{"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]}) == 403
    assert _post(update) == 403

    assert not Chat.objects.exists()
    assert fake_api.calls == []


def test_without_a_secret_configured_the_webhook_is_shut(fake_api: FakeBotApi, settings: Any):
    settings.HAVEN_TELEGRAM_WEBHOOK_SECRET = ""

    assert _post(private_text(5001, "/start"), **{"X-Telegram-Bot-Api-Secret-Token": ""}) == 403
    assert not Chat.objects.exists()


def test_the_webhook_takes_only_posts(fake_api: FakeBotApi):
    assert Client().get("/bot/webhook/").status_code == 405


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"update_id": "x", "message": 5}'])
def test_a_malformed_update_is_refused_clearly_and_changes_nothing(fake_api: FakeBotApi, body: str):
    status = _post(body, **{"X-Telegram-Bot-Api-Secret-Token": SECRET})

    assert status == 400
    assert not Chat.objects.exists()


def test_an_oversize_body_is_refused(fake_api: FakeBotApi):
    update = private_text(5001, "x" * 300_000)
    assert _post(update, **{"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 413
    assert not Chat.objects.exists()


def test_a_group_is_told_to_write_in_private_and_never_gets_a_request_code_or_address(
    fake_api: FakeBotApi, almaty: Any, host: Any, coordinator: Any
):
    registration = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty, needed_from=day(0),
        needed_until=day(3), contact_telegram="@alexei_k", contact_phone="+7 701 123 45 67",
    )  # fmt: skip
    booked(registration.household, an_offer(almaty, host), by=coordinator, host=host)
    group = Phone(fake_api, GROUP)

    for text in ["/start", f"/status {registration.code}", "/register", "/queue", "/clock"]:
        assert group.post(group_text(GROUP, text)) == 200
    assert group.post(group_text(GROUP, registration.code)) == 200  # talk in the group: not for the bot
    assert group.post(button(GROUP, "lang:ru", chat_type="group")) == 200

    said = fake_api.sent(chat_id=GROUP)
    assert len(said) == 5
    assert len({c.text for c in said}) == 1
    assert "личный чат" in said[0].text  # "write to me in a private chat"
    everything = " ".join(str(c.params) for c in fake_api.calls)
    for secret in ["Абая", "@alexei_k", "701 123", registration.code, "Алексей", "almira@example.org"]:
        assert secret not in everything
    assert not Chat.objects.exists()
    assert not Chat.objects.filter(household=registration.household).exists()


def test_a_private_chat_s_status_shows_the_stay_but_never_the_address_or_a_contact(
    alexei: Phone, almaty: Any, host: Any, coordinator: Any
):
    registration = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty, needed_from=day(0),
        needed_until=day(3), contact_phone="+7 701 123 45 67",
    )  # fmt: skip
    stay = booked(registration.household, an_offer(almaty, host), by=coordinator, host=host)
    assert stay.state == StayState.BOOKED
    alexei.say("/start")

    answer = alexei.say(registration.code.lower())

    assert Chat.objects.get(chat_id=alexei.chat_id).household == registration.household
    assert len(answer) == 2
    assert answer[1].text.startswith("Подтверждено: ")
    everything = " ".join(c.text for c in answer)
    for secret in ["Абая", "701 123", "almira@example.org", "Almira"]:
        assert secret not in everything


def test_a_wrong_code_finds_nothing_and_links_nothing(alexei: Phone, almaty: Any):
    a_household(almaty)
    alexei.say("/start")
    alexei.press("lang:ru")

    answer = alexei.say("/status ZZZZ-ZZZZ")

    assert answer[0].text == "Заявки с таким кодом нет. Проверьте код и попробуйте ещё раз."
    assert Chat.objects.get(chat_id=alexei.chat_id).household is None


def test_code_lookups_are_rate_limited_per_chat(alexei: Phone, almaty: Any, settings: Any):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "code-lookup": "2/600"}
    registration = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty, needed_from=day(0),
        needed_until=day(3),
    )  # fmt: skip
    alexei.say("/status ZZZZ-ZZZZ")
    alexei.say("/status ZZZZ-ZZZY")

    alexei.say(f"/status {registration.code}")

    assert Chat.objects.get(chat_id=alexei.chat_id).household is None


def test_polling_answers_the_updates_waiting_at_the_api(fake_api: FakeBotApi, almaty: Any):
    fake_api.updates.append(private_text(5005, "/start"))

    call_command("telegram_poll", "--once", "--timeout", "0")

    assert [c.method for c in fake_api.calls if c.method != "getMe"][:2] == ["deleteWebhook", "getUpdates"]
    assert "Haven" in fake_api.last(5005).text
    assert Chat.objects.filter(chat_id=5005).exists()


def test_the_webhook_command_gives_telegram_the_address_and_the_secret(fake_api: FakeBotApi, settings: Any):
    settings.SITE_URL = "https://haven.example.org"

    call_command("telegram_webhook")

    (call,) = fake_api.sent("setWebhook")
    assert (call.params["url"], call.params["secret_token"]) == ("https://haven.example.org/bot/webhook/", SECRET)


def test_a_household_registered_elsewhere_is_not_reached_in_telegram_until_its_chat_is_linked(
    fake_api: FakeBotApi, almaty: Any, host: Any, coordinator: Any
):
    household = a_household(almaty)
    proposed(household, an_offer(almaty, host), by=coordinator)
    from haven.notify.models import Message

    assert Message.objects.get(to_household=household).channel == "email"


def test_updates_out_of_order_are_each_answered_and_a_repeat_is_not(alexei: Phone, fake_api: FakeBotApi):
    # Found in review: two webhook connections may deliver a later update first.
    later, earlier = private_text(5001, "/help"), private_text(5001, "/help")
    later["update_id"], earlier["update_id"] = 20_001, 20_000
    before = len(fake_api.sent(chat_id=5001))
    assert alexei.post(later) == alexei.post(earlier) == alexei.post(later) == 200
    assert len(fake_api.sent(chat_id=5001)) == before + 2


@pytest.mark.parametrize(
    "data", ["g:ok:" + "-" * 36, "g:no:" + "f" * 36, "qs:" + "9" * 5000, "qs:99999999999", "??", ""]
)
def test_a_crafted_button_is_answered_without_an_error(alexei: Phone, data: str):
    alexei.say("/start")
    assert alexei.post(button(5001, data)) == 200


def test_an_unfinished_dialogue_and_a_chat_linked_to_nothing_are_forgotten(alexei: Phone):
    import datetime as dt

    from django.utils import timezone

    from haven.bot.services import forget_idle_chats

    alexei.say("/register")
    alexei.say("Алексей")  # an alias typed, the rest never
    chat = Chat.objects.get(chat_id=5001)
    assert chat.draft
    forget_idle_chats(now=timezone.now() + dt.timedelta(days=2))
    chat.refresh_from_db()
    assert (chat.draft, chat.step) == ({}, "")
    forget_idle_chats(now=timezone.now() + dt.timedelta(days=31))
    assert not Chat.objects.filter(chat_id=5001).exists()
