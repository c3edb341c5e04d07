"""Writes about households. Each service is one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.lib import links
from haven.lib.codes import hash_code, new_code
from haven.registry.models import Household, Status

EDITABLE_FIELDS = frozenset(
    {
        "alias", "adults", "children", "pets", "step_free", "women_only", "languages",
        "region", "district", "needed_from", "needed_until",
        "contact_telegram", "contact_phone", "contact_email",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Registration:
    household: Household
    code: str  # shown once, never stored


class DuplicateSubmission(Exception):
    """The same form was sent twice; the first one created ``household``."""

    def __init__(self, household: Household) -> None:
        super().__init__("duplicate submission")
        self.household = household


def register_household(*, submission_token: uuid.UUID | None = None, **fields: Any) -> Registration:
    """Create a household with a fresh case code.

    Raises DuplicateSubmission when ``submission_token`` was already used, so a
    double-pressed button creates one household. A code collision (one in ~10**11
    per pair) is retried with a new code; any other integrity error propagates.
    """
    unknown = set(fields) - EDITABLE_FIELDS - {"language"}
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    for _attempt in range(5):
        code = new_code()
        digest = hash_code(code, settings.HAVEN_CODE_KEY)
        try:
            with transaction.atomic():
                household = Household.objects.create(code_hash=digest, submission_token=submission_token, **fields)
            return Registration(household=household, code=code)
        except IntegrityError:
            if submission_token is not None:
                existing = Household.objects.filter(submission_token=submission_token).first()
                if existing is not None:
                    raise DuplicateSubmission(existing) from None
            if not Household.objects.filter(code_hash=digest).exists():
                raise
    raise RuntimeError("could not find a free case code")  # pragma: no cover - 5 collisions in a row


def reissue_code(household: Household) -> str:
    """Give the household a new case code; the old one stops working at once.

    For the person whose first answer never reached the phone (a double press on a
    weak signal): the form's secret token proves it is the same person.
    """
    for _attempt in range(5):
        code = new_code()
        digest = hash_code(code, settings.HAVEN_CODE_KEY)
        try:
            with transaction.atomic():
                Household.objects.filter(pk=household.pk).update(code_hash=digest)
            household.code_hash = digest
            return code
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free case code")  # pragma: no cover


# What a host said yes to: while a stay holds beds for the group, these stay as they are.
FIXED_WHILE_STAYING = ("adults", "children", "region")


class ChangeRefused(Exception):
    """A change the household cannot make now; ``fields`` names what it tried to change."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


@transaction.atomic
def update_household(household: Household, *, seen: bool = True, **fields: Any) -> Household:
    """Change what the household asked for. Only the fields of the form may change.

    The party's size and its city cannot change while a stay holds beds for it (the
    beds were counted for it and the host agreed to it): ``ChangeRefused``.
    """
    from haven.stays.models import Stay  # stays build on households
    from haven.stays.states import ACTIVE

    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    locked = Household.objects.select_for_update(of=("self",)).get(pk=household.pk)
    changed = [name for name in FIXED_WHILE_STAYING if name in fields and fields[name] != getattr(locked, name)]
    if changed and Stay.objects.filter(household=locked, state__in=ACTIVE).exists():
        raise ChangeRefused(changed)
    for name, value in fields.items():
        setattr(household, name, value)
    if seen:  # the group itself changed it (not a coordinator's import)
        household.last_seen_at = timezone.now()
    household.save(update_fields=[*fields, "last_seen_at", "updated_at"])
    return household


def mark_seen(household: Household) -> None:
    """The group showed it is still there (came back with its code, answered a message)."""
    Household.objects.filter(pk=household.pk).update(last_seen_at=timezone.now())


STILL_SALT = "haven.registry.still-needed"


@transaction.atomic
def ask_still_needed(*, household: Household, by: Any) -> bool:
    """Send the group a one-click "do you still need a place?" (once a day); False when
    no channel reaches it (the coordinator then calls)."""
    from haven.notify import services as notify
    from haven.notify.models import MessageState

    message = notify.enqueue(
        key=f"still:{household.public_id}:{timezone.localdate().isoformat()}", template="still_needed",
        language=household.language or "ru", to_household=household,
        context={"household": str(household.public_id), "link": "still-needed", "nonce": links.new_nonce()},
    )  # fmt: skip
    audit.record(
        actor=by, action=Action.ASKED_STILL_NEEDED, subject_kind="household", subject_id=str(household.public_id),
        region=household.region, why=Why.FOLLOW_UP,
    )  # fmt: skip
    return bool(message.state != MessageState.UNDELIVERABLE)


@transaction.atomic
def answer_still_needed(*, household: Household, still: bool) -> Household:
    """The group's answer: yes keeps its request open (and fresh), no withdraws it."""
    mark_seen(household)
    household.refresh_from_db(fields=["last_seen_at"])
    if still:
        household.last_seen_at = timezone.now()
        if household.status != Status.OPEN:
            household.status = Status.OPEN
        household.save(update_fields=["last_seen_at", "status", "updated_at"])
        return household
    return withdraw_household(household)


@transaction.atomic
def set_priority(household: Household, *, priority: bool, by: Any) -> Household:
    """A coordinator marks a group as a priority for matching (or takes the mark away), audited."""
    household.priority = priority
    household.save(update_fields=["priority", "updated_at"])
    audit.record(
        actor=by, action=Action.PRIORITY, subject_kind="household", subject_id=str(household.public_id),
        region=household.region, why=Why.MATCHING,
    )  # fmt: skip
    return household


@transaction.atomic
def withdraw_household(household: Household) -> Household:
    """The group no longer needs a place: its stays that have not begun are called off
    (their hosts told), so that the beds go to others."""
    from haven.stays import services as stays  # stays build on households
    from haven.stays.models import Stay, StayState

    household.status = Status.WITHDRAWN
    household.save(update_fields=["status", "updated_at"])
    waiting = [StayState.PLANNED, StayState.PROPOSED, StayState.BOOKED]
    for pk in list(
        Stay.objects.filter(household=household, state__in=waiting).order_by("start").values_list("pk", flat=True)
    ):
        stay = Stay.objects.get(pk=pk)
        if stay.state in waiting:  # not already called off with the leg before it
            stays.cancel(stay=stay, by_guest=True)
    return household


@transaction.atomic
def reopen_household(household: Household) -> Household:
    household.status = Status.OPEN
    household.save(update_fields=["status", "updated_at"])
    return household


@transaction.atomic
def erase_household(household: Household, *, why: Why = Why.OWNER) -> None:
    """Delete everything about a household, at its own request (or when its time is up).

    The audit trail keeps that an erasure happened in the region, and that
    coordinators had looked, but no longer which household it was.
    """
    audit.forget_subject(subject_kind="household", subject_id=str(household.public_id))
    region = household.region
    household.delete()
    audit.record(actor=None, action=Action.ERASED, subject_kind="household", region=region, why=why)
