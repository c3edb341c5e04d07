"""Making and revoking partner tokens, and remembering writes by their idempotency key."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import Region
from haven.audit import services as audit
from haven.audit.models import Action
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
    audit.record(
        actor=by, action=Action.API_TOKEN, subject_kind="api-token", subject_id=str(token.public_id),
        detail=f"made for {partner.name}: {'write' if can_write else 'read'}",
    )  # fmt: skip
    return token, text


@transaction.atomic
def revoke(*, token: ApiToken, by: Any = None) -> None:
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        audit.record(
            actor=by, action=Action.API_TOKEN, subject_kind="api-token", subject_id=str(token.public_id),
            detail="revoked",
        )  # fmt: skip


class KeyReused(Exception):
    """The same idempotency key came with another body."""


class _Refused(Exception):
    def __init__(self, answer: tuple[int, dict[str, Any]]) -> None:
        super().__init__()
        self.answer = answer


# Kept a day: long enough for any retry, short enough to keep little (an answer may name a group).
KEEP_KEYS = dt.timedelta(hours=24)


def once(
    *, token: ApiToken, key: str, request: bytes, write: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Do ``write`` once per key: a repeat of the same request (method, path and body)
    gets the first answer; another request with the key, KeyReused. Two requests with
    one key at once: one writes, the other waits on the key's row and gets its answer. A
    refusal (4xx) is not kept: the key may be sent again, with the body mended."""
    request_digest = hashlib.sha256(request).hexdigest()
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    kept = IdempotencyKey.objects.create(
                        token=token, key=key, body_digest=request_digest, status=0, response={}
                    )
            except IntegrityError:
                kept = IdempotencyKey.objects.select_for_update().get(token=token, key=key)
                if kept.body_digest != request_digest:
                    raise KeyReused from None
                return kept.status, kept.response
            status, response = write()
            if status >= 400:
                raise _Refused((status, response))  # undoes the key with whatever the write began
            kept.status, kept.response = status, response
            kept.save(update_fields=["status", "response"])
            return status, response
    except _Refused as refused:
        return refused.answer


def forget_old_keys(*, now: dt.datetime | None = None) -> int:
    """Drop the answers kept longer than KEEP_KEYS (run by the clock)."""
    return IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - KEEP_KEYS).delete()[0]
