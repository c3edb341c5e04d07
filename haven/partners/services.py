"""Making and revoking partner tokens, and remembering writes by their idempotency key."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import Region
from haven.partners.models import ApiToken, IdempotencyKey, Partner

PREFIX = "hv_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def make_token(
    *, partner: Partner, regions: Iterable[Region], can_write: bool, by: Any = None, label: str = ""
) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown this once and kept nowhere."""
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        partner=partner, label=label, prefix=text[:10], digest=digest(text), can_write=can_write, created_by=by
    )
    token.regions.set(list(regions))
    return token, text


def revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


class KeyReused(Exception):
    """The same idempotency key came with another body."""


def once(
    *, token: ApiToken, key: str, body: bytes, write: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Do ``write`` once per key: a repeat with the same body gets the first answer; with
    another body, KeyReused. Two requests with one key at once: one writes, and the other
    waits on the key's row and gets its answer."""
    body_digest = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                kept = IdempotencyKey.objects.create(
                    token=token, key=key, body_digest=body_digest, status=0, response={}
                )
        except IntegrityError:
            kept = IdempotencyKey.objects.select_for_update().get(token=token, key=key)
            if kept.body_digest != body_digest:
                raise KeyReused from None
            return kept.status, kept.response
        status, response = write()
        kept.status, kept.response = status, response
        kept.save(update_fields=["status", "response"])
        return status, response
