"""Encrypted model fields for contact details and addresses.

Values are encrypted with Fernet (AES-128-CBC + HMAC) under ``HAVEN_FIELD_KEYS``: a
list whose first key encrypts and all of which decrypt, so keys rotate without
downtime (``manage.py reencrypt_fields`` then rewrites every value under the first).
The keys are deliberately separate from ``SECRET_KEY``: leaking one must not leak the
other. The column holds only the token; lookups and ordering by these fields are
impossible by design.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("HAVEN_FIELD_KEYS is empty")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("HAVEN_FIELD_KEYS holds a key that is not a Fernet key") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.HAVEN_FIELD_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A value cannot be decrypted with any of HAVEN_FIELD_KEYS") from exc


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Empty strings stay empty (they hold nothing)."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted fields, and the names of those fields."""
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def reencrypt_all(batch_size: int = 500) -> int:
    """Rewrite every encrypted value under the first key. Returns how many were rewritten.

    Reading decrypts with any key; ``update()`` encrypts with the first one, so a
    read-and-write of each value is exactly a rotation. Batches keep memory flat and
    each batch is its own transaction, so an interrupted run can simply be repeated.
    """
    from django.db import transaction

    rewritten = 0
    for model, names in encrypted_fields():
        manager = model._base_manager
        last_pk: Any = None
        while True:
            rows = manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values_list("pk", *names)[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                for pk, *values in batch:
                    updates = {n: v for n, v in zip(names, values, strict=True) if v}
                    if updates:
                        manager.filter(pk=pk).update(**updates)
                        rewritten += len(updates)
            last_pk = batch[-1][0]
    return rewritten
