"""The public list and map of help points, through the HTTP client."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client, override_settings

from haven.helppoints import selectors
from haven.helppoints.models import Kind
from haven.helppoints.tests.conftest import make_point

pytestmark = pytest.mark.django_db


def names(response: Any) -> list[str]:
    return re.findall(r"<h2>([^<]+)</h2>", response.content.decode())


def json_in(text: str, element_id: str) -> Any:
    found = re.search(rf'id="{element_id}" type="application/json">(.*?)</script>', text)
    assert found is not None
    return json.loads(found.group(1))


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_the_list_shows_a_point_open_now_with_its_hours_and_details(english: Client, almaty: Any):
    make_point(almaty, phone="+77272500000", note="Горячий обед")
    page = english.get("/help/?city=almaty")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Кухня на Абая" in text
    assert "Open now · round the clock" in text
    assert 'class="state open-now"' in text
    assert "Today: round the clock" in text
    assert "Hours this week" in text
    assert 'href="tel:+77272500000"' in text
    assert "Languages: Russian, Kazakh" in text
    assert "Горячий обед" in text
    assert "leaflet" not in text.lower()  # the list carries no map


def test_a_closed_point_says_when_it_opens(almaty: Any):
    point = make_point(almaty, hours_text="09:00-18:00")
    monday_evening = dt.datetime(2026, 3, 2, 20, 0, tzinfo=almaty.tzinfo)
    row = selectors.row(point, now=monday_evening)
    assert not row.is_open
    assert row.status.opens is not None
    assert row.status.opens.weekday == 1


def test_open_now_is_read_on_the_city_clock_not_the_servers(almaty: Any, bishkek: Any):
    # 03:30 UTC is 08:30 in Almaty (closed until 09:00) and 09:30 in Bishkek (open).
    moment = dt.datetime(2026, 3, 2, 3, 30, tzinfo=dt.UTC)
    in_almaty = make_point(almaty, hours_text="09:00-18:00")
    in_bishkek = make_point(bishkek, hours_text="09:00-18:00", name="Бишкек")
    assert not selectors.row(in_almaty, now=moment).is_open
    assert selectors.row(in_bishkek, now=moment).is_open


def test_filters_by_district_kind_and_open_now(client: Client, almaty: Any):
    medeu = almaty.districts.get(slug="medeu")
    make_point(almaty, name="Еда в Медеу", district=medeu)
    make_point(almaty, name="Юристы", kind=Kind.LEGAL)
    make_point(almaty, name="Закрытая столовая", hours_text="")
    assert names(client.get("/help/?city=almaty&district=medeu")) == ["Еда в Медеу"]
    assert names(client.get("/help/?city=almaty&kind=legal")) == ["Юристы"]
    assert "Закрытая столовая" not in names(client.get("/help/?city=almaty&open_now=on"))
    assert "Закрытая столовая" in names(client.get("/help/?city=almaty"))


def test_the_district_select_lists_the_chosen_citys_districts_only(client: Client, almaty: Any, bishkek: Any):
    text = client.get("/help/?city=bishkek").content.decode()
    assert 'value="leninsky"' in text
    assert 'value="medeu"' not in text


def test_a_district_of_another_city_is_said_plainly_and_the_city_is_listed(english: Client, almaty: Any, bishkek: Any):
    make_point(bishkek, name="Бишкек-еда")
    page = english.get("/help/?city=bishkek&district=medeu")
    assert page.status_code == 400
    assert "Medeu is in Almaty, not in Bishkek: here are all the points of Bishkek." in page.content.decode()
    assert names(page) == ["Бишкек-еда"]


@pytest.mark.parametrize(
    "query",
    ["city=atlantis", "city=almaty&kind=spa", "city=almaty&district=nowhere", "city=" + "x" * 500,
     "city=almaty&district=" + "я" * 500, "city[]=1&kind=%00", "city=almaty&open_now=yes"],
)  # fmt: skip
def test_bad_filter_values_get_a_page_never_a_server_error(client: Client, almaty: Any, query: str):
    make_point(almaty)
    page = client.get(f"/help/?{query}")
    assert page.status_code in (200, 400)
    assert names(page) == ["Кухня на Абая"]  # the city (or the first) is still listed


def test_an_unknown_city_says_so(english: Client, almaty: Any):
    assert "There is no such city here" in english.get("/help/?city=atlantis").content.decode()


def test_the_default_city_is_the_arrivals_own(almaty: Any, bishkek: Any):
    from django.utils import timezone

    from haven.registry.services import register_household

    today = timezone.localdate()
    code = register_household(
        alias="Айбек", adults=1, children=0, languages=["ru"], region=bishkek, needed_from=today,
        needed_until=today + dt.timedelta(days=3),
    ).code  # fmt: skip
    arrival = Client()
    arrival.post("/code/", {"code": code})
    assert 'href="?city=bishkek" aria-current="page"' in arrival.get("/help/").content.decode()
    # Without a code here, the first city (Almaty sorts first).
    assert 'href="?city=almaty" aria-current="page"' in Client().get("/help/").content.decode()


def test_hidden_points_are_not_listed(client: Client, almaty: Any, coordinator: Any):
    from haven.helppoints import services

    point = make_point(almaty)
    services.set_shown(point=point, by=coordinator, shown=False)
    assert names(client.get("/help/?city=almaty")) == []


def test_the_map_carries_markers_the_tile_server_and_lists_every_point(english: Client, almaty: Any):
    make_point(almaty, name="На карте")
    make_point(almaty, name="Без координат", latitude=None, longitude=None)
    with override_settings(HAVEN_MAP_TILES="https://tiles.example.org/{z}/{x}/{y}.png"):
        page = english.get("/help/map/?city=almaty")
    text = page.content.decode()
    assert page.status_code == 200
    assert "/static/haven/leaflet/leaflet.js" in text
    assert "/static/helppoints/map.js" in text
    config, points = json_in(text, "help-map-config"), json_in(text, "help-map-points")
    assert config["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert [p["name"] for p in points] == ["На карте"]
    assert points[0]["open"] is True
    assert set(names(page)) == {"На карте", "Без координат"}
    assert "1 of them is not on the map yet" in text
    assert "Not on the map: its coordinates are not known yet." in text
    assert "<script>" not in text.replace('<script type="application/json"', "")  # no inline code (the CSP)


def test_the_map_without_any_coordinates_or_tiles_still_lists_the_points(client: Client, almaty: Any):
    make_point(almaty, latitude=None, longitude=None)
    with override_settings(HAVEN_MAP_TILES=""):
        page = client.get("/help/map/?city=almaty")
    assert page.status_code == 200
    assert names(page) == ["Кухня на Абая"]
    assert '"centre": [43.2389, 76.8897]' in page.content.decode()  # the city's centre


def test_a_name_with_html_is_escaped_on_the_list_and_in_the_maps_data(client: Client, almaty: Any):
    make_point(almaty, name="<img src=x onerror=alert(1)>")
    assert "<img src=x" not in client.get("/help/?city=almaty").content.decode()
    assert "<img src=x" not in client.get("/help/map/?city=almaty").content.decode()
