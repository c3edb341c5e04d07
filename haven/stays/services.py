"""Every move of a stay: one function, one transaction, one event, the messages it causes.

Beds are never given twice. Every function that takes beds (a proposal, a chain, an
extension) locks the offer rows first (in primary-key order, so two of them never wait
for each other) and the household row, then counts, night by night, the people and
groups of the stays that hold beds there (``states.ACTIVE``). Two coordinators accepting
for the same bed at the same instant take turns on the offer's lock; the second finds
the bed taken. A household's own row lock keeps it out of two overlapping stays.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.hosting.models import Offer, OfferStatus, Vetting
from haven.notify import services as notify
from haven.registry.models import Household, Status
from haven.stays import states
from haven.stays.models import DeclineReason, Stay, StayEvent, StayState

NOTE_MAX = 500


class StayRefused(Exception):
    """A move that cannot be made; ``why`` is one of the codes the pages translate."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class LegRequest:
    offer: Offer
    start: dt.date
    end: dt.date


def _today() -> dt.date:
    return timezone.localdate()


def _nights(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    night = start
    while night < end:
        yield night
        night += dt.timedelta(days=1)


# --- beds ----------------------------------------------------------------------------


def occupancy(offers: Sequence[Offer], *, exclude: Iterable[int] = ()) -> dict[tuple[int, dt.date], tuple[int, int]]:
    """People and groups per (offer pk, night) of the stays that hold beds."""
    use: dict[tuple[int, dt.date], tuple[int, int]] = {}
    holding = Stay.objects.filter(offer__in=[o.pk for o in offers], state__in=states.ACTIVE).exclude(
        pk__in=list(exclude)
    )
    for offer_id, start, end, people in holding.values_list("offer_id", "start", "end", "people"):
        for night in _nights(start, end):
            beds, groups = use.get((offer_id, night), (0, 0))
            use[(offer_id, night)] = (beds + people, groups + 1)
    return use


def _check_fits(offer: Offer, start: dt.date, end: dt.date, people: int, use: dict[Any, tuple[int, int]]) -> None:
    if end <= start:
        raise StayRefused("dates")
    if start < offer.available_from or (offer.available_until is not None and end > offer.available_until):
        raise StayRefused("window")
    if (end - start).days > offer.max_nights:
        raise StayRefused("too-long")
    if people > offer.beds:
        raise StayRefused("full")
    for night in _nights(start, end):
        beds, groups = use.get((offer.pk, night), (0, 0))
        if beds + people > offer.beds or groups + 1 > offer.max_households:
            raise StayRefused("full")


def _lock_offers(offer_ids: Iterable[int]) -> dict[int, Offer]:
    return {
        o.pk: o
        for o in Offer.objects.select_for_update(of=("self",))
        .select_related("host", "region")
        .filter(pk__in=set(offer_ids))
        .order_by("pk")
    }


def _lock_household(household_id: int) -> Household:
    return Household.objects.select_for_update(of=("self",)).select_related("region").get(pk=household_id)


def _check_household_free(household: Household, start: dt.date, end: dt.date, *, exclude: Iterable[int] = ()) -> None:
    overlapping = (
        Stay.objects.filter(household=household, state__in=states.ACTIVE, start__lt=end, end__gt=start)
        .exclude(pk__in=list(exclude))
        .exists()
    )
    if overlapping:
        raise StayRefused("overlap")


def _check_rules(household: Household, offer: Offer) -> None:
    """The place's rules (as the engine's hard rules): pets, children, step-free, women only."""
    if (
        (household.pets and not offer.pets_ok)
        or (household.children and not offer.children_ok)
        or (household.step_free and not offer.step_free)
        or (offer.women_only and not household.women_only)
    ):
        raise StayRefused("rules")


def _check_bookable(offer: Offer) -> None:
    if offer.status != OfferStatus.ACTIVE or not offer.host.is_active:
        raise StayRefused("offer-closed")
    profile = getattr(offer.host, "host_profile", None)
    if profile is not None and profile.vetting == Vetting.SUSPENDED:
        raise StayRefused("offer-closed")


# --- events and messages -----------------------------------------------------------------


def _log(stay: Stay, move: str, before: str, *, by: Any = None, by_guest: bool = False, **detail: Any) -> None:
    StayEvent.objects.create(
        stay=stay, move=move, from_state=before, to_state=stay.state,
        actor=by if getattr(by, "is_authenticated", False) else None, by_guest=by_guest, detail=detail,
    )  # fmt: skip


def _tell_host(stay: Stay, event: str) -> None:
    host = stay.offer.host
    notify.enqueue(
        key=f"stay:{stay.public_id}:{event}:host", template=f"stay_{event}_host", language=host.language or "ru",
        to_user=host, context={"stay": str(stay.public_id), "link": "host-stay"},
    )  # fmt: skip


def _tell_guest(stay: Stay, event: str, *, once: str = "") -> None:
    """``once`` tells apart events that may happen more than once (each extension)."""
    household = stay.household
    notify.enqueue(
        key=f"stay:{stay.public_id}:{event}{once}:guest", template=f"stay_{event}_guest",
        language=household.language or "ru", to_household=household,
        context={"stay": str(stay.public_id), "link": "guest-stay", "nonce": secrets.token_urlsafe(16)},
    )  # fmt: skip


def _answer_deadline(start: dt.date, now: dt.datetime) -> dt.datetime:
    """Default 12 h to answer; less when the first night is tonight (or already began)."""
    hours = settings.HAVEN_PROPOSAL_HOURS
    if start <= timezone.localdate(now):
        hours = min(hours, settings.HAVEN_PROPOSAL_TONIGHT_HOURS)
    return now + dt.timedelta(hours=hours)


def _open_proposal(stay: Stay, now: dt.datetime) -> None:
    stay.state = StayState.PROPOSED
    stay.proposed_at = now
    stay.expires_at = _answer_deadline(stay.start, now)
    _tell_host(stay, "proposed")
    _tell_guest(stay, "proposed")


# --- proposing -------------------------------------------------------------------------------


@transaction.atomic
def propose(
    *, household: Household, legs: Sequence[LegRequest], by: Any, suggestion: Any = None,
    reason_codes: Sequence[Any] = (),
) -> list[Stay]:  # fmt: skip
    """Propose a stay (or a chain of consecutive legs) for a household that still looks.

    The first leg goes to its host at once; later legs wait as planned (their beds
    held) and are proposed to their hosts before the leg before them ends (``tick``).
    Refused, with nothing written, when any leg does not fit.
    """
    if not legs:
        raise StayRefused("dates")
    offers = _lock_offers(leg.offer.pk for leg in legs)
    person = _lock_household(household.pk)
    if person.status != Status.OPEN:
        raise StayRefused("closed")
    for before, after in itertools.pairwise(legs):
        if after.start != before.end or after.offer.pk == before.offer.pk:
            raise StayRefused("dates")
    if legs[0].start < _today():
        raise StayRefused("past")
    people = person.adults + person.children
    use = occupancy(list(offers.values()))
    for leg in legs:
        offer = offers.get(leg.offer.pk)
        if offer is None:
            raise StayRefused("offer-closed")
        _check_bookable(offer)
        _check_rules(person, offer)
        _check_fits(offer, leg.start, leg.end, people, use)
        if person.region_id != offer.region_id:
            raise StayRefused("offer-closed")
    _check_household_free(person, legs[0].start, legs[-1].end)

    now = timezone.now()
    stays: list[Stay] = []
    for n, leg in enumerate(legs):
        stay = Stay(
            household=person, offer=offers[leg.offer.pk], start=leg.start, end=leg.end, people=people,
            state=StayState.PLANNED, previous=stays[-1] if stays else None, suggestion=suggestion,
            reason_codes=list(reason_codes), proposed_by=by if getattr(by, "is_authenticated", False) else None,
        )  # fmt: skip
        if n == 0:
            _open_proposal(stay, now)
        stay.save()
        _log(stay, "propose" if n == 0 else "plan", "", by=by)
        stays.append(stay)
    return stays


# --- answers -----------------------------------------------------------------------------------


def _lock(stay: Stay) -> Stay:
    return (
        Stay.objects.select_for_update(of=("self",)).select_related("offer__host", "household__region").get(pk=stay.pk)
    )


def _require(stay: Stay, move: str, who: str) -> None:
    if not states.allowed(move, stay.state, who):
        raise StayRefused(f"not-{stay.state}" if stay.state in states.FINISHED else "wrong-state")


def _expired(stay: Stay, now: dt.datetime) -> bool:
    return stay.expires_at is not None and stay.expires_at <= now


def _maybe_book(stay: Stay, before: str, *, by: Any, by_guest: bool) -> None:
    if stay.both_said_yes:
        stay.state = StayState.BOOKED
        stay.expires_at = None
        stay.save()
        _log(stay, "book", before, by=by, by_guest=by_guest)
        _tell_host(stay, "booked")
        _tell_guest(stay, "booked")


@transaction.atomic
def host_accept(*, stay: Stay, by: Any) -> Stay:
    """The host says yes. A suspended host, or a place no longer open, cannot. The guest
    then has ``HAVEN_GUEST_ANSWER_HOURS`` more to confirm (many have no e-mail and come
    back with their code)."""
    stay = _lock(stay)
    _require(stay, "accept", "host")
    now = timezone.now()
    if _expired(stay, now):
        raise StayRefused("expired")
    if stay.host_accepted_at is not None:
        raise StayRefused("already")
    _check_bookable(stay.offer)
    before = stay.state
    stay.host_accepted_at = now
    if stay.guest_confirmed_at is None:
        guest_deadline = now + dt.timedelta(hours=settings.HAVEN_GUEST_ANSWER_HOURS)
        stay.expires_at = max(stay.expires_at or now, guest_deadline)
    stay.save()
    _log(stay, "accept", before, by=by)
    _maybe_book(stay, before, by=by, by_guest=False)
    return stay


@transaction.atomic
def guest_confirm(*, stay: Stay) -> Stay:
    stay = _lock(stay)
    _require(stay, "confirm", "guest")
    if _expired(stay, timezone.now()):
        raise StayRefused("expired")
    if stay.guest_confirmed_at is not None:
        raise StayRefused("already")
    before = stay.state
    stay.guest_confirmed_at = timezone.now()
    stay.save()
    _log(stay, "confirm", before, by_guest=True)
    _maybe_book(stay, before, by=None, by_guest=True)
    return stay


def _end_chain(stay: Stay, *, by: Any, by_guest: bool) -> None:
    """A leg that will not happen takes the planned legs after it along: the group
    goes back into the pool for all of its nights."""
    for later in Stay.objects.select_for_update(of=("self",)).filter(
        previous=stay, state__in=[StayState.PLANNED, StayState.PROPOSED]
    ):
        before = later.state
        later.state = StayState.CANCELLED
        later.expires_at = None
        later.save()
        _log(later, "cancel", before, by=by, by_guest=by_guest, because="previous")
        if before == StayState.PROPOSED:  # its host was asked: tell her it is off
            _tell_host(later, "cancelled")
        _end_chain(later, by=by, by_guest=by_guest)


@transaction.atomic
def host_decline(*, stay: Stay, by: Any, reason: str) -> Stay:
    """The host says no. Matching will not propose this group to this offer again."""
    from haven.matching.models import Exclusion  # matching proposes through this module

    if reason not in DeclineReason.values:
        raise StayRefused("reason")
    stay = _lock(stay)
    _require(stay, "decline", "host")
    before = stay.state
    stay.state = StayState.DECLINED
    stay.decline_reason = reason
    stay.expires_at = None
    stay.save()
    Exclusion.objects.get_or_create(household=stay.household, offer=stay.offer, defaults={"created_by": by})
    _log(stay, "decline", before, by=by, reason=reason)
    _end_chain(stay, by=by, by_guest=False)
    return stay


@transaction.atomic
def cancel(*, stay: Stay, by: Any = None, by_guest: bool = False) -> Stay:
    """The guest no longer wants it, or a coordinator calls it off."""
    stay = _lock(stay)
    _require(stay, "cancel", "guest" if by_guest else "coordinator")
    before = stay.state
    stay.state = StayState.CANCELLED
    stay.expires_at = None
    stay.save()
    _log(stay, "cancel", before, by=by, by_guest=by_guest)
    if before != StayState.PLANNED:
        _tell_host(stay, "cancelled")
    _end_chain(stay, by=by, by_guest=by_guest)
    return stay


# --- during the stay --------------------------------------------------------------------------


@transaction.atomic
def check_in(*, stay: Stay, by: Any = None, by_guest: bool = False) -> Stay:
    stay = _lock(stay)
    _require(stay, "check-in", "guest" if by_guest else "host")
    if _today() < stay.start:
        raise StayRefused("too-early")
    before = stay.state
    stay.state = StayState.CHECKED_IN
    stay.save()
    _log(stay, "check-in", before, by=by, by_guest=by_guest)
    return stay


@transaction.atomic
def no_show(*, stay: Stay, by: Any) -> Stay:
    """The guest never came: only once the first night has passed. The beds return to the pool."""
    stay = _lock(stay)
    _require(stay, "no-show", "host")
    if _today() <= stay.start:
        raise StayRefused("too-early")
    before = stay.state
    stay.state = StayState.NO_SHOW
    stay.save()
    _log(stay, "no-show", before, by=by)
    _end_chain(stay, by=by, by_guest=False)
    return stay


@transaction.atomic
def extend(*, stay: Stay, by: Any, until: dt.date) -> Stay:
    """The host offers more nights: checked against the offer's window, its longest
    stay, its beds and the group's other stays."""
    stay = _lock(stay)
    _require(stay, "extend", "host")
    if until <= stay.end:
        raise StayRefused("not-longer")
    offers = _lock_offers([stay.offer_id])
    _lock_household(stay.household_id)
    offer = offers[stay.offer_id]
    _check_fits(offer, stay.start, until, stay.people, occupancy([offer], exclude=[stay.pk]))
    _check_household_free(stay.household, stay.end, until, exclude=[stay.pk])
    before, old_end = stay.state, stay.end
    stay.end = until
    stay.save()
    _log(stay, "extend", before, by=by, end=until.isoformat(), was=old_end.isoformat())
    _tell_guest(stay, "extended", once=f"-{until.isoformat()}")
    return stay


@transaction.atomic
def check_out(*, stay: Stay, by: Any = None, by_guest: bool = False) -> Stay:
    """Leave; before the last night the stay is shortened to today and frees the rest.
    A next leg of the chain is left as it is."""
    stay = _lock(stay)
    _require(stay, "check-out", "guest" if by_guest else "host")
    before = stay.state
    today = _today()
    early = today < stay.end
    if early:
        stay.end = max(today, stay.start + dt.timedelta(days=1))
    stay.state = StayState.CHECKED_OUT
    stay.save()
    _log(stay, "check-out", before, by=by, by_guest=by_guest, early=early)
    # The next leg, if any, stands: it starts on its own day (the clock proposes it in time).
    return stay


@transaction.atomic
def leave_note(*, stay: Stay, text: str, by_guest: bool, by: Any = None) -> Stay:
    """A short private note for coordinators, once the stay is over."""
    text = text.strip()
    if not text or len(text) > NOTE_MAX:
        raise StayRefused("note")
    stay = _lock(stay)
    if stay.state not in (StayState.CHECKED_OUT, StayState.NO_SHOW):
        raise StayRefused("wrong-state")
    if by_guest:
        stay.guest_note = text
    else:
        stay.host_note = text
    stay.save()
    _log(stay, "note", stay.state, by=by, by_guest=by_guest)
    return stay


def record_contact_view(*, stay: Stay, viewer: Any, side: str) -> None:
    """A look at the other side's contact and the exact address, in the audit trail."""
    subject = stay.household if side == "host" else stay.offer
    audit.record(
        actor=viewer, action=Action.REVEALED_CONTACT, subject_kind="household" if side == "host" else "offer",
        subject_id=str(subject.public_id), region=stay.household.region, why=Why.MATCHING if side == "host" else Why.OWNER,
        detail=f"stay {stay.public_id}",
    )  # fmt: skip
