"""The household form: one source of validation for the web, imports and the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haven.accounts.forms import DATE_FORMATS, DateInput, RegionField, district_of_city, keep_region_choosable
from haven.accounts.models import Region
from haven.lib.languages import Spoken
from haven.lib.validators import clean_alias, clean_phone, clean_telegram, reject_invisible
from haven.registry.models import MAX_ADULTS, MAX_CHILDREN, MAX_NIGHTS

# How far ahead a first night may be asked for: beyond this, plans change anyway.
MAX_DAYS_AHEAD = 180


class HouseholdForm(forms.Form):
    alias = forms.CharField(
        label=_("What should we call you?"),
        help_text=_("Any name or nickname. Not your legal name."),
        max_length=40,
        error_messages={"required": _("Enter a name or nickname we can call you by.")},
    )
    adults = forms.IntegerField(
        label=_("Adults"),
        min_value=1,
        max_value=MAX_ADULTS,
        initial=1,
        error_messages={
            "min_value": _("A household has at least one adult."),
            "max_value": _("At most %(limit_value)s adults in one household; register a larger group as several."),
        },
    )
    children = forms.IntegerField(
        label=_("Children"),
        min_value=0,
        max_value=MAX_CHILDREN,
        initial=0,
        error_messages={
            "min_value": _("The number of children cannot be negative."),
            "max_value": _("At most %(limit_value)s children in one household; register a larger group as several."),
        },
    )
    pets = forms.BooleanField(label=_("We have a pet with us"), required=False)
    step_free = forms.BooleanField(label=_("We need step-free access (no stairs)"), required=False)
    women_only = forms.BooleanField(
        label=_("We are women only"), help_text=_("Some hosts welcome women only."), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages we speak"), choices=Spoken.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    region = RegionField(label=_("City"), any_district=True)
    district = forms.ChoiceField(label=_("Preferred district"), required=False)
    needed_from = forms.DateField(label=_("First night"), input_formats=DATE_FORMATS, widget=DateInput())
    needed_until = forms.DateField(
        label=_("Leaving on"),
        help_text=_("The morning you leave."),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    contact_telegram = forms.CharField(label=_("Telegram"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, current_region: Region | None = None, **kwargs: Any) -> None:
        """``current_region``: when editing, the record's city stays choosable even if closed since."""
        super().__init__(*args, **kwargs)
        keep_region_choosable(self, current_region)
        self.fields["needed_from"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["contact_telegram"].widget.attrs.update(placeholder="@username", autocomplete="off")
        self.fields["contact_phone"].widget.attrs.update(placeholder="+7 701 123 45 67", inputmode="tel")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")

    def clean_alias(self) -> str:
        return clean_alias(self.cleaned_data["alias"])

    def clean_contact_telegram(self) -> str:
        return clean_telegram(self.cleaned_data["contact_telegram"])

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data["contact_phone"])

    def clean_contact_email(self) -> str:
        value = self.cleaned_data["contact_email"].strip().lower()
        reject_invisible(value)
        return value

    def clean_needed_from(self) -> dt.date:
        value: dt.date = self.cleaned_data["needed_from"]
        today = timezone.localdate()
        # A household already staying keeps its first night when it changes other
        # things: only a new first night must not lie in the past.
        unchanged = value == self.initial.get("needed_from")
        if value < today - dt.timedelta(days=1) and not unchanged:
            raise forms.ValidationError(_("The first night cannot be in the past."), code="past")
        if value > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                _("The first night must be within %(days)s days from today.") % {"days": MAX_DAYS_AHEAD}, code="far"
            )
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("needed_from"), data.get("needed_until")
        if start and end:
            nights = (end - start).days
            if nights < 1:
                self.add_error("needed_until", _("The day you leave must be after the first night."))
            elif nights > MAX_NIGHTS:
                self.add_error(
                    "needed_until",
                    ngettext(
                        "A stay can be at most %(count)d night long; register again later for more.",
                        "A stay can be at most %(count)d nights long; register again later for more.",
                        MAX_NIGHTS,
                    )
                    % {"count": MAX_NIGHTS},
                )
        data["district"] = district_of_city(self, data, _("Choose a district of the city you chose, or any district."))
        return data


class RegisterForm(HouseholdForm):
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def clean_submission_token(self) -> uuid.UUID | None:
        """The form's secret token; a missing or mangled one is no reason to refuse a person."""
        try:
            return uuid.UUID(self.cleaned_data["submission_token"])
        except ValueError:
            return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your case code"),
        max_length=20,
        error_messages={"required": _("Enter your case code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "K7RX-93HM",
            }
        ),
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I understand"), error_messages={"required": _("Tick the box to confirm.")}
    )
