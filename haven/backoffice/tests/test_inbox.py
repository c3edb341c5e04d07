"""The coordinator's inbox of unmet needs, and the one-click "still need it?"."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import logged_in
from haven.audit.models import Action, Entry
from haven.notify.models import Message, MessageState
from haven.notify.services import render
from haven.registry.models import Household, Status
from haven.stays.tests.helpers import a_household, an_offer, booked, day


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def aliases(page: Any) -> list[str]:
    return re.findall(r'href="/coord/households/[0-9a-f-]+/">([^<]+)</a>', page.text)


def test_the_most_urgent_come_first_and_placed_groups_are_not_there(english, almaty, host, coordinator):
    a_household(almaty, "Позже", start=3)
    later_priority = a_household(almaty, "Позже-приоритет", start=3)
    later_priority.priority = True
    later_priority.save()
    a_household(almaty, "Сегодня")
    placed = a_household(almaty, "Размещён")
    booked(placed, an_offer(almaty, host), by=coordinator, host=host, end=5)
    page = english.get("/coord/inbox/")
    assert page.status_code == 200
    assert aliases(page) == ["Сегодня", "Позже-приоритет", "Позже"]
    assert "tonight" in page.text


def test_a_group_whose_stay_ends_before_its_need_is_back_once_the_stay_is_over(english, almaty, host, coordinator):
    household = a_household(almaty, "Сергей", nights=8)
    booked(household, an_offer(almaty, host), by=coordinator, host=host, end=2)
    assert "Сергей" not in english.get("/coord/inbox/").text  # tonight is covered
    # Cancelled stays do not cover anything.
    from haven.stays.models import Stay

    Stay.objects.update(state="cancelled")
    assert "Сергей" in english.get("/coord/inbox/").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pets=on", ["С кошкой"]),
        ("people=3", ["Семья"]),
        ("women_only=on", ["Айгуль"]),
        ("step_free=on", []),
        (f"night={day(5).isoformat()}", ["Долго"]),
        ("district=medeu", ["В Медеу"]),
    ],
)
def test_each_filter_narrows_the_list(english, almaty, query, expected):
    a_household(almaty, "С кошкой", pets=True, nights=2)
    a_household(almaty, "Семья", adults=2, children=1, nights=2)
    a_household(almaty, "Айгуль", women_only=True, nights=2)
    a_household(almaty, "Долго", nights=9)
    a_household(almaty, "В Медеу", district=almaty.districts.get(slug="medeu"), nights=2)
    assert aliases(english.get(f"/coord/inbox/?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    ["night=yesterday", "people=-4", "people=" + "9" * 50, "region=bishkek", "district=" + "x" * 500, "page=zz"],
)
def test_bad_filters_give_a_page_not_an_error(english, almaty, query):
    a_household(almaty, "Алексей")
    page = english.get(f"/coord/inbox/?{query}")
    assert page.status_code == 200


def test_the_inbox_costs_the_same_queries_for_five_groups_or_forty(english, almaty):
    for n in range(5):
        a_household(almaty, f"Группа {n}")
    with CaptureQueriesContext(connection) as few:
        english.get("/coord/inbox/")
    for n in range(35):
        a_household(almaty, f"Ещё {n}")
    with CaptureQueriesContext(connection) as many:
        english.get("/coord/inbox/")
    assert len(many) == len(few)


def test_a_stale_group_is_marked_and_asked_in_one_click(english, almaty, coordinator):
    household = a_household(almaty, "Тимур")
    Household.objects.filter(pk=household.pk).update(last_seen_at=timezone.now() - dt.timedelta(days=4))
    page = english.get("/coord/inbox/?stale=on")
    assert aliases(page) == ["Тимур"]
    assert "not heard from for 4" in page.text
    answer = english.post(
        f"/coord/households/{household.public_id}/still-needed/", {"next": "/coord/inbox/"}, follow=True
    )
    assert answer.redirect_chain[-1][0] == "/coord/inbox/"
    assert "Asked." in answer.text
    message = Message.objects.get(template="still_needed")
    assert message.state == MessageState.PENDING
    entry = Entry.objects.get(action=Action.ASKED_STILL_NEEDED)
    assert (entry.actor, entry.subject_id) == (coordinator, str(household.public_id))
    english.post(f"/coord/households/{household.public_id}/still-needed/")  # twice the same day: one message
    assert Message.objects.filter(template="still_needed").count() == 1


def test_a_group_without_e_mail_cannot_be_asked_and_she_is_told(english, almaty):
    household = a_household(almaty, "Тимур", contact_email="", contact_telegram="@timur")
    answer = english.post(f"/coord/households/{household.public_id}/still-needed/", follow=True)
    assert "No message can reach this group" in answer.text


def still_link(household: Household) -> str:
    message = Message.objects.filter(template="still_needed", to_household=household).latest("created_at")
    _, body = render(message)
    match = re.search(r"https?://[^/\s]+(/my/still/\S+)", body)
    assert match, body
    return match.group(1)


@pytest.mark.parametrize(("answer", "status"), [("yes", Status.OPEN), ("no", Status.WITHDRAWN)])
def test_the_group_answers_with_one_press_and_the_link_works_once(english, almaty, answer, status):
    household = a_household(almaty, "Тимур")
    Household.objects.filter(pk=household.pk).update(last_seen_at=timezone.now() - dt.timedelta(days=4))
    english.post(f"/coord/households/{household.public_id}/still-needed/")
    link = still_link(household)
    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert phone.get(link).status_code == 200  # looking uses nothing up
    assert phone.post(link, {"answer": "maybe"}).status_code == 400
    response = phone.post(link, {"answer": answer})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == status
    assert household.last_seen_at > timezone.now() - dt.timedelta(minutes=1)
    assert Client().post(link, {"answer": answer}).status_code == 410
    assert Client().get("/my/still/forged/").status_code == 400


def test_another_citys_coordinator_and_hosts_get_nothing(almaty, bishkek, host, bishkek_coordinator):
    household = a_household(almaty, "Тимур")
    other = logged_in(bishkek_coordinator)
    assert "Тимур" not in other.get("/coord/inbox/").text
    assert other.post(f"/coord/households/{household.public_id}/still-needed/").status_code == 404
    assert not Message.objects.filter(template="still_needed").exists()
    assert logged_in(host).get("/coord/inbox/").status_code in (302, 403, 404)
