from __future__ import annotations

import pytest

from haven.guide.builtin import add_schengen
from haven.guide.models import RuleSet, StayRule


@pytest.fixture
def schengen(db: object) -> RuleSet:
    """The built-in set (a test that empties the database takes the migration's copy with it)."""
    return add_schengen(RuleSet, StayRule)
