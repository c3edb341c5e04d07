"""What a relocation request adds to matching: its budget for paid places."""

from __future__ import annotations

from typing import Any

from haven.relocation.models import RelocationRequest


def beyond_budget(
    households: list[Any], offers: list[Any], household_ids: set[str], runs_of: dict[str, list[str]]
) -> list[dict[str, str]]:
    """A team moved by an employer takes a paid place only within its request's budget.

    Other households are matched as before. One exclusion per (household, run of a
    paid place the budget does not cover).
    """
    requests = {
        r.pk: r
        for r in RelocationRequest.objects.filter(pk__in={h.relocation_id for h in households if h.relocation_id})
    }
    paid = [o for o in offers if o.price_per_night]
    found = []
    for h in households:
        request = requests.get(h.relocation_id) if h.relocation_id else None
        if request is None or str(h.public_id) not in household_ids:
            continue
        for o in paid:
            if not request.pays_for(o.price_per_night, o.currency):
                found += [{"household": str(h.public_id), "offer": run} for run in runs_of.get(str(o.public_id), [])]
    return found
