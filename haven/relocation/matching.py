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
    # Decided once per request and place; then only the pairs whose dates could meet are
    # written (a place that never overlaps the stay cannot be proposed anyway).
    beyond = {r.pk: [o for o in paid if not r.pays_for(o.price_per_night, o.currency)] for r in requests.values()}
    for h in households:
        if not h.relocation_id or h.relocation_id not in beyond or str(h.public_id) not in household_ids:
            continue
        for o in beyond[h.relocation_id]:
            if o.available_until is not None and o.available_until <= h.needed_from:
                continue
            if o.available_from >= h.needed_until:
                continue
            found += [{"household": str(h.public_id), "offer": run} for run in runs_of.get(str(o.public_id), [])]
    return found
