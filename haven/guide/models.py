"""The stay clock's data: rule sets kept as data (administrators edit them as laws
change), and the clocks households keep, with their trips.

A clock keeps dates of entry and exit and the rule set chosen, nothing else: no
document number, no nationality. The rule set says which rules a person chose to
count by, as they may choose any; it is never shown to hosts, and goes with the
household when it is erased.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import NamedInThreeLanguages, in_language
from haven.guide import stayclock


class Document(models.TextChoices):
    """The kind of travel document a person entered on: some rules spare some documents."""

    PASSPORT = "passport", _("International passport")
    ID_CARD = "id-card", _("Internal passport or ID card")
    DIPLOMATIC = "diplomatic", _("Diplomatic or service passport")
    RESIDENCE = "residence", _("Residence permit of that country")


class Kind(models.TextChoices):
    ROLLING = "rolling", _("At most N days in any window of days")
    PER_ENTRY = "per-entry", _("At most N days per entry")
    PER_PERIOD = "per-period", _("At most N days per calendar period")
    REGISTRATION = "registration", _("Register within N days of arrival")


class RuleSet(NamedInThreeLanguages):
    """The rules of one country or area for one group of travellers, with where they come
    from and when someone last checked them."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    country = models.CharField(
        _("country or area"), max_length=12, help_text=_("An ISO country code, such as KZ, or SCHENGEN.")
    )
    applies_to_ru = models.CharField(_("who it applies to, in Russian"), max_length=200)
    applies_to_kk = models.CharField(_("who it applies to, in Kazakh"), max_length=200, blank=True)
    applies_to_en = models.CharField(_("who it applies to, in English"), max_length=200, blank=True)
    note_ru = models.TextField(_("note in Russian"), max_length=1000, blank=True)
    note_kk = models.TextField(_("note in Kazakh"), max_length=1000, blank=True)
    note_en = models.TextField(_("note in English"), max_length=1000, blank=True)
    source_url = models.URLField(_("source"), max_length=300)
    last_checked = models.DateField(_("last checked"))
    is_active = models.BooleanField(_("shown to people"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("stay rule set")
        verbose_name_plural = _("stay rule sets")

    @property
    def applies_to(self) -> str:
        return in_language(self, "applies_to")

    @property
    def note(self) -> str:
        return in_language(self, "note")

    def engine_rules(self) -> list[stayclock.AnyRule]:
        return [rule.as_engine() for rule in self.rules.all()]


class StayRule(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("rule set"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(
        _("days"), help_text=_("The most days allowed, or the days within which to register.")
    )
    window = models.PositiveSmallIntegerField(
        _("window in days"), null=True, blank=True, help_text=_("For a rolling limit: 180 in “90 days in any 180”.")
    )
    months = models.PositiveSmallIntegerField(
        _("period in months"), null=True, blank=True, help_text=_("For a calendar period: 12 for a year, 6 for a half.")
    )
    since = models.DateField(_("in force from"), null=True, blank=True)
    until = models.DateField(_("in force until"), null=True, blank=True)
    exempt = models.JSONField(
        _("documents it does not apply to"), default=list, blank=True,
        help_text=_("A list of: passport, id-card, diplomatic, residence."),
    )  # fmt: skip

    class Meta:
        ordering = ["rule_set", "kind", "since"]
        verbose_name = _("stay rule")
        verbose_name_plural = _("stay rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1),
                name="stayrule_days_positive",
                violation_error_message=_("A rule counts at least one day."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="rolling") | Q(window__isnull=False, window__gt=F("days")),
                name="stayrule_rolling_limit_below_window",
                violation_error_message=_("The limit must be less than its window."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="stayrule_dates_ordered",
                violation_error_message=_("A rule cannot end before it comes into force."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days}"

    @property
    def exempt_labels(self) -> list[str]:
        labels = dict(Document.choices)
        return [str(labels.get(value, value)) for value in self.exempt or []]

    def as_engine(self) -> stayclock.AnyRule:
        """The calculator's rule; ``check_rules`` says what is wrong with an impossible one."""
        dates: dict[str, Any] = {"since": self.since, "until": self.until, "exempt": frozenset(self.exempt or ())}
        if self.kind == Kind.ROLLING:
            return stayclock.Rule(self.days, self.window or 0, **dates)
        if self.kind == Kind.PER_ENTRY:
            return stayclock.PerEntry(self.days, **dates)
        if self.kind == Kind.PER_PERIOD:
            return stayclock.PerPeriod(self.days, self.months or 0, **dates)
        return stayclock.Registration(self.days, **dates)


class Clock(models.Model):
    """A household's stay clock for one rule set: its trips, and maybe a trip it plans."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="stay_clocks", verbose_name=_("household")
    )
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("rules"))
    document = models.CharField(_("entered on"), max_length=20, choices=Document.choices, blank=True)
    planned_entry = models.DateField(_("planned entry"), null=True, blank=True)
    planned_days = models.PositiveSmallIntegerField(_("planned days"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("stay clock")
        verbose_name_plural = _("stay clocks")
        constraints = [models.UniqueConstraint(fields=["household", "rule_set"], name="clock_one_per_rule_set")]

    def __str__(self) -> str:
        return f"stay clock {str(self.public_id)[:8]}"


class ClockTrip(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="trips")
    entry = models.DateField(_("entry"))
    exit = models.DateField(_("exit"), null=True, blank=True)

    class Meta:
        ordering = ["entry"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit__isnull=True) | Q(exit__gte=F("entry")), name="clocktrip_exit_after_entry"
            )
        ]

    def __str__(self) -> str:
        return f"trip {self.pk}"

    def as_engine(self) -> stayclock.Trip:
        return stayclock.Trip(self.entry, self.exit)
