"""Desks at coworking spaces, libraries and companies with room to spare, booked by the day.

A desk-day is one desk on one day. Each open day of a space has a row (``DeskDay``)
holding its capacity and how many desks are booked, with a check constraint that the
booked never pass the capacity: the database itself refuses a desk given twice. A
booking locks the rows of its days in date order, so two bookings for the last desk
wait for each other and the second is refused.

A full day can be waited for (``WaitlistEntry``); when desks free up, the first entry
in line that now fits is offered them as a held booking for a few hours (as pretix's
waiting list does), told through the outbox, and the next is offered if it lapses.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.hosting.models import Currency
from haven.lib.codes import new_code

MAX_DESKS = 2000


class Amenity(models.TextChoices):
    POWER = "power", _("Power at every desk")
    WIFI = "wifi", _("Wi-Fi")
    QUIET = "quiet", _("A quiet room")
    CALLS = "calls", _("Booths for calls")
    KITCHEN = "kitchen", _("Kitchen or tea")
    STEP_FREE = "step-free", _("Step-free access")


class Kind(models.TextChoices):
    COWORKING = "coworking", _("Coworking space")
    LIBRARY = "library", _("Library")
    COMPANY = "company", _("A company's spare desks")
    OTHER = "other", _("Other")


def new_slug_suffix() -> str:
    return secrets.token_hex(3)


class Workspace(models.Model):
    slug = models.SlugField(_("short name in links"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind of place"), max_length=12, choices=Kind.choices, default=Kind.COWORKING)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="workspaces", verbose_name=_("city")
    )
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("district"),
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200)
    weekdays = models.CharField(
        _("open on"), max_length=7, default="01234",
        validators=[RegexValidator(r"^[0-6]{1,7}$", _("Choose at least one day."))],
    )  # fmt: skip
    opens_at = models.TimeField(_("opens at"), default="09:00")
    closes_at = models.TimeField(_("closes at"), default="20:00")
    desks = models.PositiveIntegerField(_("desks"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DESKS)])
    price_per_day = models.DecimalField(
        _("price per desk and day"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Leave empty if the desks are free."),
    )  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    amenities = models.JSONField(_("amenities"), default=list, blank=True)
    rules = models.TextField(_("rules"), max_length=2000, blank=True)
    # How long a desk offered from the waitlist is held for the person offered it.
    hold_hours = models.PositiveSmallIntegerField(
        _("hours to accept a desk offered from the waitlist"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )  # fmt: skip
    is_active = models.BooleanField(_("taking bookings"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="workspace_opens_before_closing")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return not self.price_per_day


class SpaceManager(models.Model):
    """A person who runs a workspace in Haven (the provider's role, scoped to that space)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_spaces")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="space_manager_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.workspace}"


class ClosedDay(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="closed_days")
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["workspace", "day"], name="closed_day_unique")]

    def __str__(self) -> str:
        return f"{self.workspace} · {self.day}"


class DeskDay(models.Model):
    """One open day of a space: its desks and how many are booked. The constraint is the promise."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="desk_days")
    day = models.DateField()
    capacity = models.PositiveIntegerField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "day"], name="desk_day_unique"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="desk_day_within_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.workspace} · {self.day}: {self.booked}/{self.capacity}"

    @property
    def free(self) -> int:
        return self.capacity - self.booked


class BookingState(models.TextChoices):
    HELD = "held", _("Offered to you from the waitlist")
    ACTIVE = "active", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Offer not taken in time")


class Booking(models.Model):
    """Desks at one space for a run of days, for a household (by its case code) or an account."""

    code = models.CharField(max_length=8, unique=True, default=new_code, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.PROTECT, related_name="bookings")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    desks = models.PositiveSmallIntegerField(_("desks"))
    # The days whose desks it holds (ISO dates): the open days of its range when it was
    # made. Giving desks back and checking in use these, not today's calendar.
    booked_days = models.JSONField(default=list)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="desk_bookings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="desk_bookings"
    )
    state = models.CharField(_("state"), max_length=10, choices=BookingState.choices, default=BookingState.ACTIVE)
    hold_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_day", "created_at"]
        verbose_name = _("desk booking")
        verbose_name_plural = _("desk bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(user__isnull=False), name="booking_has_booker"
            ),
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="booking_days_in_order"),
            models.CheckConstraint(condition=Q(desks__gte=1), name="booking_at_least_one_desk"),
        ]

    def __str__(self) -> str:
        return self.shown_code

    @property
    def shown_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def days(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.booked_days]


class CheckIn(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["booking", "day"], name="check_in_once_a_day")]

    def __str__(self) -> str:
        return f"{self.booking} · {self.day}"


class WaitState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a desk")
    DONE = "done", _("Got a desk")
    LAPSED = "lapsed", _("Offer not taken in time")
    CANCELLED = "cancelled", _("Left the waitlist")


class WaitlistEntry(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="waitlist")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    desks = models.PositiveSmallIntegerField(_("desks"))
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="desk_waits"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="desk_waits"
    )
    state = models.CharField(_("state"), max_length=10, choices=WaitState.choices, default=WaitState.WAITING)
    # The held booking this entry was offered, while it is offered.
    offer = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="from_waitlist"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(user__isnull=False), name="wait_has_someone"
            ),
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="wait_days_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.workspace} · {self.first_day}–{self.last_day} · {self.desks}"
