"""The cast shared by every test: regions, a host, coordinators, an arrival, a stranger."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from haven.accounts.models import District, Membership, Region, Role, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The cache (rate limits, TOTP replay guard) lives in a table of its own."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Any:
    """Real hashing costs ~0.3 s a user; tests make hundreds. Production keeps PBKDF2."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _clear_cache(db: Any) -> None:
    from django.core.cache import cache

    cache.clear()


def make_region(slug: str, name: str, country: str, districts: list[str]) -> Region:
    region = Region.objects.create(
        slug=slug, name_ru=name, name_kk=name, name_en=name, country=country,
        timezone="Asia/Bishkek" if country == "KG" else "Asia/Almaty",
    )  # fmt: skip
    for d in districts:
        District.objects.create(region=region, slug=d.lower(), name_ru=d, name_kk=d, name_en=d)
    return region


@pytest.fixture
def almaty(db: Any) -> Region:
    return make_region("almaty", "Almaty", "KZ", ["Medeu", "Bostandyk", "Almaly"])


@pytest.fixture
def bishkek(db: Any) -> Region:
    return make_region("bishkek", "Bishkek", "KG", ["Leninsky", "Sverdlovsky"])


def make_user(email: str, *, verified: bool = True, **extra: Any) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def activate_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_coordinator(email: str, region: Region) -> User:
    user = make_user(email, display_name="Ekaterina")
    Membership.objects.create(user=user, region=region, role=Role.COORDINATOR)
    activate_totp(user)
    return user


@pytest.fixture
def host(db: Any) -> User:
    return make_user("almira@example.org", display_name="Almira")


@pytest.fixture
def coordinator(almaty: Region) -> User:
    return make_coordinator("ekaterina@example.org", almaty)


@pytest.fixture
def bishkek_coordinator(bishkek: Region) -> User:
    return make_coordinator("aibek@example.org", bishkek)


@pytest.fixture
def stranger(db: Any) -> User:
    return make_user("stranger@example.org")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def host_client(host: User) -> Client:
    return logged_in(host)


@pytest.fixture
def coordinator_client(coordinator: User) -> Client:
    return logged_in(coordinator)


def need_data(city: Region, **overrides: Any) -> dict[str, Any]:
    """A household form as Alexei would fill it in."""
    region = city
    today = timezone.localdate()
    data: dict[str, Any] = {
        "alias": "Алексей",
        "adults": "1",
        "children": "0",
        "languages": ["ru"],
        "region": region.slug,
        "district": "",
        "needed_from": today.isoformat(),
        "needed_until": (today + dt.timedelta(days=3)).isoformat(),
        "contact_telegram": "@alexei_k",
        "contact_phone": "",
        "contact_email": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def arrival(almaty: Region) -> tuple[Client, Any, str]:
    """Alexei: a browser session that registered a household, its household and code."""
    from haven.registry.services import register_household

    registration = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty,
        needed_from=timezone.localdate(), needed_until=timezone.localdate() + dt.timedelta(days=3),
        contact_telegram="@alexei_k",
    )  # fmt: skip
    client = Client()
    response = client.post("/code/", {"code": registration.code})
    assert response.status_code == 302
    return client, registration.household, registration.code
