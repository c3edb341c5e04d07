"""On PostgreSQL: a landlord's yes pressed for several tenants at once lets the flat once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_user
from haven.queues.tests.test_concurrency import at_once
from haven.rentals import services
from haven.rentals.models import ListingStatus, RentalRequest, RequestStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")


def test_ten_yeses_at_once_for_ten_tenants_let_the_flat_once(almaty):
    landlord = make_user("toktogulov@example.org")
    services.accept_pledge(landlord)
    flat = services.save_listing(
        landlord=landlord, region=almaty, district=almaty.districts.first(), address="ул. Абая 1", rooms=2,
        area_m2=50, floor=3, furnished=True, pets_ok=False, children_ok=True, rent=Decimal(250_000), currency="KZT",
        deposit=Decimal(0), min_term_months=3, available_from=timezone.localdate(), description="",
    )  # fmt: skip
    move_in = timezone.localdate() + dt.timedelta(days=3)
    asked = [
        services.send_request(listing=flat, move_in=move_in, message="", user=make_user(f"t{n}@example.org"))
        for n in range(10)
    ]

    def yes(request: Any) -> Callable[[], Any]:
        return lambda: services.answer_request(request=request, accept=True)

    results = at_once([yes(r) for r in asked])
    assert sum(1 for r in results if isinstance(r, RentalRequest)) == 1
    assert all(isinstance(r, services.Refused) for r in results if not isinstance(r, RentalRequest))
    assert RentalRequest.objects.filter(status=RequestStatus.ACCEPTED).count() == 1
    assert RentalRequest.objects.filter(status=RequestStatus.DECLINED).count() == 9
    flat.refresh_from_db()
    assert flat.status == ListingStatus.WITHDRAWN
