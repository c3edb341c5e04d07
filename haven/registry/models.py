"""Households that need a place to stay, known by a case code and an alias.

Nothing here identifies a person in law: no legal name, document, home address,
military status, ethnicity or nationality. Contact details are optional and
encrypted. The case code is never stored, only its keyed hash.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.lib.crypto import EncryptedTextField

MAX_ADULTS = 12
MAX_CHILDREN = 12
MAX_NIGHTS = 365


class Status(models.TextChoices):
    OPEN = "open", _("Looking for a place")
    WITHDRAWN = "withdrawn", pgettext_lazy("status of a request", "Withdrawn")


class Household(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A hidden token from the form: pressing "send" twice creates one household.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    alias = models.CharField(_("alias"), max_length=40)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    pets = models.BooleanField(_("with pets"), default=False)
    step_free = models.BooleanField(_("needs step-free access"), default=False)
    women_only = models.BooleanField(_("women-only household"), default=False)
    # Set by a coordinator, never by the household: small children, illness, pregnancy...
    # Only the mark is kept, not why: matching weighs these groups higher.
    priority = models.BooleanField(_("priority"), default=False)
    # The language of the pages when it registered: messages to it are written in it.
    language = models.CharField(_("language of messages"), max_length=8, default="ru")
    # When the group last showed it still needs a place: registered, came back with its
    # code, changed its request, or answered "still need it?". Older than a few days: stale.
    last_seen_at = models.DateTimeField(_("last heard from"), default=timezone.now)
    languages = models.JSONField(_("languages"), default=list, blank=True)

    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="households", verbose_name=_("city")
    )
    district = models.ForeignKey(
        "accounts.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
        verbose_name=_("preferred district"),
    )
    needed_from = models.DateField(_("first night"))
    needed_until = models.DateField(_("leaving on"))

    contact_telegram = EncryptedTextField(_("Telegram"), blank=True, default="")
    contact_phone = EncryptedTextField(_("phone"), blank=True, default="")
    contact_email = EncryptedTextField(_("e-mail"), blank=True, default="")
    # Registered by an employer moving a team: its request's budget applies in matching.
    relocation = models.ForeignKey(
        "relocation.RelocationRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
        verbose_name=_("relocation request"),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["needed_from", "created_at"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(adults__gte=1, adults__lte=MAX_ADULTS), name="household_adults_in_range"
            ),
            models.CheckConstraint(condition=Q(children__lte=MAX_CHILDREN), name="household_children_in_range"),
            models.CheckConstraint(condition=Q(needed_until__gt=F("needed_from")), name="household_dates_ordered"),
        ]
        indexes = [models.Index(fields=["region", "status", "needed_from"])]

    def __str__(self) -> str:
        # Not the alias: this string ends up in admin logs and error reports.
        return f"household {str(self.public_id)[:8]}"

    @property
    def party_size(self) -> int:
        return self.adults + self.children

    @property
    def nights(self) -> int:
        return (self.needed_until - self.needed_from).days

    @property
    def languages_text(self) -> str:
        from haven.lib.languages import labels

        return labels(list(self.languages or []))

    @property
    def needs_text(self) -> str:
        """The household's needs as one readable phrase, in the active language."""
        needs = [
            label
            for wanted, label in [
                (self.pets, _("with pets")),
                (self.step_free, _("step-free access")),
                (self.women_only, _("women only")),
            ]
            if wanted
        ]
        return ", ".join(str(n) for n in needs)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_telegram or self.contact_phone or self.contact_email)
