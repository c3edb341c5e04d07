"""The household form: one source of validation for the web, imports and the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haven.accounts.models import District, Region
from haven.accounts.selectors import active_regions, districts_of
from haven.lib.languages import Spoken
from haven.lib.validators import clean_alias, clean_phone, clean_telegram, reject_invisible
from haven.registry.models import MAX_ADULTS, MAX_CHILDREN, MAX_NIGHTS

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
# How far ahead a first night may be asked for: beyond this, plans change anyway.
MAX_DAYS_AHEAD = 180


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def district_choices(region: Region | None = None, keep: Region | None = None) -> list[tuple[Any, Any]]:
    """Districts grouped by city, for a select that works without JavaScript."""
    groups: dict[Region, list[tuple[str, str]]] = {}
    for district in districts_of(region, keep):
        groups.setdefault(district.region, []).append((str(district.pk), district.name))
    choices: list[tuple[Any, Any]] = [("", _("Any district"))]
    for reg, items in groups.items():
        choices.append((reg.name, sorted(items, key=lambda item: item[1])))
    return choices


def district_of_city(form: forms.Form, data: dict[str, Any], error: str | _StrPromise) -> District | None:
    """The chosen district as an object if it lies in the chosen city; else an error on it.

    The district select lists every city's districts (it must work without
    JavaScript), so the pairing is checked here, not by the select.
    """
    region, value = data.get("region"), data.get("district") or ""
    if not value:
        return None
    district = District.objects.filter(pk=value).first() if value.isdigit() else None
    if district is None or (region is not None and district.region_id != region.pk):
        form.add_error("district", forms.ValidationError(error, code="district"))
        return None
    return district


def keep_region_choosable(form: forms.Form, current_region: Region | None) -> None:
    cast(forms.ModelChoiceField, form.fields["region"]).queryset = active_regions(current_region)
    cast(forms.ChoiceField, form.fields["district"]).choices = district_choices(keep=current_region)


class RegionField(forms.ModelChoiceField):
    """A city select; with JavaScript, choosing a city narrows the district select."""

    def __init__(self, *, any_district: bool = False, **kwargs: Any) -> None:
        super().__init__(
            queryset=active_regions(),
            to_field_name="slug",
            empty_label=None,
            error_messages={
                "required": _("Choose a city."),
                "invalid_choice": _("Choose a city from the list."),
            },
            **kwargs,
        )
        url = format_lazy("{}{}", reverse_lazy("registry:district-options"), "?any=1" if any_district else "")
        self.widget.attrs.update({"hx-get": url, "hx-target": "#id_district", "hx-trigger": "change"})


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
