"""The demo's employer: Steppe Software, with its own spare desks in Almaty, ready to move a team.

The roster of an engineer and 15 colleagues is docs/examples/relocation-roster.csv:
the employer logs in, files one request with it, and sees the team seated and waiting
in Almaty's matching pool.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

from haven.accounts.models import Region, User
from haven.demo import data
from haven.relocation import services
from haven.relocation.models import Company
from haven.workspaces import services as desks
from haven.workspaces.models import Workspace

COMPANY = "Steppe Software"


def load(*, regions: dict[str, Region], employer: User) -> None:
    services.create_company(name=COMPANY, contact="relocation@steppe.example", by=employer)
    desks.create_workspace(
        workspace=Workspace(
            slug="steppe-office", name="Steppe Software, офис в Алматы", kind="company", region=regions["almaty"],
            address="ул. Сатпаева 30/8", weekdays="01234", opens_at=dt.time(9), closes_at=dt.time(19), desks=40,
            amenities=["power", "wifi", "calls", "kitchen"],
        ),
        by=employer,
    )  # fmt: skip


def report_lines(base: str) -> list[str]:
    company = Company.objects.filter(name=COMPANY).first()
    if company is None:
        return []
    return [
        f"Relocation: log in as {data.EMPLOYER_EMAIL} (password {data.DEMO_PASSWORD}, no TOTP) and file a request at "
        f"{urljoin(base, f'relocate/{company.slug}/new/')}",
        "  for Almaty with desks at Steppe's office and the roster docs/examples/relocation-roster.csv (an engineer "
        "and 15 colleagues): the codes are shown once, then the team's page shows them seated and in the pool.",
    ]
