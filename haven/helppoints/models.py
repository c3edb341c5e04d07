"""Help points: where a person who just crossed the border finds food, an office, legal
aid, a doctor, someone to talk to, a desk, a SIM card or an exchange.

A point is a public organisation's place (or a hotline): nothing here is about a
person. Its opening hours are read on its city's clock (``hours.py``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.helppoints.hours import Week, from_json


class Kind(models.TextChoices):
    FOOD = "food", _("Food")
    REGISTRATION = "registration", _("Registration office")
    MIGRATION = "migration", _("Migration office")
    LEGAL = "legal", _("Legal aid")
    MEDICAL = "medical", _("Medical help")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    PEER_GROUP = "peer-group", _("Peer group (Russian-speaking)")
    HOTLINE = "hotline", _("Support by phone (hotline)")
    WORKSPACE = "workspace", _("Workspace")
    SIM = "sim", _("SIM cards")
    EXCHANGE = "exchange", _("Currency exchange")


# Kinds met by phone: an address is not needed, a phone number is.
BY_PHONE = {Kind.HOTLINE}
MAX_NOTE = 1000
LAT_RANGE = (Decimal(-90), Decimal(90))
LON_RANGE = (Decimal(-180), Decimal(180))


class HelpPoint(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="help_points", verbose_name=_("city")
    )
    # Of the same region: checked by the form and the service (a check constraint cannot see another table).
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.PROTECT, related_name="help_points",
        verbose_name=_("district"),
    )  # fmt: skip
    kind = models.CharField(_("kind of help"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    # Seven lists (Monday first) of ["HH:MM", "HH:MM"]; see hours.py.
    hours = models.JSONField(_("opening hours"), default=list, blank=True)
    is_active = models.BooleanField(_("shown"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("help point")
        verbose_name_plural = _("help points")
        indexes = [models.Index(fields=["region", "is_active", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="helppoint_latitude_in_range"),
            models.CheckConstraint(condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180), name="helppoint_longitude_in_range"),
            models.CheckConstraint(condition=Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False), name="helppoint_both_coordinates_or_neither"),
            models.CheckConstraint(condition=~Q(name=""), name="helppoint_has_a_name"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"help point {str(self.public_id)[:8]}"

    @property
    def week(self) -> Week:
        return from_json(self.hours)

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None
