"""Demo data for the checklists app (filled in by its issue-11 work)."""

from __future__ import annotations

from collections.abc import Mapping

from haven.accounts.models import Region


def load(*, regions: Mapping[str, Region]) -> None:
    """Nothing yet."""


def report_lines(base: str) -> list[str]:
    return []
