"""The demo's desks: City Hub in Almaty, full this week with a line waiting; a free library
desk room in Astana; a company's spare desks in Bishkek.

The Almaty demo host holds one of City Hub's desks for the week, so that a newcomer who
joins the waitlist can see a desk offered to them when the host cancels it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urljoin

from django.utils import timezone

from haven.accounts.models import Region, User
from haven.demo import data
from haven.workspaces import services
from haven.workspaces.models import Workspace

HUB_SLUG = "city-hub"
FULL_DAYS = 5


def load(*, regions: dict[str, Region], manager: User, bookers: list[User], host: User) -> None:
    today = timezone.localdate()
    hub = services.create_workspace(
        workspace=Workspace(
            slug=HUB_SLUG, name="City Hub", kind="coworking", region=regions["almaty"], address="пр. Абылай хана 55",
            weekdays="0123456", opens_at=dt.time(8), closes_at=dt.time(22), desks=20, price_per_day=Decimal(2500),
            currency="KZT", amenities=["power", "wifi", "calls", "kitchen"], hold_hours=12,
            rules="Тихо в open space; звонки — в переговорных.",
        ),
        by=manager,
    )  # fmt: skip
    last = today + dt.timedelta(days=FULL_DAYS - 1)
    services.book(workspace=hub, first_day=today, last_day=last, desks=1, user=host)
    left = hub.desks - 1
    others = [u for u in bookers if u != host] or [manager]
    n = 0
    while left > 0:  # the rest of the week's desks, in threes, by the other demo accounts in turn
        desks = min(left, 3)
        services.book(workspace=hub, first_day=today, last_day=last, desks=desks, user=others[n % len(others)])
        left -= desks
        n += 1
    # Two already wait, for two desks each: one freed desk does not fit them, so it goes to
    # the newcomer who asks for one (the first in line who fits, as the waitlist promises).
    for user in others[-2:]:
        services.join_waitlist(
            workspace=hub, first_day=today, last_day=today + dt.timedelta(days=1), desks=2, user=user
        )

    services.create_workspace(
        workspace=Workspace(
            slug="astana-library", name="Национальная библиотека: читальный зал", kind="library",
            region=regions["astana"], address="пр. Абая 14", weekdays="012345", opens_at=dt.time(9),
            closes_at=dt.time(20), desks=12, amenities=["wifi", "quiet", "power"],
        ),
        by=manager,
    )  # fmt: skip
    services.create_workspace(
        workspace=Workspace(
            slug="bishkek-it-park", name="IT-офис: свободные столы", kind="company", region=regions["bishkek"],
            address="ул. Ибраимова 115", weekdays="01234", opens_at=dt.time(9), closes_at=dt.time(19), desks=8,
            amenities=["wifi", "power", "calls"],
        ),
        by=manager,
    )  # fmt: skip


def report_lines(base: str) -> list[str]:
    hub = Workspace.objects.filter(slug=HUB_SLUG).first()
    if hub is None:
        return []
    return [
        f"Desks: City Hub in Almaty is full this week: {urljoin(base, f'w/{hub.slug}/')}. Enter the Almaty household "
        "code, try to book, join the waitlist;",
        f"  then log in as the Almaty host and cancel the City Hub desk under {urljoin(base, 'w/mine/')}: the desk is "
        "offered to the first in line.",
        f"  City Hub's manager: {data.SPACE_MANAGER_EMAIL} (password {data.DEMO_PASSWORD}, no TOTP), "
        f"{urljoin(base, f'w/{hub.slug}/manage/')}.",
    ]
