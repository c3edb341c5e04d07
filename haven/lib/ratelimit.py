"""Fixed-window rate limits per client address, counted atomically and shared by all servers.

With Redis (``REDIS_URL``) the counter is Redis' INCR; without, a row per window in
the database, incremented under a row lock, so parallel requests cannot slip past
the limit. Addresses are hashed before they become keys, and IPv6 addresses count
per /64 (one customer's whole network), so rotating addresses within it gains nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.lib.models import RateCounter


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly HAVEN_PROXY_COUNT proxies in front."""
    proxies = settings.HAVEN_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _parse(rule: str) -> tuple[int, int]:
    count, _, seconds = rule.partition("/")
    return int(count), int(seconds)


def client_network(request: HttpRequest) -> str:
    """The unit that is limited: the IPv4 address, or the IPv6 /64 network."""
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6 and not getattr(address, "ipv4_mapped", None):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(getattr(address, "ipv4_mapped", None) or address)


def _count_in_redis(key: str, period: int) -> int:
    cache.add(key, 0, timeout=period + 5)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        return 1


def _count_in_database(key: str, period: int) -> int:
    now = timezone.now()
    with transaction.atomic():
        RateCounter.objects.bulk_create(
            [RateCounter(key=key, count=0, expires_at=now + dt.timedelta(seconds=period + 5))], ignore_conflicts=True
        )
        row = RateCounter.objects.select_for_update().get(key=key)
        row.count += 1
        row.save(update_fields=["count"])
    if now.second == 0:  # now and then, forget windows that are over
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return row.count


def uses_redis() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def allow(scope: str, request: HttpRequest) -> bool:
    """Count one attempt in ``scope`` for this client; False once over the limit."""
    who = hashlib.sha256(f"{settings.HAVEN_CODE_KEY}:{client_network(request)}".encode()).hexdigest()[:32]
    return allow_for(scope, who)


def allow_for(scope: str, who: str) -> bool:
    """Count one attempt in ``scope`` for ``who`` (a client's network, a partner's token)."""
    limit, period = _parse(settings.HAVEN_RATE_LIMITS[scope])
    key = f"rl:{scope}:{who}:{int(time.time() // period)}"
    count = _count_in_redis(key, period) if uses_redis() else _count_in_database(key, period)
    return count <= limit
