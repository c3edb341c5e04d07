"""Reasons for each proposal and each household left out, in a coordinator's words.

The engine speaks English; Haven shows the same facts translated, from the
structured ``reason_codes`` it stores beside these sentences.
"""

from __future__ import annotations

from haven.matching.engine.prepare import HouseholdData, Prepared
from haven.matching.engine.pricing import Plan

_WHY_NOT = {
    "no_offer_in_city": "no offer in {city} at all",
    "too_many_people": "no offer in {city} has beds for {people} people",
    "pets": "no offer in {city} with enough beds takes pets",
    "children": "no offer in {city} that fits takes children",
    "accessibility": "no offer in {city} that fits has step-free access",
    "women_only": "the only offers that fit are for women-only households",
    "excluded": "the hosts who fit have declined this household",
    "dates": "no offer that fits is free on any of its nights",
    "capacity_taken": "offers that fit exist, but their beds went to others",
}


def explain_unassigned(p: Prepared, hd: HouseholdData, reason: str) -> str:
    h = hd.household
    return _WHY_NOT[reason].format(city=h.city, people=h.people)


def explain_assignment(p: Prepared, hd: HouseholdData, plan: Plan) -> list[str]:
    h = hd.household
    nights = sum(b - a for _, a, b in plan.legs)
    wanted = hd.end - hd.start
    stays = len(plan.legs)
    reasons = [
        f"covers {nights} of {wanted} nights" + (f" in {stays} stays" if stays > 1 else ""),
    ]
    offers = [p.offers[o] for o, _, _ in plan.legs]
    shared = sorted(set().union(*(h.languages & o.languages for o in offers)))
    if shared:
        reasons.append("host speaks " + ", ".join(shared))
    if h.district and any(o.district == h.district for o in offers):
        reasons.append(f"in the preferred district {h.district}")
    if h.pets:
        reasons.append("takes pets")
    if h.children:
        reasons.append("welcomes children")
    if h.accessible:
        reasons.append("step-free access")
    if h.vulnerable:
        reasons.append("vulnerable household placed with priority")
    if plan.legs[0][1] == hd.start:
        reasons.append("a bed from the first night")
    return reasons
