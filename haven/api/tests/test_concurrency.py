"""On PostgreSQL: one Idempotency-Key sent eight times at once makes one import, and
every request gets the same answer; one stay accepted by eight requests with different
keys at once is accepted once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from haven.api.tests.test_api import ROW
from haven.imports.models import ImportJob
from haven.partners import services as partners
from haven.partners.models import IdempotencyKey, Partner
from haven.queues.tests.test_concurrency import at_once
from haven.stays.tests.helpers import a_household, an_offer, proposed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


@pytest.fixture
def token(almaty: Any, host: Any) -> str:
    partner = Partner.objects.create(name="Red Crescent")
    partner.hosts.add(host)
    return partners.make_token(partner=partner, regions=[almaty], can_write=True)[1]


def send(token: str, path: str, body: Any, key: str) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(path, json.dumps(body), content_type="application/json", headers={"Idempotency-Key": key})
    return response.status_code, response.json()


def test_one_key_sent_eight_times_at_once_imports_once(token: str):
    results = at_once(
        [lambda: send(token, "/api/v1/regions/almaty/households", {"rows": [ROW]}, "k") for _ in range(8)]
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert {status for status, _ in results} == {202}
    assert len({body["id"] for _, body in results}) == 1
    assert ImportJob.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_eight_accepts_at_once_with_different_keys_accept_once(token: str, almaty: Any, host: Any, coordinator: Any):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    path = f"/api/v1/stays/{stay.public_id}/accept"

    def accept(key: str) -> Any:
        return lambda: send(token, path, {}, key)

    results = at_once([accept(f"k{i}") for i in range(8)])
    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) >= 1
    assert set(statuses) <= {200, 409}
    stay.refresh_from_db()
    assert stay.host_accepted_at is not None
