"""Haven's matching engine: pure Python, numpy and HiGHS; no Django.

Reads an instance in the ``haven-match/1`` format (../shared/matching/FORMAT.md),
returns a feasible assignment of households to chains of offers with the highest
score it can find and a proven upper bound on the best score.
"""

from haven.matching.engine.model import Instance, InstanceError, Policy, parse_instance

__all__ = ["Instance", "InstanceError", "Policy", "parse_instance"]
