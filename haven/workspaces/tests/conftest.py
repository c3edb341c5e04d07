"""The cast of the workspace tests: City Hub in Almaty, its manager, and a fixed today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import logged_in, make_user
from haven.accounts.models import Region, User
from haven.workspaces.models import SpaceManager, Workspace

TODAY = dt.date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Haven's clock stands at 10:00 on TODAY in Almaty, whatever the machine's day."""
    at = dt.datetime.combine(TODAY, dt.time(10), tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: at.astimezone(dt.UTC))


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def make_space(region: Region, name: str = "City Hub", desks: int = 3, **fields: Any) -> Workspace:
    return Workspace.objects.create(
        slug=name.lower().replace(" ", "-"), name=name, region=region, address="пр. Абылай хана 1", desks=desks,
        **{"weekdays": "0123456", **fields},
    )  # fmt: skip


@pytest.fixture
def hub(almaty: Region) -> Workspace:
    return make_space(almaty)


@pytest.fixture
def manager(hub: Workspace) -> User:
    user = make_user("aigerim@example.org", display_name="Aigerim")
    SpaceManager.objects.create(workspace=hub, user=user)
    return user


@pytest.fixture
def manager_client(manager: User) -> Client:
    return logged_in(manager)
