"""Rentals: flats that landlords list for months, tenants' requests, the rents people
report, and reports of discrimination.

A listing shows its district, never its address, until its landlord accepts a
tenant's request. Its text is screened on every save (``screening.py``): a listing that
excludes people by ethnicity, nationality, religion or origin is held, not published,
until it is rephrased or a coordinator overrides the flag with a reason. A rent far
above its district's median is held for a coordinator's look too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.lib.crypto import EncryptedTextField

MAX_ROOMS = 6  # "6" reads "6 or more"
MAX_RENT = 100_000_000  # in any currency: 10^8 is beyond any flat
MAX_DESCRIPTION = 5000
MAX_PHOTOS = 6


class Currency(models.TextChoices):
    KZT = "KZT", _("tenge (KZT)")
    KGS = "KGS", _("som (KGS)")
    USD = "USD", _("US dollars (USD)")


class ListingStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for a coordinator's look")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")


class Hold(models.TextChoices):
    NONE = "", _("Not held")
    DISCRIMINATION = "discrimination", _("Its text excludes people")
    GOUGING = "gouging", _("Its rent is far above the district's median")


class LandlordProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="landlord_profile")
    # The fair-housing pledge: no listing is published before it is accepted.
    pledge_accepted_at = models.DateTimeField(_("pledge accepted"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)

    class Meta:
        verbose_name = _("landlord")
        verbose_name_plural = _("landlords")

    def __str__(self) -> str:
        return f"landlord {self.user_id}"


class Listing(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    landlord = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings")
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="listings", verbose_name=_("city")
    )
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, related_name="listings", verbose_name=_("district")
    )
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    area_m2 = models.PositiveSmallIntegerField(_("area, m²"))
    floor = models.SmallIntegerField(_("floor"))
    furnished = models.BooleanField(_("furnished"), default=True)
    pets_ok = models.BooleanField(_("pets welcome"), default=False)
    children_ok = models.BooleanField(_("children welcome"), default=True)
    rent = models.DecimalField(_("monthly rent"), max_digits=12, decimal_places=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    deposit = models.DecimalField(_("deposit"), max_digits=12, decimal_places=0, default=0)
    min_term_months = models.PositiveSmallIntegerField(_("shortest term, months"), default=1)
    available_from = models.DateField(_("available from"))
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION, blank=True)
    # Shown only to a tenant whose request the landlord accepted.
    address = EncryptedTextField(_("exact address"))
    status = models.CharField(_("status"), max_length=12, choices=ListingStatus.choices, default=ListingStatus.HELD)
    hold = models.CharField(_("held because"), max_length=16, choices=Hold.choices, blank=True, default="")
    # What the screener found (the phrases as written, and why); empty when clean.
    flagged_terms = models.JSONField(default=list, blank=True)
    flagged_why = models.CharField(max_length=200, blank=True)
    # Rent over the median of its city, district and rooms when saved (None: too few to tell).
    above_median = models.FloatField(null=True, blank=True)
    # A coordinator's decision on a hold, and why (kept for the audit; no personal data).
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rental listing")
        verbose_name_plural = _("rental listings")
        constraints = [
            models.CheckConstraint(condition=Q(rent__gt=0, rent__lte=MAX_RENT), name="listing_rent_in_range"),
            models.CheckConstraint(condition=Q(deposit__gte=0, deposit__lte=MAX_RENT), name="listing_deposit_in_range"),
            models.CheckConstraint(condition=Q(rooms__gte=1, rooms__lte=MAX_ROOMS), name="listing_rooms_in_range"),
            models.CheckConstraint(condition=Q(area_m2__gte=8, area_m2__lte=1000), name="listing_area_in_range"),
            models.CheckConstraint(condition=Q(min_term_months__gte=1, min_term_months__lte=36), name="listing_term_in_range"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"listing {str(self.public_id)[:8]}"

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.PUBLISHED

    @property
    def flagged_grounds(self) -> str:
        """Why the screener held it, in the reader's language: "ethnicity and religion"."""
        words = self.flagged_why.removeprefix("excludes people by ").split(" and ") if self.flagged_why else []
        return ", ".join(str(GROUNDS.get(word, word)) for word in words)


GROUNDS = {
    "ethnicity": _("ethnicity"), "nationality": _("nationality"), "religion": _("religion"), "origin": _("origin"),
}  # fmt: skip


class Photo(models.Model):
    """A photo, re-encoded on upload: resized, and with no EXIF (so no GPS position)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="rentals/%Y/%m/", width_field="width", height_field="height")
    thumb = models.ImageField(upload_to="rentals/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"photo {self.pk}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the landlord")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RentalRequest(models.Model):
    """A tenant's request to rent a listing: a household by its code, or an account."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="requests")
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="rental_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="rental_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    move_in = models.DateField(_("moving in"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False, user__isnull=True) | Q(household__isnull=True, user__isnull=False),
                name="rental_request_has_one_tenant",
            ),
            # One open request per tenant and listing: a second press sends nothing new.
            models.UniqueConstraint(
                fields=["listing", "household"], condition=Q(status="pending", household__isnull=False),
                name="one_open_rental_request_per_household",
            ),
            models.UniqueConstraint(
                fields=["listing", "user"], condition=Q(status="pending", user__isnull=False),
                name="one_open_rental_request_per_user",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"rental request {str(self.public_id)[:8]}"


class RentReport(models.Model):
    """A rent a tenant paid, told anonymously after moving in: no tenant, no listing."""

    region = models.ForeignKey("accounts.Region", on_delete=models.CASCADE, related_name="rent_reports")
    district = models.ForeignKey("accounts.District", on_delete=models.CASCADE, related_name="rent_reports")
    rooms = models.PositiveSmallIntegerField()
    rent = models.DecimalField(max_digits=12, decimal_places=0)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    month = models.DateField()  # the first day of the month it was paid for
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rent__gt=0, rent__lte=MAX_RENT), name="rent_report_in_range"),
            models.CheckConstraint(condition=Q(rooms__gte=1, rooms__lte=MAX_ROOMS), name="rent_report_rooms_in_range"),
        ]

    def __str__(self) -> str:
        return f"rent report {self.pk}"


class ReportKind(models.TextChoices):
    AD = "ad", _("The ad excludes people")
    REFUSAL = "refusal", _("I was refused because of who I am")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a coordinator")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class DiscriminationReport(models.Model):
    """A tenant's report, anonymous: what happened, about which listing; no reporter."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("what happened"), max_length=10, choices=ReportKind.choices)
    text = models.TextField(_("what happened, in your words"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("coordinator's note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"discrimination report {str(self.public_id)[:8]}"
