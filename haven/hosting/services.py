"""Writes about offers and hosts. Each service is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action
from haven.hosting.models import HostProfile, Offer, OfferStatus, Vetting

OFFER_FIELDS = frozenset(
    {
        "kind", "region", "district", "address", "beds", "max_households", "available_from",
        "available_until", "max_nights", "pets_ok", "children_ok", "step_free", "women_only",
        "languages", "price_per_night", "currency", "rules",
    }
)  # fmt: skip


def _check(fields: dict[str, Any]) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")


@transaction.atomic
def create_offer(*, host: Any, **fields: Any) -> Offer:
    _check(fields)
    if _is_suspended(host):
        raise HostSuspended
    HostProfile.objects.get_or_create(user=host)
    return Offer.objects.create(host=host, **fields)


@transaction.atomic
def update_offer(offer: Offer, **fields: Any) -> Offer:
    _check(fields)
    if _is_suspended(offer.host):
        raise HostSuspended
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save(update_fields=[*fields, "updated_at"])
    return offer


class HostSuspended(Exception):
    """A suspended host may pause or withdraw, not open or change offers."""


def _is_suspended(host: Any) -> bool:
    return HostProfile.objects.filter(user=host, vetting=Vetting.SUSPENDED).exists()


@transaction.atomic
def set_offer_status(offer: Offer, status: OfferStatus) -> Offer:
    """Pause, resume or withdraw. A withdrawn offer stays withdrawn; a suspended host cannot resume."""
    if offer.status == OfferStatus.WITHDRAWN:
        return offer
    if status == OfferStatus.ACTIVE and _is_suspended(offer.host):
        raise HostSuspended
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    return offer


class VouchRefused(Exception):
    """The voucher is not a vetted host (or is the host itself)."""


@transaction.atomic
def vet_host(*, host: Any, by: Any, vetting: Vetting, note: str, region: Any, voucher: Any = None) -> HostProfile:
    """Record a coordinator's decision on a host, in the audit trail too.

    Suspending a host pauses all their open offers at once and calls off the stays
    not yet agreed (planned or waiting for answers): nobody is proposed to them while a
    coordinator looks into it. Booked stays are left to the coordinators to decide.
    """
    from haven.stays import services as stays  # stays build on offers
    from haven.stays.models import Stay, StayState

    profile, _ = HostProfile.objects.select_for_update().get_or_create(user=host)
    if vetting == Vetting.SUSPENDED:
        Offer.objects.filter(host=host, status=OfferStatus.ACTIVE).update(status=OfferStatus.PAUSED)
        pending = Stay.objects.filter(offer__host=host, state__in=[StayState.PLANNED, StayState.PROPOSED])
        for pk in list(pending.order_by("start").values_list("pk", flat=True)):
            stay = Stay.objects.get(pk=pk)
            if stay.state in (StayState.PLANNED, StayState.PROPOSED):
                stays.cancel(stay=stay, by=by)
    if vetting == Vetting.VOUCHED:
        vetted = HostProfile.objects.filter(user=voucher, vetting=Vetting.VETTED).exists()
        if voucher is None or voucher == host or not vetted:
            raise VouchRefused
    profile.vouched_by = voucher if vetting == Vetting.VOUCHED else None
    profile.vetting = vetting
    profile.vetting_note = note
    profile.vetted_by = by
    profile.vetted_at = timezone.now()
    profile.save()
    audit.record(
        actor=by, action=Action.VETTED, subject_kind="host", subject_id=str(host.public_id), region=region,
        detail=str(vetting),
    )  # fmt: skip
    return profile
