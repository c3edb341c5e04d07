"""The partner API through the HTTP client: tokens, regions, figures, imports checked as
the import page checks them, idempotency, stays at a shelter, and bad requests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from haven.audit.models import Action, Entry
from haven.imports.models import ImportJob
from haven.partners import services as partners
from haven.partners.models import IdempotencyKey, Partner
from haven.registry.models import Household
from haven.stays.models import StayState
from haven.stays.tests.helpers import a_household, an_offer, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(host: Any) -> Partner:
    found = Partner.objects.create(name="Red Crescent", contact="office@redcrescent.example")
    found.hosts.add(host)
    return found


def bearer(text: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {text}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def reader(partner: Partner, almaty: Any) -> Client:
    return bearer(partners.make_token(partner=partner, regions=[almaty], can_write=False)[1])


@pytest.fixture
def writer(partner: Partner, almaty: Any) -> Client:
    return bearer(partners.make_token(partner=partner, regions=[almaty], can_write=True)[1])


def post(client: Client, path: str, body: Any, key: str | None = "k-1") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


SOON = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
LATER = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
ROW = {"alias": "Ольга", "adults": 2, "children": 1, "needed_from": SOON, "needed_until": LATER,
       "contact_telegram": "@olga_t"}  # fmt: skip


def test_the_schema_and_docs_are_published(reader: Client):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Haven partner API"
    assert "/api/v1/regions/{code}/households" in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer hv_nothing", "Basic Zm9vOmJhcg==", "Bearer " + "x" * 500])
def test_an_unknown_token_is_refused(almaty: Any, header: str):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    assert client.get("/api/v1/regions").status_code == 401


def test_a_revoked_token_is_refused(partner: Partner, almaty: Any):
    token, text = partners.make_token(partner=partner, regions=[almaty], can_write=True)
    assert bearer(text).get("/api/v1/regions").status_code == 200
    partners.revoke(token=token)
    assert bearer(text).get("/api/v1/regions").status_code == 401


def test_a_token_reads_only_its_regions(reader: Client, bishkek: Any):
    assert [r["code"] for r in reader.get("/api/v1/regions").json()] == ["almaty"]
    assert reader.get("/api/v1/regions/almaty/nights").status_code == 200
    assert reader.get("/api/v1/regions/bishkek/nights").status_code == 403
    assert reader.get("/api/v1/regions/narnia/nights").status_code == 404


def test_the_figures_are_anonymous_counts(reader: Client, almaty: Any, host: Any):
    a_household(almaty, nights=3)
    an_offer(almaty, host)
    nights = reader.get("/api/v1/regions/almaty/nights?days=3").json()["nights"]
    assert len(nights) == 3
    assert nights[0]["people_without_bed"] == 1
    assert nights[0]["free_beds"] == 2
    assert reader.get("/api/v1/regions/almaty/rent-index").json()["currency"] == "KZT"
    assert reader.get("/api/v1/regions/almaty/queues").json() == {"region": "almaty", "points": []}
    assert reader.get("/api/v1/regions/almaty/nights?days=0").status_code == 422
    assert reader.get("/api/v1/regions/almaty/nights?first=yesterday").status_code == 422


def test_a_read_only_token_cannot_write(reader: Client):
    response = post(reader, "/api/v1/regions/almaty/households", {"rows": [ROW]})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_households_are_imported_as_on_the_import_page(writer: Client, django_capture_on_commit_callbacks: Any):
    bad = {**ROW, "alias": "Пётр", "adults": 0, "contact_telegram": "@petr_t"}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(writer, "/api/v1/regions/almaty/households", {"rows": [ROW, bad]})
    assert response.status_code == 202, response.content
    status = writer.get(f"/api/v1/imports/{response.json()['id']}").json()
    assert (status["status"], status["total"], status["imported"]) == ("done", 2, 1), status["errors"]
    assert status["errors"][0][0] == 3  # the second row, as on a sheet under its header
    assert Household.objects.get().alias == "Ольга"


def test_the_same_key_and_body_give_the_first_answer_and_one_import(writer: Client):
    first = post(writer, "/api/v1/regions/almaty/households", {"rows": [ROW]})
    again = post(writer, "/api/v1/regions/almaty/households", {"rows": [ROW]})
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json()
    assert ImportJob.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(writer: Client):
    post(writer, "/api/v1/regions/almaty/households", {"rows": [ROW]})
    other = post(writer, "/api/v1/regions/almaty/households", {"rows": [{**ROW, "adults": 3}]})
    assert other.status_code == 409
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "key", "status"),
    [
        ({"rows": [ROW]}, None, 400),  # no Idempotency-Key
        ({"rows": [ROW]}, "k" * 101, 400),
        ({"rows": []}, "k-2", 422),
        ({"rows": [{**ROW, "passport": "AB123"}]}, "k-3", 422),  # a field Haven never keeps
        ({"rows": "Ольга"}, "k-4", 422),
        ({"lines": [ROW]}, "k-5", 422),
        ([ROW], "k-6", 422),
    ],
)
def test_a_bad_import_is_refused_and_nothing_kept(writer: Client, body: Any, key: str | None, status: int):
    assert post(writer, "/api/v1/regions/almaty/households", body, key).status_code == status
    assert not ImportJob.objects.exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json", b"\xff\xfe", b'{"rows": [' + b'{"alias": "x"},' * 6000 + b"{}]}",
        b'{"rows": [{"alias": "' + b"x" * 3_000_000 + b'"}]}',  # past DATA_UPLOAD_MAX_MEMORY_SIZE: 413
    ],
)  # fmt: skip
def test_malformed_or_oversize_bodies_get_a_clear_refusal(writer: Client, raw: bytes):
    response = writer.post(
        "/api/v1/regions/almaty/households", raw, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert not ImportJob.objects.exists()


def test_a_shelter_reads_its_stays_page_by_page_and_each_look_is_audited(
    reader: Client, almaty: Any, host: Any, coordinator: Any
):
    offer = an_offer(almaty, host, beds=4, max_households=3)
    for i, name in enumerate(["Анна", "Борис", "Вера"]):
        proposed(a_household(almaty, name, contact_email=f"g{i}@example.org"), offer, by=coordinator)
    page = reader.get("/api/v1/stays?region=almaty&limit=2").json()
    assert page["count"] == 3
    assert [s["group"] for s in page["items"]] == ["Анна", "Борис"]
    assert Entry.objects.filter(action=Action.LISTED, subject_kind="household").count() == 2
    assert reader.get("/api/v1/stays?region=almaty&limit=500").status_code == 422


def test_a_shelter_accepts_and_the_move_is_done_once(writer: Client, almaty: Any, host: Any, coordinator: Any):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    path = f"/api/v1/stays/{stay.public_id}/accept"
    first = post(writer, path, {})
    assert first.status_code == 200, first.content
    assert post(writer, path, {}).json() == first.json()  # the same key: the first answer, not a second move
    stay.refresh_from_db()
    assert stay.host_accepted_at is not None
    refused = post(writer, f"/api/v1/stays/{stay.public_id}/check-out", {}, key="k-out")
    assert refused.status_code == 409
    assert "stage" in refused.json()["detail"]


def test_another_organisations_stay_is_not_found(writer: Client, almaty: Any, coordinator: Any):
    from conftest import make_user

    other_host = make_user("other@example.org")
    stay = proposed(a_household(almaty), an_offer(almaty, other_host), by=coordinator)
    assert post(writer, f"/api/v1/stays/{stay.public_id}/accept", {}).status_code == 404
    assert post(writer, f"/api/v1/stays/{stay.public_id}/teleport", {}).status_code == 404
    stay.refresh_from_db()
    assert stay.state == StayState.PROPOSED


@override_settings(HAVEN_RATE_LIMITS={"api": "3/60"})
def test_a_token_is_rate_limited(reader: Client):
    codes = [reader.get("/api/v1/regions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# --- found in review ---------------------------------------------------------------------


def test_a_key_names_one_request_not_only_a_body(writer: Client, almaty: Any, host: Any, coordinator: Any):
    first = proposed(a_household(almaty, "Анна", contact_email="a@example.org"), an_offer(almaty, host), by=coordinator)
    other = proposed(
        a_household(almaty, "Борис", contact_email="b@example.org"), an_offer(almaty, host), by=coordinator
    )
    assert post(writer, f"/api/v1/stays/{first.public_id}/accept", {}, key="same").status_code == 200
    assert post(writer, f"/api/v1/stays/{other.public_id}/accept", {}, key="same").status_code == 409
    other.refresh_from_db()
    assert other.host_accepted_at is None


def test_a_refusal_does_not_spend_the_key(writer: Client, almaty: Any, host: Any, coordinator: Any):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    assert post(writer, f"/api/v1/stays/{stay.public_id}/decline", {"reason": ""}, key="d").status_code == 409
    assert post(writer, f"/api/v1/stays/{stay.public_id}/decline", {"reason": "full"}, key="d").status_code == 200
    stay.refresh_from_db()
    assert stay.state == StayState.DECLINED


def test_a_planned_next_leg_is_not_listed_before_its_host_sees_it(reader: Client, almaty: Any, host: Any):
    from haven.stays.models import Stay

    stay = proposed(a_household(almaty), an_offer(almaty, host), by=None)
    Stay.objects.filter(pk=stay.pk).update(state=StayState.PLANNED)
    assert reader.get("/api/v1/stays?region=almaty").json()["count"] == 0


def test_a_partner_places_offers_only_under_its_own_hosts(
    writer: Client, host: Any, django_capture_on_commit_callbacks: Any
):
    from conftest import make_user
    from haven.hosting.models import Offer

    make_user("victim@example.org")
    row = {"district": "medeu", "address": "ул. Абая 1", "beds": 2}
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            writer, "/api/v1/regions/almaty/offers",
            {"rows": [{**row, "host_email": "victim@example.org"}, {**row, "host_email": "nobody@example.org"},
                      {**row, "host_email": host.email}]},
        )  # fmt: skip
    status = writer.get(f"/api/v1/imports/{response.json()['id']}").json()
    assert status["imported"] == 1
    assert list(Offer.objects.values_list("host__email", flat=True)) == [host.email]
    victim, nobody = (message for row_number, field, message in status["errors"] if field != "district")
    assert victim == nobody  # the same answer: whether an account exists is not told


@pytest.mark.parametrize("first", ["9999-12-30", "0001-01-01", "2000-01-01"])
def test_a_first_night_far_away_is_refused_not_overflowed(reader: Client, first: str):
    assert reader.get(f"/api/v1/regions/almaty/nights?first={first}&days=60").status_code == 422


def test_a_row_with_a_lone_surrogate_is_refused(writer: Client):
    raw = b'{"rows": [{"alias": "\\ud800", "adults": 1}]}'
    response = writer.post(
        "/api/v1/regions/almaty/households", raw, content_type="application/json", headers={"Idempotency-Key": "s"}
    )
    assert response.status_code == 422
    assert not ImportJob.objects.exists()


def test_old_answers_are_forgotten_by_the_clock(writer: Client):
    import datetime as dt

    from django.utils import timezone

    post(writer, "/api/v1/regions/almaty/households", {"rows": [ROW]})
    assert partners.forget_old_keys(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not IdempotencyKey.objects.exists()
