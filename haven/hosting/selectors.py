"""Reads about offers, with the rules of who may see which."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.selectors import coordinated_regions
from haven.audit import services as audit
from haven.audit.models import Action
from haven.hosting.models import HostProfile, Offer


def offers_of_host(user: Any) -> QuerySet[Offer]:
    return Offer.objects.select_related("region", "district").filter(host=user)


def offer_for_host(user: Any, public_id: Any) -> Offer:
    """One of this host's own offers; 404 for anyone else's, as for a missing one."""
    try:
        return offers_of_host(user).get(public_id=public_id)
    except (Offer.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def offers_for_coordinator(user: Any) -> QuerySet[Offer]:
    return Offer.objects.select_related("region", "district", "host", "host__host_profile").filter(
        region__in=coordinated_regions(user)
    )


def offer_for_coordinator(user: Any, public_id: Any, *, audited: bool = True) -> Offer:
    """One offer of the coordinator's regions (its address shown: the look is audited); else 404."""
    try:
        offer = offers_for_coordinator(user).get(public_id=public_id)
    except (Offer.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
    if audited:
        audit.record(
            actor=user, action=Action.VIEWED, subject_kind="offer", subject_id=str(offer.public_id),
            region=offer.region,
        )  # fmt: skip
    return offer


def vetting_of(user: Any) -> HostProfile:
    """The host's profile, unsaved and not vetted if the host has none yet."""
    return HostProfile.objects.filter(user=user).first() or HostProfile(user=user)
