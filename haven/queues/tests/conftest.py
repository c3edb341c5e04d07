"""The cast of the queue tests: Almaty's registration centre, its staff, and a clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import logged_in, make_user
from haven.accounts.models import Region, User
from haven.queues.models import Counter, CounterState, PointStaff, Service, ServicePoint

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
# A Wednesday morning at the centre.
MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)


class Clock:
    """The time Haven sees in a test: set, moved on, never the machine's."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at.astimezone(dt.UTC)

    def set(self, at: dt.datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> dt.datetime:
        self.at += dt.timedelta(**delta)
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock(MORNING)
    monkeypatch.setattr(timezone, "now", found)
    return found


def make_point(region: Region, slug: str = "almaty-centre", **fields: Any) -> ServicePoint:
    fields = {"weekdays": "01234", "opens_at": dt.time(9), "closes_at": dt.time(18), "daily_limit": 200, **fields}
    point = ServicePoint.objects.create(
        slug=slug, region=region, name_ru="ЦОН Алматы", name_kk="Алматы ХҚКО", name_en="Almaty centre",
        address="ул. Абая 1", **{"timezone": "Asia/Almaty", **fields},
    )  # fmt: skip
    registration = Service.objects.create(
        point=point, letter="R", name_ru="Регистрация", name_kk="Тіркеу", name_en="Registration", default_minutes=6
    )
    documents = Service.objects.create(
        point=point, letter="D", name_ru="Документы", name_kk="Құжаттар", name_en="Documents", default_minutes=10
    )
    for label, offered in (("1", [registration]), ("2", [registration, documents]), ("3", [documents])):
        counter = Counter.objects.create(point=point, label=label, state=CounterState.OPEN)
        counter.services.set(offered)
    return point


@pytest.fixture
def point(almaty: Region) -> ServicePoint:
    return make_point(almaty)


@pytest.fixture
def other_point(bishkek: Region) -> ServicePoint:
    return make_point(bishkek, "bishkek-centre", timezone="Asia/Bishkek")


def service(point: ServicePoint, letter: str) -> Service:
    return point.services.get(letter=letter)


def counter(point: ServicePoint, label: str) -> Counter:
    return point.counters.get(label=label)


@pytest.fixture
def staff(point: ServicePoint) -> User:
    user = make_user("marat@example.org", display_name="Marat")
    PointStaff.objects.create(point=point, user=user)
    return user


@pytest.fixture
def staff_client(staff: User) -> Client:
    return logged_in(staff)
