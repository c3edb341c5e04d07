"""Reads about households, with the rules of who may see which."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from haven.accounts.selectors import coordinated_regions
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.lib.codes import hash_code, parse_code
from haven.registry.models import Household

SESSION_KEY = "arrival_household"


def household_by_code(text: str) -> Household | None:
    """The household whose case code this is, or None. Unknown and wrong look alike."""
    code = parse_code(text)
    # Hash even what cannot be a code, so both paths cost the same.
    digest = hash_code(code or text[:20], settings.HAVEN_CODE_KEY)
    household = Household.objects.select_related("region", "district").filter(code_hash=digest).first()
    return household if code else None


def household_for_arrival(request: HttpRequest) -> Household | None:
    """The household whose code was entered in this browser session, if still there."""
    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return None
    return Household.objects.select_related("region", "district").filter(public_id=public_id).first()


def arrival_or_account(request: HttpRequest) -> dict[str, Any]:
    """Who acts from this browser: {"household": ...} whose code was entered here, else
    {"user": ...} logged in, else {} (desk bookings and rental requests are made by either)."""
    household = household_for_arrival(request)
    if household is not None:
        return {"household": household}
    if request.user.is_authenticated:
        return {"user": request.user}
    return {}


def households_for_coordinator(user: Any) -> QuerySet[Household]:
    return Household.objects.select_related("region", "district").filter(region__in=coordinated_regions(user))


def household_for_coordinator(
    user: Any, public_id: Any, *, action: Action = Action.VIEWED, why: Why = Why.PAGE, audited: bool = True
) -> Household:
    """One household of the coordinator's regions, with the look written to the audit trail.

    404 for any other household, as for a missing one (and nothing is written).
    """
    try:
        household = households_for_coordinator(user).get(public_id=public_id)
    except (Household.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    if audited:  # a change made through a service is audited there instead
        audit.record(
            actor=user, action=action, subject_kind="household", subject_id=str(household.public_id),
            region=household.region, why=why,
        )  # fmt: skip
    return household
