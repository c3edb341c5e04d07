"""A stay: one household at one offer for a run of nights, from proposal to check-out.

A chained stay is several rows, each leg pointing to the one before (``previous``).
The states and the moves between them live in ``states.py``; every move is one
service call (``services.py``) that writes a ``StayEvent``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.lib.crypto import EncryptedTextField


class StayState(models.TextChoices):
    PLANNED = "planned", _("Planned next stay")
    PROPOSED = "proposed", _("Waiting for answers")
    BOOKED = "booked", _("Confirmed")
    CHECKED_IN = "checked-in", _("Staying")
    CHECKED_OUT = "checked-out", _("Checked out")
    DECLINED = "declined", _("Declined by the host")
    EXPIRED = "expired", _("No answer in time")
    NO_SHOW = "no-show", _("Did not arrive")
    CANCELLED = "cancelled", _("Cancelled")


class DeclineReason(models.TextChoices):
    DATES = "dates", _("These dates do not work for me")
    FULL = "full", _("My place is already taken")
    NOT_A_FIT = "not-a-fit", _("My place does not suit this group")
    OTHER = "other", _("Another reason")


class Stay(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="stays", verbose_name=_("group")
    )
    offer = models.ForeignKey("hosting.Offer", on_delete=models.CASCADE, related_name="stays", verbose_name=_("offer"))
    start = models.DateField(_("first night"))
    end = models.DateField(_("leaving on"))
    # The party size when proposed: what the beds were counted for.
    people = models.PositiveSmallIntegerField(_("people"))
    state = models.CharField(_("state"), max_length=20, choices=StayState.choices, default=StayState.PROPOSED)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_legs",
        verbose_name=_("stay before"),
    )  # fmt: skip
    suggestion = models.ForeignKey(
        "matching.Suggestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="stays"
    )
    reason_codes = models.JSONField(default=list, blank=True)  # why it was proposed, shown translated
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    host_accepted_at = models.DateTimeField(null=True, blank=True)
    guest_confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    # Safeguarding notes after the stay, for coordinators only.
    host_note = EncryptedTextField(_("host's note"), blank=True)
    guest_note = EncryptedTextField(_("guest's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "created_at"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="stay_dates_ordered"),
            models.CheckConstraint(condition=Q(people__gte=1), name="stay_has_people"),
            models.CheckConstraint(condition=Q(state__in=StayState.values), name="stay_state_known"),
        ]
        indexes = [
            models.Index(fields=["offer", "state", "start"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"stay {str(self.public_id)[:8]}"

    @property
    def nights(self) -> int:
        return (self.end - self.start).days

    @property
    def reason_texts(self) -> list[str]:
        from haven.matching.models import describe_reason

        return [describe_reason(code) for code in self.reason_codes if isinstance(code, dict)]

    @property
    def waiting_for_host(self) -> bool:
        return self.state == StayState.PROPOSED and self.host_accepted_at is None

    @property
    def waiting_for_guest(self) -> bool:
        return self.state == StayState.PROPOSED and self.guest_confirmed_at is None

    @property
    def both_said_yes(self) -> bool:
        return self.host_accepted_at is not None and self.guest_confirmed_at is not None


class StayEvent(models.Model):
    """One move of a stay: who, when, from which state to which."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    move = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # The guest acting with his code or a signed link (no account), or the system (neither).
    by_guest = models.BooleanField(default=False)
    detail = models.JSONField(default=dict, blank=True)  # dates changed, a reason code; nothing personal

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.move}: {self.from_state} -> {self.to_state}"
