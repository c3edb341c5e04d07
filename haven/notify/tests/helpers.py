"""Messages for the outbox tests: a household, a word to a host or a guest."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.utils import timezone

from haven.accounts.models import Region, User
from haven.notify import services
from haven.notify.models import Message
from haven.registry.models import Household
from haven.registry.services import register_household

TEST_TEMPLATES = Path(__file__).parent / "templates"


def family(region: Region, *, email: str = "alexei@example.org", **fields: Any) -> Household:
    today = timezone.localdate()
    fields = {"contact_email": email, "languages": ["ru"], **fields}
    return register_household(
        alias="Алексей", region=region, needed_from=today, needed_until=today + dt.timedelta(days=3),
        adults=1, children=0, **fields,
    ).household  # fmt: skip


def tell_host(host: User, *, key: str = "test:cancelled:host", language: str = "ru") -> Message:
    return services.enqueue(
        key=key, template="stay_cancelled_host", language=language, to_user=host,
        context={"stay": str(uuid.uuid4()), "link": "test-host-stay"},
    )  # fmt: skip


def tell_guest(household: Household, *, key: str = "test:proposed:guest", language: str = "ru") -> Message:
    return services.enqueue(
        key=key, template="stay_proposed_guest", language=language, to_household=household,
        context={"stay": str(uuid.uuid4()), "link": "test-guest-stay", "nonce": "n-" + uuid.uuid4().hex},
    )  # fmt: skip


def fresh(message: Message) -> Message:
    message.refresh_from_db()
    return message


def links_in(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if "://" in line]
