"""The routes through the pages: a household with its code in the browser ticks steps off
(with and without htmx) and sees its progress; without a code the pages read fine and
nothing is written; texts fall back to Russian."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from haven.checklists import services
from haven.checklists.models import Tick
from haven.checklists.tests.conftest import make_route

pytestmark = pytest.mark.django_db


def tick_url(route: Any, step: Any) -> str:
    return f"/guide/routes/{route.public_id}/steps/{step.public_id}/"


def test_anyone_reads_the_routes_and_a_route_with_its_documents_and_link(route, coordinator):
    step = route.steps.first()
    services.update_step(step=step, by=coordinator, link="/guide/clock/", link_label_ru="Счётчик дней")
    listing = Client().get("/guide/routes/")
    assert listing.status_code == 200
    assert "Алматы → Стамбул" in listing.content.decode()
    page = Client().get(f"/guide/routes/{route.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<li>Загранпаспорт</li>" in html
    assert "<li>Страховка</li>" in html
    assert 'href="/guide/clock/"' in html
    assert "Счётчик дней" in html
    assert 'href="/code/"' in html  # how to enter the code, instead of tick buttons
    assert "checklists/steps" not in html
    assert 'name="done"' not in html
    assert len(html.encode()) < 100_000


def test_a_hidden_or_unknown_route_is_not_found(route, coordinator):
    services.update_route(route=route, by=coordinator, is_active=False)
    assert Client().get(f"/guide/routes/{route.public_id}/").status_code == 404
    assert Client().get(f"/guide/routes/{uuid.uuid4()}/").status_code == 404
    assert "Алматы → Стамбул" not in Client().get("/guide/routes/").content.decode()


def test_a_household_ticks_a_step_off_and_sees_its_progress(route, arrival):
    client, household, _code = arrival
    first, second = route.steps.all()[:2]
    response = client.post(tick_url(route, first), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/guide/routes/{route.public_id}/#step-{first.public_id}"
    client.post(tick_url(route, second), {"done": "1"})
    client.cookies["django_language"] = "en"
    page = client.get(f"/guide/routes/{route.public_id}/").content.decode()
    assert "2 of 3 steps done" in page
    assert '<progress value="2" max="3">' in page
    assert page.count('aria-pressed="true"') == 2
    assert "2 of 3 steps done" in client.get("/guide/routes/").content.decode()
    client.post(tick_url(route, second), {"done": "0"})
    assert list(Tick.objects.filter(household=household).values_list("step", flat=True)) == [first.pk]


def test_htmx_gets_the_step_and_the_progress_back(route, arrival):
    client, _household, _code = arrival
    step = route.steps.first()
    client.cookies["django_language"] = "en"
    response = client.post(tick_url(route, step), {"done": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(f'id="step-{step.public_id}"') == 1
    assert 'class="step done"' in html
    assert 'id="progress"' in html
    assert 'hx-swap-oob="true"' in html
    assert "1 of 3 steps done" in html
    assert "<html" not in html


def test_ticking_without_a_code_changes_nothing_and_says_how(route):
    client = Client()
    client.cookies["django_language"] = "en"
    step = route.steps.first()
    response = client.post(tick_url(route, step), {"done": "1"}, follow=True)
    assert response.status_code == 200
    assert "Enter your case code first" in response.content.decode()
    assert not Tick.objects.exists()
    htmx = client.post(tick_url(route, step), {"done": "1"}, headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == f"/guide/routes/{route.public_id}/"
    assert not Tick.objects.exists()


def test_a_step_of_another_route_or_an_unknown_step_is_not_found(route, almaty, arrival):
    client, _household, _code = arrival
    other = make_route(almaty, steps=1)
    assert client.post(tick_url(route, other.steps.first()), {"done": "1"}).status_code == 404
    assert client.post(f"/guide/routes/{route.public_id}/steps/{uuid.uuid4()}/", {"done": "1"}).status_code == 404
    assert (
        client.post(f"/guide/routes/{uuid.uuid4()}/steps/{route.steps.first().public_id}/", {"done": "1"}).status_code
        == 404
    )
    assert client.get(tick_url(route, route.steps.first())).status_code == 405
    assert not Tick.objects.exists()


def test_a_tick_with_a_value_no_button_sends_changes_nothing(route, arrival):
    client, _household, _code = arrival
    response = client.post(tick_url(route, route.steps.first()), {"done": "maybe"}, follow=True)
    assert response.status_code == 200
    assert not Tick.objects.exists()


def test_texts_are_shown_in_the_page_language_and_in_russian_where_none_is_written(route):
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/guide/routes/{route.public_id}/").content.decode()
    assert "Almaty → Istanbul" in page  # written in English
    assert "Step 1" in page
    assert "Дальше в Турцию." in page  # the summary exists in Russian only
    assert "Сделать 1." in page
    client.cookies["django_language"] = "kk"
    page = client.get(f"/guide/routes/{route.public_id}/").content.decode()
    assert "Алматы → Ыстамбұл" in page
    assert "Шаг 1" in page


def test_routes_from_the_households_city_come_first(route, bishkek, arrival):
    client, _household, _code = arrival
    services.update_route(route=route, by=None, position=5)
    from_bishkek = services.create_route(by=None, region=bishkek, title_ru="Бишкек → Тбилиси", position=1)
    anywhere = services.create_route(by=None, region=None, title_ru="Остаться", position=2)
    html = client.get("/guide/routes/").content.decode()
    assert html.index(route.title_ru) < html.index(anywhere.title_ru) < html.index(from_bishkek.title_ru)
    html = Client().get("/guide/routes/").content.decode()
    assert html.index(from_bishkek.title_ru) < html.index(anywhere.title_ru) < html.index(route.title_ru)


def test_the_list_of_routes_takes_a_fixed_number_of_queries(route, almaty, arrival, django_assert_max_num_queries):
    client, _household, _code = arrival
    for _ in range(5):
        make_route(almaty, steps=4)
    with django_assert_max_num_queries(8):
        assert client.get("/guide/routes/").status_code == 200
