"""The rate-limit store: the database cache on a laptop, Redis on a country's servers."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from haven.lib import ratelimit


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def attempts(n: int, ip: str = "192.0.2.1") -> list[bool]:
    request = RequestFactory().post("/code/", REMOTE_ADDR=ip)
    return [ratelimit.allow("code-lookup", request) for _ in range(n)]


def test_the_database_counts_attempts_per_address(db, settings):
    settings.HAVEN_RATE_LIMITS = {"code-lookup": "3/600"}
    assert attempts(4) == [True, True, True, False]
    assert attempts(1, ip="192.0.2.2") == [True]


def test_redis_counts_attempts_per_address(db, settings):
    if not redis_is_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    caches["default"].clear()
    settings.HAVEN_RATE_LIMITS = {"code-lookup": "2/600"}
    try:
        assert attempts(3) == [True, True, False]
    finally:
        caches["default"].clear()


def test_the_address_behind_a_trusted_proxy_is_the_clients(settings):
    settings.HAVEN_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2")
    assert ratelimit.client_ip(request) == "198.51.100.2"
    settings.HAVEN_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.1"


def test_the_store_holds_no_address(db, settings):
    from haven.lib.models import RateCounter

    settings.HAVEN_RATE_LIMITS = {"code-lookup": "3/600"}
    attempts(1, ip="198.51.100.77")
    keys = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert "198.51.100.77" not in keys
    assert "rl:code-lookup:" in keys


def test_ipv6_addresses_count_per_network(db, settings):
    settings.HAVEN_RATE_LIMITS = {"code-lookup": "2/600"}
    assert attempts(1, ip="2001:db8::1") + attempts(1, ip="2001:db8::2") + attempts(1, ip="2001:db8::ffff") == [
        True, True, False,
    ]  # fmt: skip
    assert attempts(1, ip="2001:db8:0:1::1") == [True]


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_cannot_slip_past_the_limit(settings):
    """Forty lookups at once from one address: exactly the limit get through."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")
    settings.HAVEN_RATE_LIMITS = {"code-lookup": "10/600"}
    barrier = threading.Barrier(20)
    allowed: list[bool] = []

    def knock() -> None:
        barrier.wait()
        try:
            allowed.extend(attempts(2))
        finally:
            connection.close()

    threads = [threading.Thread(target=knock) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 10
    assert len(allowed) == 40
