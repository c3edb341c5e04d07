"""A newcomer registers through the bot: the web form's checks, the same service and case code."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from haven.bot.models import Chat
from haven.bot.tests.conftest import Phone
from haven.registry.models import Household
from haven.registry.selectors import household_by_code

pytestmark = pytest.mark.django_db


def _date(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


def _start_in_russian(phone: Phone) -> None:
    answer = phone.say("/start")
    assert [label for label, _ in answer[-1].buttons] == ["Русский", "Қазақша", "English"]
    phone.press("lang:ru")


def _answer_all(phone: Phone, almaty: Any, *, adults: str = "2") -> list[Any]:
    phone.say("/register")
    phone.say("Алексей")
    phone.say(adults)
    asked = phone.say("0")
    assert ("Almaty", f"rg:{almaty.slug}") in asked[-1].buttons
    phone.press(f"rg:{almaty.slug}")
    phone.say(_date(0))
    return phone.say(_date(3))


def test_a_newcomer_registers_in_russian_and_gets_a_case_code_that_finds_his_household(alexei: Phone, almaty: Any):
    _start_in_russian(alexei)
    answer = _answer_all(alexei, almaty)

    text = answer[-1].text
    assert "Ваш код заявки" in text
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", text)
    assert code is not None
    household = household_by_code(code.group(0))
    assert household is not None
    assert (household.alias, household.adults, household.children, household.region) == ("Алексей", 2, 0, almaty)
    assert household.needed_until - household.needed_from == dt.timedelta(days=3)
    assert household.language == "ru"
    assert household.languages == ["ru"]
    chat = Chat.objects.get(chat_id=alexei.chat_id)
    assert chat.household == household
    assert chat.step == ""
    assert chat.draft == {}
    # Every message went out as HTML that Telegram can read, in this chat only.
    assert {c.params["parse_mode"] for c in alexei.api.sent(chat_id=alexei.chat_id)} == {"HTML"}


def test_zero_adults_is_answered_with_the_forms_message_in_russian_and_asked_again(alexei: Phone, almaty: Any):
    _start_in_russian(alexei)
    alexei.say("/register")
    alexei.say("Алексей")
    answer = alexei.say("0")

    assert answer[0].text == "В группе должен быть хотя бы один взрослый."
    assert Chat.objects.get(chat_id=alexei.chat_id).step == "reg:adults"  # asked again
    assert Household.objects.count() == 0


def test_a_first_night_in_the_past_is_refused_with_the_forms_message_and_nothing_is_saved(alexei: Phone, almaty: Any):
    _start_in_russian(alexei)
    alexei.say("/register")
    alexei.say("Алексей")
    alexei.say("1")
    alexei.say("0")
    alexei.press(f"rg:{almaty.slug}")
    answer = alexei.say(_date(-10))

    assert answer[0].text == "Первая ночь не может быть в прошлом."
    assert Chat.objects.get(chat_id=alexei.chat_id).step == "reg:needed_from"
    assert Household.objects.count() == 0


def test_a_leaving_day_before_the_first_night_is_refused_in_english_for_an_english_chat(alexei: Phone, almaty: Any):
    alexei.say("/start")
    alexei.press("lang:en")
    alexei.say("/register")
    for text in ["Alex", "1", "0"]:
        alexei.say(text)
    alexei.press(f"rg:{almaty.slug}")
    alexei.say(_date(2))
    answer = alexei.say(_date(1))

    assert answer[0].text == "The day you leave must be after the first night."
    assert Household.objects.count() == 0


def test_cancel_stops_the_dialogue_and_forgets_the_answers(alexei: Phone, almaty: Any):
    _start_in_russian(alexei)
    alexei.say("/register")
    alexei.say("Алексей")
    alexei.say("/cancel")

    chat = Chat.objects.get(chat_id=alexei.chat_id)
    assert (chat.step, chat.draft) == ("", {})
    assert Household.objects.count() == 0


def test_a_kazakh_chat_gets_the_forms_message_in_kazakh(alexei: Phone, almaty: Any):
    alexei.say("/start")
    alexei.press("lang:kk")
    alexei.say("/register")
    alexei.say("Әлихан")

    answer = alexei.say("0")

    assert answer[0].text == "Топта кемінде бір ересек болуы керек."
    assert Household.objects.count() == 0


def test_a_registration_sent_twice_by_telegram_registers_one_household(alexei: Phone, almaty: Any):
    from haven.bot.tests.fake_api import private_text

    _start_in_russian(alexei)
    alexei.say("/register")
    for text in ["Алексей", "1", "0"]:
        alexei.say(text)
    alexei.press(f"rg:{almaty.slug}")
    alexei.say(_date(0))
    last = private_text(alexei.chat_id, _date(2))

    assert alexei.post(last) == 200
    assert alexei.post(last) == 200

    assert Household.objects.count() == 1
