"""A queue ticket and the stay clock from the chat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from haven.bot.models import Chat
from haven.bot.tests.conftest import Phone
from haven.guide.builtin import add_schengen
from haven.guide.models import RuleSet, StayRule
from haven.guide.selectors import reckon
from haven.guide.stayclock import Trip
from haven.notify import services as outbox
from haven.queues.models import Ticket
from haven.queues.tests.conftest import MORNING, Clock, make_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock(MORNING)
    monkeypatch.setattr(timezone, "now", found)
    return found


@pytest.fixture
def schengen(db: Any) -> RuleSet:
    return add_schengen(RuleSet, StayRule)


def test_a_newcomer_takes_a_ticket_in_the_chat_and_is_told_his_place(alexei: Phone, almaty: Any, clock: Clock):
    point = make_point(almaty)
    alexei.say("/start")
    alexei.press("lang:en")

    asked = alexei.say("/queue")
    assert asked[-1].buttons == [("Almaty centre", f"qp:{point.slug}")]
    alexei.press(f"qp:{point.slug}")
    services = alexei.api.last(alexei.chat_id).buttons
    registration = point.services.get(letter="R")
    assert ("R · Registration", f"qs:{registration.pk}") in services
    alexei.press(f"qs:{registration.pk}")

    ticket = Ticket.objects.get()
    assert (ticket.code, ticket.language, ticket.contact_email) == ("R-001", "en", "")
    assert Chat.objects.get(chat_id=alexei.chat_id).ticket == ticket
    told = alexei.api.last(alexei.chat_id).text
    assert "R-001" in told
    assert "0 people are ahead of you." in told


def test_a_second_ticket_in_the_same_line_is_refused_and_names_the_first(alexei: Phone, almaty: Any, clock: Clock):
    point = make_point(almaty)
    registration = point.services.get(letter="R")
    alexei.say("/start")
    alexei.press("lang:en")
    alexei.press(f"qs:{registration.pk}")

    alexei.press(f"qs:{registration.pk}")

    assert Ticket.objects.count() == 1
    assert alexei.api.last(alexei.chat_id).text == "You already have ticket R-001 in this line."


def test_the_near_turn_message_of_a_chat_s_ticket_goes_to_the_chat(alexei: Phone, almaty: Any, clock: Clock):
    point = make_point(almaty)
    alexei.say("/start")
    alexei.press(f"qs:{point.services.get(letter='R').pk}")
    ticket = Ticket.objects.get()

    outbox.enqueue(
        key="near", template="ticket_near", language="ru", to_ticket=ticket,
        context={"link": "queue-ticket", "ticket": ticket.public_id, "code": ticket.code, "ahead": 1},
    )  # fmt: skip
    outbox.send_due()

    assert "R-001" in alexei.api.last(alexei.chat_id).text


def test_the_stay_clock_answers_for_an_entry_date_in_the_chat_s_language(alexei: Phone, schengen: Any):
    alexei.say("/start")
    alexei.press("lang:en")
    asked = alexei.say("/clock")
    assert (schengen.name_en, f"cr:{schengen.slug}") in asked[-1].buttons
    alexei.press(f"cr:{schengen.slug}")
    entry = timezone.localdate() - dt.timedelta(days=9)

    answer = alexei.say(entry.strftime("%d.%m.%Y"))

    expected = reckon(rule_set=schengen, trips=[Trip(entry, None)], on=timezone.localdate()).answer
    assert f"{expected.days_left} days left, today included" in answer[0].text
    assert expected.last_legal_day is not None
    with override("en"):
        assert date_format(expected.last_legal_day, "j F Y") in answer[0].text
    assert Chat.objects.get(chat_id=alexei.chat_id).step == ""


def test_the_stay_clock_explains_a_date_it_cannot_use(alexei: Phone, schengen: Any):
    alexei.say("/start")
    alexei.press("lang:ru")
    alexei.say("/clock")
    alexei.press(f"cr:{schengen.slug}")

    not_a_date = alexei.say("вчера")
    later = alexei.say((timezone.localdate() + dt.timedelta(days=5)).strftime("%d.%m.%Y"))

    assert not_a_date[0].text == "Введите правильную дату."
    assert later[0].text.startswith("Поездка начинается ")
    assert Chat.objects.get(chat_id=alexei.chat_id).step == "clock"  # still asking


def test_a_ticket_taken_in_the_chat_is_told_there_when_its_turn_nears(alexei: Phone, almaty: Any, clock: Clock):
    # Found in review: the queue told only tickets with an e-mail; now whatever channel reaches it.
    from haven.notify.models import Message
    from haven.queues import services as queues

    point = make_point(almaty, notify_ahead=1)
    registration = point.services.get(letter="R")
    for _ in range(3):  # three ahead at the kiosk: not near yet
        queues.take_ticket(point=point, service=registration, by_kiosk=True)
    alexei.say("/start")
    alexei.press("lang:en")
    alexei.press(f"qs:{registration.pk}")
    mine = Ticket.objects.get(letter="R", number=4)
    assert not Message.objects.filter(template="ticket_near", to_ticket=mine).exists()

    counter = point.counters.get(label="1")
    queues.call_next(counter=counter, by=None)  # R-001 called: R-004 has two ahead
    queues.call_next(counter=counter, by=None)  # R-002 called: one ahead, near

    near = Message.objects.get(template="ticket_near", to_ticket=mine)
    assert near.channel == "telegram"
    outbox.send_due()
    assert "R-004" in alexei.api.last(alexei.chat_id).text
