"""Alexei comes back with his code: see, change, withdraw, erase."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from conftest import need_data
from haven.audit.models import Entry
from haven.lib.codes import format_code
from haven.registry.models import Household, Status


def test_a_code_typed_in_small_letters_without_dash_opens_the_request(arrival):
    _, _household, code = arrival
    client = Client()
    response = client.post("/code/", {"code": code.lower()})
    assert response["Location"] == "/my/"
    assert "Алексей" in client.get("/my/").text


def test_a_code_with_dash_opens_the_request(arrival):
    _, _, code = arrival
    assert Client().post("/code/", {"code": format_code(code)})["Location"] == "/my/"


def test_a_wrong_code_looks_exactly_like_an_unknown_one(arrival):
    _, _, code = arrival
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    first = Client().post("/code/", {"code": wrong})
    second = Client().post("/code/", {"code": "ZZZZ-ZZZZ"})
    malformed = Client().post("/code/", {"code": "hello"})
    assert first.status_code == second.status_code == malformed.status_code == 200
    assert first.context["form"].errors == second.context["form"].errors == malformed.context["form"].errors


def test_the_lookup_is_a_post_and_never_a_url(client):
    response = client.get("/code/", {"code": "K7RX-93HM"})
    assert response.status_code == 200
    assert "arrival_household" not in client.session


def test_lookups_are_rate_limited_per_address(arrival, settings):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "code-lookup": "3/600"}
    _, _, code = arrival
    client = Client()
    for _ in range(3):
        client.post("/code/", {"code": "ZZZZ-ZZZZ"})
    blocked = client.post("/code/", {"code": code})
    assert blocked.status_code == 429
    other_address = Client(REMOTE_ADDR="10.0.0.9").post("/code/", {"code": code})
    assert other_address.status_code == 302


def test_without_a_code_the_request_pages_send_to_the_lookup(client):
    for url in ["/my/", "/my/edit/", "/my/erase/"]:
        assert client.get(url)["Location"] == "/code/"


def test_he_changes_his_dates(arrival, almaty):
    client, household, _ = arrival
    new_until = timezone.localdate() + dt.timedelta(days=5)
    response = client.post("/my/edit/", need_data(almaty, needed_until=new_until.isoformat(), adults="2"))
    assert response["Location"] == "/my/"
    household.refresh_from_db()
    assert household.needed_until == new_until
    assert household.adults == 2


def test_a_bad_change_keeps_the_old_request(arrival, almaty):
    client, household, _ = arrival
    response = client.post("/my/edit/", need_data(almaty, adults="0"))
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.adults == 1


def test_he_withdraws_and_reopens(arrival):
    client, household, _ = arrival
    client.post("/my/withdraw/")
    household.refresh_from_db()
    assert household.status == Status.WITHDRAWN
    client.post("/my/reopen/")
    household.refresh_from_db()
    assert household.status == Status.OPEN


def test_erasing_needs_a_confirmation(arrival):
    client, _, _ = arrival
    response = client.post("/my/erase/", {})
    assert response.status_code == 200
    assert Household.objects.count() == 1


def test_erase_me_leaves_no_row_and_no_audit_entry_holding_his_data(arrival, coordinator_client):
    client, household, code = arrival
    public_id = str(household.public_id)
    coordinator_client.get(f"/coord/households/{public_id}/")
    coordinator_client.post(f"/coord/households/{public_id}/contact/", {"why": "matching"})
    assert Entry.objects.filter(subject_id=public_id).count() == 2

    response = client.post("/my/erase/", {"confirm": "on"})
    assert response["Location"] == "/"
    assert Household.objects.count() == 0
    assert not Entry.objects.filter(subject_id=public_id).exists()
    for entry in Entry.objects.all():
        text = " ".join(str(v) for v in entry.__dict__.values())
        assert public_id not in text
        assert "Алексей" not in text
        assert "alexei" not in text
    assert Entry.objects.filter(action="erased").count() == 1
    # The code leads nowhere now, and the old session shows nothing.
    assert Client().post("/code/", {"code": code}).status_code == 200
    assert client.get("/my/")["Location"] == "/code/"


def test_forget_closes_the_request_on_this_device_only(arrival):
    client, _, code = arrival
    client.post("/my/forget/")
    assert client.get("/my/")["Location"] == "/code/"
    assert Client().post("/code/", {"code": code})["Location"] == "/my/"


def test_another_households_code_session_does_not_leak(arrival, almaty):
    _, _household, _ = arrival
    other = Client()
    session = other.session
    session["arrival_household"] = "00000000-0000-0000-0000-000000000000"
    session.save()
    assert other.get("/my/")["Location"] == "/code/"


def test_a_household_already_staying_can_extend_its_stay(arrival, almaty):
    client, household, _ = arrival
    started = timezone.localdate() - dt.timedelta(days=3)
    Household.objects.filter(pk=household.pk).update(needed_from=started)
    new_until = timezone.localdate() + dt.timedelta(days=4)
    data = need_data(almaty, needed_from=started.isoformat(), needed_until=new_until.isoformat())
    assert client.post("/my/edit/", data)["Location"] == "/my/"
    household.refresh_from_db()
    assert household.needed_until == new_until
    # But moving the first night into the past is still refused.
    data["needed_from"] = (started - dt.timedelta(days=1)).isoformat()
    assert client.post("/my/edit/", data).status_code == 200


def test_a_household_in_a_city_closed_since_can_still_change_its_dates(arrival, almaty):
    client, _, _ = arrival
    almaty.is_active = False
    almaty.save()
    new_until = timezone.localdate() + dt.timedelta(days=6)
    response = client.post("/my/edit/", need_data(almaty, needed_until=new_until.isoformat()))
    assert response["Location"] == "/my/"
    # ... but nobody new can register there.
    assert "almaty" not in Client().get("/register/").text


def test_a_request_whose_dates_passed_reopens_only_with_new_dates(arrival):
    client, household, _ = arrival
    client.post("/my/withdraw/")
    Household.objects.filter(pk=household.pk).update(
        needed_from=timezone.localdate() - dt.timedelta(days=5),
        needed_until=timezone.localdate() - dt.timedelta(days=1),
    )
    assert client.post("/my/reopen/")["Location"] == "/my/edit/"
    household.refresh_from_db()
    assert household.status == Status.WITHDRAWN
