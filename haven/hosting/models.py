"""Hosts' offers of a bed, a room or a flat, and the vetting of hosts.

The exact address is encrypted and shown only to the host and to the coordinators
of the offer's region (later, to a guest whose stay both sides confirmed). Everyone
else sees the district.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.lib.crypto import EncryptedTextField

MAX_BEDS = 30
MAX_HOUSEHOLDS = 10
MAX_STAY_NIGHTS = 365


class Kind(models.TextChoices):
    BED = "bed", _("A bed")
    ROOM = "room", _("A room")
    FLAT = "flat", _("A whole flat")


class Currency(models.TextChoices):
    KZT = "KZT", _("tenge (KZT)")
    KGS = "KGS", _("som (KGS)")
    USD = "USD", _("US dollars (USD)")


class OfferStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("status of an offer", "Open")
    PAUSED = "paused", pgettext_lazy("status of an offer", "Paused")
    WITHDRAWN = "withdrawn", pgettext_lazy("status of an offer", "Withdrawn")


class Vetting(models.TextChoices):
    NOT_VETTED = "not-vetted", _("Not vetted")
    VETTED = "vetted", _("Vetted")
    VOUCHED = "vouched", _("Vouched for by a vetted host")
    SUSPENDED = "suspended", _("Suspended")


class HostProfile(models.Model):
    """What coordinators know of a host: vetting, and who decided it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_profile")
    vetting = models.CharField(_("vetting"), max_length=20, choices=Vetting.choices, default=Vetting.NOT_VETTED)
    vetting_note = models.TextField(_("note"), blank=True, max_length=1000)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    # A vetted host who answers for this one (vetting "vouched").
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("vouched for by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")

    def __str__(self) -> str:
        return str(self.user)


class Offer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers", verbose_name=_("host")
    )
    kind = models.CharField(_("what you offer"), max_length=10, choices=Kind.choices, default=Kind.ROOM)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="offers", verbose_name=_("city")
    )
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, related_name="offers", verbose_name=_("district")
    )
    address = EncryptedTextField(_("exact address"))
    beds = models.PositiveSmallIntegerField(_("beds"), default=1)
    max_households = models.PositiveSmallIntegerField(_("households at once"), default=1)
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"), null=True, blank=True)
    max_nights = models.PositiveSmallIntegerField(_("longest stay, nights"), default=14)
    pets_ok = models.BooleanField(_("pets welcome"), default=False)
    children_ok = models.BooleanField(_("children welcome"), default=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    women_only = models.BooleanField(_("women only"), default=False)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    price_per_night = models.DecimalField(_("price per night"), max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    rules = models.TextField(_("house rules"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["available_from", "created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(condition=Q(beds__gte=1, beds__lte=MAX_BEDS), name="offer_beds_in_range"),
            models.CheckConstraint(
                condition=Q(max_households__gte=1, max_households__lte=F("beds")), name="offer_households_fit_beds"
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gt=F("available_from")),
                name="offer_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(max_nights__gte=1, max_nights__lte=MAX_STAY_NIGHTS), name="offer_max_nights_in_range"
            ),
            models.CheckConstraint(
                condition=Q(price_per_night__isnull=True) | Q(price_per_night__gt=0, currency__in=Currency.values),
                name="offer_price_has_currency",
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "available_from"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.district}"

    @property
    def is_free(self) -> bool:
        return self.price_per_night is None
