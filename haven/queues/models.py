"""A virtual queue at a service point: a registration centre, a legal-aid desk, a food point.

A visitor takes a ticket with no name: a letter and a number per service and day
(``R-047``) and a private link. Staff call tickets to counters. Numbers are unique
per service and day and have no gaps: the day's row (``PointDay``) is locked while a
number is given, and a unique constraint backs it. A counter holds at most one
called ticket, and a ticket is called by one counter: a partial unique index and a
conditional update back that.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import NamedInThreeLanguages
from haven.lib.crypto import EncryptedTextField

WEEKDAYS = [
    ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")),
    ("4", _("Friday")), ("5", _("Saturday")), ("6", _("Sunday")),
]  # fmt: skip


def new_kiosk_key() -> str:
    return secrets.token_urlsafe(12)


def new_ticket_id() -> str:
    return secrets.token_urlsafe(9)


class ServicePoint(NamedInThreeLanguages):
    """A place with a queue. Its address is an office's, shown to everyone."""

    slug = models.SlugField(_("short name in links"), max_length=40, unique=True)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="service_points", verbose_name=_("region")
    )
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("district"),
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=200, blank=True)
    timezone = models.CharField(_("time zone"), max_length=40, default=settings.TIME_ZONE)
    weekdays = models.CharField(
        _("open on"), max_length=7, default="01234",
        validators=[RegexValidator(r"^[0-6]{1,7}$", _("Choose at least one day."))],
    )  # fmt: skip
    opens_at = models.TimeField(_("opens at"), default="09:00")
    closes_at = models.TimeField(_("closes at"), default="18:00")
    daily_limit = models.PositiveIntegerField(
        _("tickets per day"), default=200, validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    notify_ahead = models.PositiveSmallIntegerField(
        _("tell a visitor when this many are ahead"), default=5, validators=[MaxValueValidator(50)]
    )
    no_show_grace_minutes = models.PositiveSmallIntegerField(
        _("minutes to wait for a called visitor"), default=3, validators=[MaxValueValidator(60)]
    )
    one_ticket_per_person = models.BooleanField(_("one ticket per phone in each service"), default=True)
    # Part of a day's tickets that may be booked ahead as appointments; the rest are for
    # people who come that day.
    appointment_percent = models.PositiveSmallIntegerField(
        _("share of a day for appointments, %"), default=30, validators=[MaxValueValidator(100)]
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per appointment slot"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    kiosk_key = models.CharField(max_length=20, default=new_kiosk_key, editable=False)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["region", "name_en"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")), name="point_opens_before_closing")
        ]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class PointStaff(models.Model):
    """A person who works the queue at one point (and only there)."""

    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="staff", verbose_name=_("service point")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="point_roles", verbose_name=_("user")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff of a service point")
        verbose_name_plural = _("staff of service points")
        constraints = [models.UniqueConstraint(fields=["point", "user"], name="point_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.point}"


class Service(NamedInThreeLanguages):
    """What a point offers ("registration", "documents"), with the letter of its tickets."""

    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="services", verbose_name=_("service point")
    )
    letter = models.CharField(
        _("letter on tickets"), max_length=2,
        validators=[RegexValidator(r"^[A-Z]{1,2}$", _("One or two Latin capital letters, like R."))],
    )  # fmt: skip
    # Used until the day has finished tickets to learn from.
    default_minutes = models.PositiveSmallIntegerField(
        _("usual minutes per visitor"), default=10, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["point", "letter"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["point", "letter"], name="service_letter_unique")]


class CounterState(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Counter(models.Model):
    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="counters", verbose_name=_("service point")
    )
    label = models.CharField(_("counter"), max_length=12, help_text=_("What the sign above it says: 3, A, 12."))
    services = models.ManyToManyField(Service, related_name="counters", verbose_name=_("services it calls"))
    state = models.CharField(_("state"), max_length=10, choices=CounterState.choices, default=CounterState.CLOSED)

    class Meta:
        ordering = ["point", "label"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [models.UniqueConstraint(fields=["point", "label"], name="counter_label_unique")]

    def __str__(self) -> str:
        return self.label


class PointDay(models.Model):
    """One day of a point's queue: locked while a ticket is given, so numbers never clash."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    taken = models.PositiveIntegerField(default=0)  # every ticket of the day, appointments included
    booked = models.PositiveIntegerField(default=0)  # of which appointments
    closed_for_tickets = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["point", "day"], name="point_day_unique"),
            models.CheckConstraint(condition=Q(booked__lte=models.F("taken")), name="point_day_booked_within_taken"),
        ]

    def __str__(self) -> str:
        return f"{self.point} · {self.day}"


class TicketState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVED = "served", _("Served")
    NO_SHOW = "no-show", _("Did not come")
    LEFT = "left", _("Left the queue")
    # Still waiting (or called) when the day ended: closed by the clock.
    EXPIRED = "expired", _("Not served that day")


class Ticket(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_ticket_id, editable=False)
    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="tickets")
    day = models.DateField()
    # The number belongs to the service it was taken for; a transfer moves the ticket
    # to another service's line and keeps the number the visitor knows.
    issued_for = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("service"))
    letter = models.CharField(max_length=2)
    number = models.PositiveIntegerField()
    state = models.CharField(_("state"), max_length=10, choices=TicketState.choices, default=TicketState.WAITING)
    # The place in the line: when it was taken, or the appointment's time.
    queued_at = models.DateTimeField(db_index=True)
    taken_at = models.DateTimeField(auto_now_add=True)
    appointment_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)  # the first call: waits and visit times count from it
    recalled_at = models.DateTimeField(null=True, blank=True)  # the latest "call again"
    finished_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    calls = models.PositiveSmallIntegerField(default=0)
    # How to tell the visitor that the turn is near: optional, erased when the ticket ends.
    contact_email = EncryptedTextField(_("e-mail"), blank=True, default="")
    # A keyed hash of the contact, to find a second ticket for the same person.
    contact_key = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="ru")
    told_near_at = models.DateTimeField(null=True, blank=True)
    by_kiosk = models.BooleanField(default=False)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["issued_for", "day", "number"], name="ticket_number_unique"),
            # A counter calls one visitor at a time.
            models.UniqueConstraint(
                fields=["counter"], condition=Q(state="called"), name="one_called_ticket_per_counter"
            ),
            models.CheckConstraint(
                condition=~Q(state="called") | Q(counter__isnull=False), name="called_ticket_has_counter"
            ),
        ]
        indexes = [models.Index(fields=["point", "day", "service", "state", "queued_at"], name="ticket_line")]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.letter}-{self.number:03d}"

    @property
    def last_called_at(self) -> dt.datetime | None:
        return self.recalled_at or self.called_at

    @property
    def is_open(self) -> bool:
        return self.state in (TicketState.WAITING, TicketState.CALLED)
