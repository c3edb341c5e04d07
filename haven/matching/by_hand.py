"""Matching by hand: the engine's best places for one group, and the groups one place
would serve, with the beds free now (no one else competing for them).

A coordinator picks one and proposes it (``stays.services.propose`` checks it again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from haven.hosting.models import Offer
from haven.matching.engine.candidates import best_plan_each, candidate_plans
from haven.matching.engine.model import Instance, Leg, parse_instance
from haven.matching.engine.pricing import Plan
from haven.matching.instance import build_instance, matchable_households, matchable_offers
from haven.matching.services import _offer_legs, reason_codes
from haven.registry.models import Household

# Groups looked at for one offer's page, most urgent first.
FITTING_AT_MOST = 500


@dataclass(frozen=True)
class Candidate:
    """A plan for one group, ready to show and to propose: legs by offer public id."""

    legs: list[dict[str, str]]
    value: float
    reason_codes: list[dict[str, Any]]

    @property
    def reason_texts(self) -> list[str]:
        from haven.matching.models import describe_reason

        return [describe_reason(code) for code in self.reason_codes]


def _candidate(instance: Instance, household_id: str, plan: Plan) -> Candidate:
    today = instance.today
    legs = [
        Leg(instance.offers[o].id, today + dt.timedelta(days=a), today + dt.timedelta(days=b)) for o, a, b in plan.legs
    ]
    household = next(h for h in instance.households if h.id == household_id)
    offers = {o.id: o for o in instance.offers}
    longest = {o.id: o.max_nights for o in instance.offers}
    return Candidate(_offer_legs(legs, longest), plan.value, reason_codes(instance, household, legs, offers))


def candidates_for(household: Household, *, limit: int = 5) -> list[Candidate]:
    """The engine's best places (and chains) for one group with the beds free now."""
    today = timezone.localdate()
    only = matchable_households(household.region, today).filter(pk=household.pk)
    instance = parse_instance(build_instance(region=household.region, today=today, households=only))
    household_id = str(household.public_id)
    return [_candidate(instance, household_id, plan) for plan in candidate_plans(instance, household_id, limit=limit)]


def households_fitting(offer: Offer, *, limit: int = 10) -> list[tuple[Household, Candidate]]:
    """Groups still looking that this place would serve, best first (its best stay for
    each). The database narrows them first: the place's rules as a coarse sieve (the
    engine applies every rule exactly), groups without a bed next, the most urgent 500."""
    from haven.stays.selectors import without_a_bed_next

    today = timezone.localdate()
    rules = Q(adults__lte=offer.beds) & Q(needed_until__gt=max(offer.available_from, today))
    if offer.available_until is not None:
        rules &= Q(needed_from__lt=offer.available_until)
    if not offer.pets_ok:
        rules &= Q(pets=False)
    if not offer.step_free:
        rules &= Q(step_free=False)
    if not offer.children_ok:
        rules &= Q(children=0)
    if offer.women_only:
        rules &= Q(women_only=True)
    looking = without_a_bed_next(matchable_households(offer.region, today).filter(rules), today)[:FITTING_AT_MOST]
    place = matchable_offers(offer.region, today).filter(pk=offer.pk)
    instance = parse_instance(build_instance(region=offer.region, today=today, households=looking, offers=place))
    scored = sorted(
        ((plan.value, household_id, _candidate(instance, household_id, plan))
         for household_id, plan in best_plan_each(instance).items()),
        key=lambda row: -row[0],
    )[:limit]  # fmt: skip
    found = Household.objects.select_related("region", "district").filter(public_id__in=[i for _, i, _ in scored])
    by_id = {str(h.public_id): h for h in found}
    return [(by_id[i], c) for _, i, c in scored if i in by_id]
