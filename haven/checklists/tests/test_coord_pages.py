"""Coordinators write routes and steps in three languages: bad input gets a message and
changes nothing; a coordinator edits the routes of their own cities and of any city, and
another city's route is missing for them."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import logged_in
from haven.audit.models import Entry
from haven.checklists.models import Route, Step
from haven.checklists.tests.conftest import make_route

pytestmark = pytest.mark.django_db


def step_data(**overrides: Any) -> dict[str, str]:
    data = {
        "title_ru": "Купить страховку", "title_kk": "Сақтандыру сатып алу", "title_en": "Buy travel insurance",
        "body_ru": "Покрытие от 30 000 евро.", "body_kk": "", "body_en": "",
        "documents_ru": "Загранпаспорт", "documents_kk": "", "documents_en": "",
        "link": "", "link_label_ru": "", "link_label_kk": "", "link_label_en": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def route_data(region: Any = None, **overrides: Any) -> dict[str, str]:
    data = {
        "region": str(region.pk) if region else "", "title_ru": "Остаться в Казахстане", "title_kk": "",
        "title_en": "", "summary_ru": "", "summary_kk": "", "summary_en": "", "is_active": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def desk(coordinator: Any) -> Any:
    client = logged_in(coordinator)
    client.cookies["django_language"] = "en"
    return client


def test_a_coordinator_creates_a_route_and_adds_a_step(desk, almaty):
    response = desk.post("/guide/routes/coord/new/", route_data(almaty))
    route = Route.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/guide/routes/coord/{route.public_id}/"
    assert route.region == almaty
    assert route.is_active
    response = desk.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data(link="/guide/clock/"))
    step = route.steps.get()
    assert response["Location"] == f"/guide/routes/coord/{route.public_id}/#step-{step.public_id}"
    assert (step.title_kk, step.link, step.position) == ("Сақтандыру сатып алу", "/guide/clock/", 1)
    assert Entry.objects.filter(subject_kind="route", subject_id=str(route.public_id)).count() == 2
    page = desk.get(f"/guide/routes/coord/{route.public_id}/").content.decode()
    assert "Buy travel insurance" in page  # the page is in English, and so is the step's title
    assert desk.get("/guide/routes/coord/").status_code == 200


def test_a_route_needs_its_russian_title(desk, almaty):
    response = desk.post("/guide/routes/coord/new/", route_data(almaty, title_ru="   ", title_en="Staying on"))
    assert response.status_code == 400
    assert "Write this in Russian" in response.content.decode()
    assert not Route.objects.exists()


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JavaScript:alert(1)", "ftp://example.org/file", "http://egov.kz", "//evil.example/",
     "data:text/html,hi", "https://", "https://exa mple.org", "/\\evil.example", "egov.kz"],
)  # fmt: skip
def test_a_link_must_be_https_or_a_page_of_haven(desk, coordinator, almaty, link):
    route = make_route(almaty, by=coordinator, steps=0)
    response = desk.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data(link=link))
    assert response.status_code == 400
    assert not Step.objects.exists()


@pytest.mark.parametrize("link", ["https://egov.kz/cms/ru", "HTTPS://www.mfa.gov.tr/", "/guide/clock/"])
def test_https_addresses_and_paths_of_haven_are_kept(desk, coordinator, almaty, link):
    route = make_route(almaty, by=coordinator, steps=0)
    desk.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data(link=link))
    assert Step.objects.get().link.lower() == link.lower()
    assert Step.objects.get().link.startswith(("https://", "/"))


def test_a_body_of_100_kb_is_refused_with_a_message(desk, coordinator, almaty):
    route = make_route(almaty, by=coordinator, steps=0)
    response = desk.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data(body_ru="я" * 100_000))
    assert response.status_code == 400
    assert "4000" in response.content.decode()
    assert not Step.objects.exists()


def test_invisible_characters_are_refused(desk, coordinator, almaty):
    route = make_route(almaty, by=coordinator, steps=0)
    response = desk.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data(title_en="Buy\u202e it"))
    assert response.status_code == 400
    assert not Step.objects.exists()


def test_a_coordinator_edits_moves_and_removes_steps(desk, coordinator, almaty):
    route = make_route(almaty, by=coordinator)
    first, second, third = route.steps.all()
    response = desk.post(f"/guide/routes/coord/steps/{second.public_id}/", step_data(title_ru="Второй шаг"))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.title_ru == "Второй шаг"
    assert second.title_en == "Buy travel insurance"
    desk.post(f"/guide/routes/coord/steps/{third.public_id}/move/", {"direction": "up"})
    desk.post(f"/guide/routes/coord/steps/{first.public_id}/move/", {"direction": "sideways"})
    assert [s.title_ru for s in route.steps.order_by("position")] == ["Шаг 1", "Шаг 3", "Второй шаг"]
    desk.post(f"/guide/routes/coord/steps/{first.public_id}/remove/")
    assert [s.title_ru for s in route.steps.order_by("position")] == ["Шаг 3", "Второй шаг"]


def test_a_coordinator_hides_a_route_and_edits_its_texts(desk, coordinator, almaty):
    route = make_route(almaty, by=coordinator)
    data = route_data(almaty, title_ru="Алматы → Стамбул → шенген", title_kk="Алматы → Ыстамбұл → Шенген")
    del data["is_active"]
    assert desk.post(f"/guide/routes/coord/{route.public_id}/", data).status_code == 302
    route.refresh_from_db()
    assert route.title_kk == "Алматы → Ыстамбұл → Шенген"
    assert not route.is_active
    assert route.updated_by == coordinator
    assert desk.get(f"/guide/routes/coord/{route.public_id}/").status_code == 200  # still theirs to edit


def test_a_coordinator_of_bishkek_cannot_open_or_change_an_almaty_route(bishkek_coordinator, coordinator, almaty):
    route = make_route(almaty, by=coordinator)
    step = route.steps.get(position=1)
    client = logged_in(bishkek_coordinator)
    assert client.get(f"/guide/routes/coord/{route.public_id}/").status_code == 404
    assert client.post(f"/guide/routes/coord/{route.public_id}/", route_data(title_ru="Взлом")).status_code == 404
    assert client.post(f"/guide/routes/coord/{route.public_id}/steps/new/", step_data()).status_code == 404
    assert client.post(f"/guide/routes/coord/steps/{step.public_id}/", step_data(title_ru="Взлом")).status_code == 404
    assert client.post(f"/guide/routes/coord/steps/{step.public_id}/move/", {"direction": "down"}).status_code == 404
    assert client.post(f"/guide/routes/coord/steps/{step.public_id}/remove/").status_code == 404
    assert "Алматы → Стамбул" not in client.get("/guide/routes/coord/").content.decode()
    route.refresh_from_db()
    assert route.title_ru == "Алматы → Стамбул"
    assert route.steps.count() == 3


def test_a_coordinator_cannot_give_a_route_to_another_city(desk, bishkek):
    response = desk.post("/guide/routes/coord/new/", route_data(bishkek))
    assert response.status_code == 400
    assert not Route.objects.exists()


def test_a_route_from_any_city_is_edited_by_every_coordinator(bishkek_coordinator, coordinator):
    route = make_route(None, by=coordinator)
    client = logged_in(bishkek_coordinator)
    assert client.get(f"/guide/routes/coord/{route.public_id}/").status_code == 200
    assert client.post(f"/guide/routes/coord/{route.public_id}/", route_data(title_ru="Дальше")).status_code == 302


def test_people_who_do_not_coordinate_do_not_get_in(route, host, arrival):
    from conftest import logged_in as as_user

    assert as_user(host).get("/guide/routes/coord/").status_code == 404
    assert arrival[0].get(f"/guide/routes/coord/{route.public_id}/").status_code == 302  # to the login page
