"""Fixed-window rate limits per client address, kept in the shared cache.

The cache is the database on a small deployment and Redis on a large one, so every
app server counts against the same window. Addresses are hashed before they become
cache keys: the cache holds no address.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def allow(scope: str, request: HttpRequest) -> bool:
    """Count one attempt in ``scope`` for this client; False once over the limit."""
    limit, period = _parse(settings.HAVEN_RATE_LIMITS[scope])
    who = hashlib.sha256(f"{settings.HAVEN_CODE_KEY}:{client_ip(request)}".encode()).hexdigest()[:32]
    window = int(time.time() // period)
    key = f"rl:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    return count <= limit
