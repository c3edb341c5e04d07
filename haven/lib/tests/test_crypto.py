import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from haven.hosting.services import create_offer
from haven.lib.crypto import decrypt, encrypt
from haven.registry.models import Household


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


def test_the_database_holds_no_plaintext_contact(arrival):
    _, household, _ = arrival
    stored = raw_column("registry_household", "contact_telegram", household.pk)
    assert "alexei" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert Household.objects.get(pk=household.pk).contact_telegram == "@alexei_k"


def test_the_database_holds_no_plaintext_address(host, almaty):
    offer = create_offer(
        host=host, kind="room", region=almaty, district=almaty.districts.first(), address="ул. Абая 10, кв. 5",
        beds=2, max_households=1, available_from=timezone.localdate(), available_until=None, max_nights=7,
        languages=["ru"], price_per_night=None, currency="", rules="",
    )  # fmt: skip
    stored = raw_column("hosting_offer", "address", offer.pk)
    assert "Абая" not in stored
    assert "Абая" not in stored.encode().decode("unicode_escape", errors="ignore")


def test_keys_rotate_and_old_values_still_read(settings, arrival):
    _, household, _ = arrival
    old_token = raw_column("registry_household", "contact_telegram", household.pk)
    new_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [new_key, *settings.HAVEN_FIELD_KEYS]
    # Still readable with the old key second in the list.
    assert Household.objects.get(pk=household.pk).contact_telegram == "@alexei_k"
    call_command("reencrypt_fields", verbosity=0)
    new_token = raw_column("registry_household", "contact_telegram", household.pk)
    assert new_token != old_token
    # Now readable with the new key alone.
    settings.HAVEN_FIELD_KEYS = [new_key]
    assert Household.objects.get(pk=household.pk).contact_telegram == "@alexei_k"
    assert Fernet(new_key.encode()).decrypt(new_token.encode()).decode() == "@alexei_k"


def test_field_keys_are_not_derived_from_the_secret_key(settings):
    settings.SECRET_KEY = "something-else-entirely-" * 3
    token = encrypt("hello")
    assert decrypt(token) == "hello"


def test_a_value_from_an_unknown_key_is_an_error_not_garbage(settings):
    from django.core.exceptions import ImproperlyConfigured

    token = encrypt("hello")
    settings.HAVEN_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        decrypt(token)


def test_a_rotation_rewrites_every_encrypted_value_of_the_demo_and_the_old_key_can_go(settings, db):
    """Every model with encrypted fields (households, offers, stays, queue tickets, companies, imports...)."""
    import io

    from haven.lib.crypto import encrypted_fields
    from haven.queues.models import Ticket

    call_command("seed_demo", stdout=io.StringIO(), households=30, offers=12)
    Ticket.objects.filter(pk=Ticket.objects.order_by("pk").values("pk")[:1]).update(contact_email="v@example.org")

    def every_value() -> dict[str, list[str]]:
        return {
            f"{model.__name__}.{name}": sorted(str(v) for v in model._default_manager.values_list(name, flat=True) if v)
            for model, names in encrypted_fields()
            for name in names
        }

    before = every_value()
    assert sum(len(v) for v in before.values()) >= 20
    assert {"Company.contact", "Ticket.contact_email", "Offer.address"} <= {k for k, v in before.items() if v}
    new_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [new_key, *settings.HAVEN_FIELD_KEYS]
    call_command("reencrypt_fields", verbosity=0)
    settings.HAVEN_FIELD_KEYS = [new_key]  # the old key is gone
    assert every_value() == before
