"""Fixtures shared by the cross-cutting tests (the access matrix, the fuzzer)."""

from tests.test_access import world  # noqa: F401 - the fixture, for the fuzzer too
