"""What a solved city leaves behind for the next run: its plans and the certificate of
its upper bound, as plain JSON (not part of the result format).

The certificate is a Lagrangian one: prices of beds and household slots on each
offer-night, and each household's term (the best value any of its plans could still
make after paying those prices). For any prices, the sum of capacity times price plus
every household's term bounds the best score; a later run with a few households or
offers changed only has to price again the households the change touches (warm.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from haven.matching.engine.model import Household, Offer
from haven.matching.engine.prepare import Prepared
from haven.matching.engine.pricing import Plan, Prices

STATE_FORMAT = "haven-match-state/1"


@dataclass
class Certificate:
    prices: Prices | None  # None: no prices (the bound of every household on its own)
    terms: dict[int, float]  # household index -> max(0, its best priced plan's value)


def fingerprint(item: Household | Offer) -> str:
    """A short digest of every field the engine reads, the same in every process."""
    values = [
        sorted(getattr(item, f.name)) if f.name == "languages" else getattr(item, f.name)
        for f in dataclasses.fields(item)
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:20]


def export_state(p: Prepared, chosen: list[Plan], certificate: Certificate) -> dict[str, Any]:
    instance = p.instance
    today = instance.today

    def day(night: int) -> str:
        return (today + dt.timedelta(days=int(night))).isoformat()

    prices: list[list[Any]] = []
    if certificate.prices is not None:
        bed, slot = certificate.prices
        for offer, night in zip(*np.nonzero((bed > 0) | (slot > 0)), strict=True):
            prices.append([p.offers[offer].id, day(night), float(bed[offer, night]), float(slot[offer, night])])
    households = p.households
    return {
        "format": STATE_FORMAT,
        "today": today.isoformat(),
        "policy": dataclasses.asdict(instance.policy),
        "households": {h.id: fingerprint(h) for h in instance.households},
        "offers": {o.id: fingerprint(o) for o in instance.offers},
        "exclusions": sorted([h, o] for h, o in instance.exclusions),
        "plans": {
            households[plan.household].household.id: [[p.offers[o].id, day(a), day(b)] for o, a, b in plan.legs]
            for plan in chosen
        },
        "prices": prices,
        "terms": {households[i].household.id: float(term) for i, term in certificate.terms.items()},
    }
