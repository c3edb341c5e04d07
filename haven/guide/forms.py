"""The stay clock's form: a rule set, the trips, the day to check, maybe a planned trip.

Dates are checked here one by one (a year like 1950 gets its own message on its own
field); what only the trips together can say (overlaps) comes from the calculator,
explained in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.accounts.forms import DATE_FORMATS, DateInput
from haven.guide import stayclock
from haven.guide.messages import explain
from haven.guide.models import Document, RuleSet
from haven.guide.selectors import rule_sets

DATE_ERRORS = {"invalid": _("Enter a date like 2026-11-26 or 26.11.2026.")}
TRIP_ROWS = 4
MAX_ROWS = 60


def _in_years(day: dt.date | None) -> dt.date | None:
    if day is not None and not stayclock.EARLIEST <= day <= stayclock.LATEST:
        raise forms.ValidationError(
            _("%(day)s is outside the years %(first)s to %(last)s: check the year."),
            params={"day": date_format(day, "j E Y"), "first": stayclock.EARLIEST.year, "last": stayclock.LATEST.year},
        )
    return day


def _date_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), help_text=help_text,
        error_messages={**DATE_ERRORS, "required": _("Enter the date.")},
    )  # fmt: skip


class RuleSetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RuleSet) -> str:  # type: ignore[override]
        return f"{obj.name} — {obj.applies_to}"


class ClockForm(forms.Form):
    rule_set = RuleSetChoice(
        queryset=RuleSet.objects.none(), label=_("Country and rules"), empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the rule sets in the list."),
                        "required": _("Choose the country and its rules.")},
    )  # fmt: skip
    document = forms.ChoiceField(
        label=_("Entered on"), required=False, choices=[("", _("Not sure")), *Document.choices],
        error_messages={"invalid_choice": _("Choose one of the documents in the list.")},
        help_text=_("Some rules do not apply to some documents. Only the kind is asked, never a number."),
    )  # fmt: skip
    on = _date_field(_("Check on"), required=True)
    planned_entry = _date_field(_("Planned entry"), help_text=_("To check a trip you plan: its first day."))
    planned_days = forms.IntegerField(
        label=_("Planned days"), required=False, min_value=1, max_value=stayclock.MAX_WINDOW,
        error_messages={"invalid": _("Enter the number of days in digits."),
                        "min_value": _("A stay is at least one day."),
                        "max_value": _("A stay of more than ten years cannot be checked here.")},
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = rule_sets()  # type: ignore[attr-defined]

    def clean_on(self) -> dt.date | None:
        return _in_years(self.cleaned_data.get("on"))

    def clean_planned_entry(self) -> dt.date | None:
        return _in_years(self.cleaned_data.get("planned_entry"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entry, on = data.get("planned_entry"), data.get("on")
        if entry and on and entry < on:
            self.add_error("planned_entry", _("A planned trip must begin on or after the day you check."))
        if data.get("planned_days") and not entry:
            self.add_error("planned_entry", _("Give the first day of the trip you plan."))
        return data


class TripForm(forms.Form):
    entry = _date_field(_("Entered"))
    exit = _date_field(pgettext_lazy("a trip", "Left"), help_text=_("Empty if you are still there."))

    def clean_entry(self) -> dt.date | None:
        return _in_years(self.cleaned_data.get("entry"))

    def clean_exit(self) -> dt.date | None:
        return _in_years(self.cleaned_data.get("exit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entry, exit_day = data.get("entry"), data.get("exit")
        if exit_day and not entry and "entry" not in self.errors:
            self.add_error("entry", _("Give the day you entered as well."))
        if entry and exit_day and exit_day < entry:
            self.add_error("exit", _("The day you left comes before the day you entered."))
        return data


class BaseTrips(forms.BaseFormSet):
    def trips(self) -> list[stayclock.Trip]:
        return [
            stayclock.Trip(f.cleaned_data["entry"], f.cleaned_data.get("exit"))
            for f in self.forms
            if f.cleaned_data.get("entry")
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        try:
            stayclock.check_trips(self.trips())
        except stayclock.BadTrips as bad:
            raise forms.ValidationError(explain(bad)) from bad


TripFormSet = formset_factory(
    TripForm, formset=BaseTrips, extra=0, min_num=0, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)


def trip_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None, rows: int = TRIP_ROWS) -> Any:
    """The trips' rows: those given, and empty ones up to ``rows`` (no JavaScript adds rows:
    the "more rows" button asks for the page again with more)."""
    initial = initial or []
    formset = TripFormSet(data, initial=initial, prefix="trip")
    formset.extra = max(0, min(rows, MAX_ROWS) - len(initial))
    return formset
