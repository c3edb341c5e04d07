"""Alexei registers a household from a phone: good and bad inputs, one test each."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from conftest import need_data
from haven.registry.models import Household

URL = "/register/"


def post(client, city, **overrides):
    data = need_data(city, submission_token=str(uuid.uuid4()), **overrides)
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="ru")


def errors_of(response, field):
    form = response.context["form"]
    return form.errors.get(field, [])


def test_the_form_opens_in_russian_for_a_russian_browser(client, almaty):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response.status_code == 200
    assert '<html lang="ru">' in response.text


def test_the_form_asks_for_no_legal_identity(client, almaty):
    text = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text.lower()
    for word in ["passport", "surname", "last name", "nationality", "ethnic", "military", "home address"]:
        assert word not in text


def shown_code(response) -> str:
    assert response.status_code == 200
    return response.context["code"]


def test_it_registers_a_household_and_shows_the_code_once(client, almaty):
    response = post(client, almaty)
    code = shown_code(response)
    assert len(code) == 9
    assert code[4] == "-"
    assert "<svg" in response.text
    household = Household.objects.get()
    assert household.alias == "Алексей"
    assert household.contact_telegram == "@alexei_k"
    # The code itself is stored nowhere, not even in the session: only its keyed hash.
    assert code.replace("-", "") not in str(dict(client.session))
    assert code.replace("-", "") not in household.code_hash
    assert client.get("/my/").status_code == 200  # this browser holds the request


def test_pressing_send_twice_creates_one_household_and_the_last_code_shown_works(client, almaty):
    data = need_data(almaty, submission_token=str(uuid.uuid4()))
    first = shown_code(client.post(URL, data))
    second = shown_code(client.post(URL, data))
    assert Household.objects.count() == 1
    assert first != second
    from django.test import Client

    assert Client().post("/code/", {"code": second})["Location"] == "/my/"
    assert Client().post("/code/", {"code": first}).status_code == 200  # the lost one no longer works


def test_a_second_press_from_a_browser_that_never_got_the_answer_shows_a_new_code(client, almaty):
    from django.test import Client

    data = need_data(almaty, submission_token=str(uuid.uuid4()))
    client.post(URL, data)
    other = Client().post(URL, data)
    assert Household.objects.count() == 1
    assert shown_code(other)


def test_an_old_form_sent_again_much_later_shows_no_code(client, almaty):
    data = need_data(almaty, submission_token=str(uuid.uuid4()))
    client.post(URL, data)
    Household.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    response = client.post(URL, data)
    assert response["Location"] == "/code/"
    assert Household.objects.count() == 1


def test_a_form_without_its_token_still_registers(client, almaty):
    for token in ["", "not-a-uuid"]:
        response = client.post(URL, need_data(almaty, submission_token=token))
        assert shown_code(response)
    assert Household.objects.count() == 2


def test_it_refuses_leaving_before_the_first_night_and_keeps_what_was_typed(client, almaty):
    today = timezone.localdate()
    response = post(
        client, almaty, needed_from=(today + dt.timedelta(days=3)).isoformat(), needed_until=today.isoformat()
    )
    assert response.status_code == 200
    assert errors_of(response, "needed_until")
    assert 'value="Алексей"' in response.text
    assert Household.objects.count() == 0


def test_it_refuses_a_stay_of_more_than_a_year(client, almaty):
    today = timezone.localdate()
    response = post(client, almaty, needed_until=(today + dt.timedelta(days=400)).isoformat())
    assert "365" in errors_of(response, "needed_until")[0]


def test_it_refuses_zero_adults(client, almaty):
    assert errors_of(post(client, almaty, adults="0"), "adults")


def test_it_refuses_forty_children(client, almaty):
    response = post(client, almaty, children="40")
    assert "12" in errors_of(response, "children")[0]


def test_it_refuses_a_first_night_in_1900(client, almaty):
    assert errors_of(post(client, almaty, needed_from="1900-01-01"), "needed_from")


def test_it_refuses_a_first_night_in_2099(client, almaty):
    response = post(client, almaty, needed_from="2099-01-01", needed_until="2099-01-05")
    assert errors_of(response, "needed_from")


def test_it_refuses_a_date_that_is_not_a_date(client, almaty):
    assert errors_of(post(client, almaty, needed_from="31.02.2026"), "needed_from")


def test_it_accepts_a_date_typed_the_russian_way(client, almaty):
    today = timezone.localdate()
    response = post(client, almaty, needed_from=today.strftime("%d.%m.%Y"))
    assert shown_code(response)


def test_it_refuses_an_alias_of_ten_thousand_characters(client, almaty):
    assert errors_of(post(client, almaty, alias="А" * 10_000), "alias")


def test_it_refuses_an_alias_of_control_characters(client, almaty):
    assert errors_of(post(client, almaty, alias="\x07\x08\x1b"), "alias")


def test_it_refuses_a_right_to_left_override_in_the_alias(client, almaty):
    assert errors_of(post(client, almaty, alias="Alexei\u202egnp.exe"), "alias")


def test_html_in_a_field_is_shown_as_text(client, almaty):
    post(client, almaty, alias="<script>alert(1)</script>")
    page = client.get("/my/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_sql_in_a_field_is_just_text(client, almaty):
    response = post(client, almaty, alias="Bob'); DROP TABLE registry_household;--")
    assert shown_code(response)
    assert Household.objects.get().alias.startswith("Bob'")


def test_it_refuses_an_unknown_city(client, almaty):
    response = post(client, almaty, region="atlantis")
    assert errors_of(response, "region")


def test_it_refuses_a_district_of_another_city(client, almaty, bishkek):
    response = post(client, almaty, district=str(bishkek.districts.first().pk))
    assert errors_of(response, "district")


def test_it_refuses_a_district_that_is_not_a_number(client, almaty):
    assert errors_of(post(client, almaty, district="1; DROP"), "district")


@pytest.mark.parametrize("phone", ["12", "+7 701 abc 45 67", "+" + "9" * 30])
def test_it_refuses_a_malformed_phone(client, almaty, phone):
    assert errors_of(post(client, almaty, contact_phone=phone), "contact_phone")


def test_it_normalises_a_good_phone(client, almaty):
    post(client, almaty, contact_phone="+7 (701) 123-45-67")
    assert Household.objects.get().contact_phone == "+77011234567"


@pytest.mark.parametrize("email", ["alexei@", "not an email", "a@b@c.kz"])
def test_it_refuses_a_malformed_email(client, almaty, email):
    assert errors_of(post(client, almaty, contact_email=email), "contact_email")


def test_it_refuses_a_malformed_telegram_handle(client, almaty):
    assert errors_of(post(client, almaty, contact_telegram="@a b"), "contact_telegram")


def test_no_contact_at_all_is_fine(client, almaty):
    response = post(client, almaty, contact_telegram="")
    assert shown_code(response)
    assert not Household.objects.get().has_contact


def test_errors_are_in_the_users_language(client, almaty):
    response = client.post(
        URL, need_data(almaty, adults="0", submission_token=str(uuid.uuid4())), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "взросл" in errors_of(response, "adults")[0]


def test_a_nul_byte_in_the_city_of_the_district_options_is_no_error(client, almaty):
    assert client.get("/register/districts/", {"region": "\x00"}).status_code == 200


def test_the_district_options_follow_the_city(client, almaty, bishkek):
    response = client.get("/register/districts/", {"region": "bishkek", "any": "1"})
    assert "Leninsky" in response.text
    assert "Medeu" not in response.text


def test_registering_is_rate_limited_per_address(client, almaty, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "register": "2/3600"}
    from django.test import Client

    statuses = [post(Client(), almaty).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Household.objects.count() == 2
