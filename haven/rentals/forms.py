"""Forms of rentals: every bad value gets a message in the person's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DATE_FORMATS, DateInput, RegionField, district_choices, district_of_city
from haven.accounts.models import Region
from haven.lib.validators import refuse_invisible_in, reject_invisible
from haven.rentals.models import MAX_DESCRIPTION, MAX_RENT, MAX_ROOMS, Currency, ReportKind

MONEY_ERRORS = {
    "invalid": _("Enter the amount in digits, like 250000."),
    "max_digits": _("That amount is far beyond any rent: check the digits."),
    "max_decimal_places": _("Whole units only, no cents."),
}
CURRENCY_ERRORS = {"invalid_choice": _("Choose tenge, som or US dollars."), "required": _("Choose the currency.")}
ROOM_CHOICES = [(str(n), str(n) if n < MAX_ROOMS else f"{n}+") for n in range(1, MAX_ROOMS + 1)]


def _rent_field(label: Any, *, required: bool = True, min_value: int = 1) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(min_value), max_value=Decimal(MAX_RENT), decimal_places=0,
        error_messages={
            **MONEY_ERRORS, "min_value": _("A rent must be more than zero."),
            "max_value": _("That amount is far beyond any rent: check the digits."),
            "required": _("Enter the monthly rent."),
        },
    )  # fmt: skip


class CityAndDistrict(forms.Form):
    """A city and one of its districts, both required (the district select lists every
    city's districts, so that it works without JavaScript: the pair is checked here)."""

    region = RegionField(label=_("City"))
    district = forms.ChoiceField(
        label=_("District"),
        error_messages={
            "required": _("Choose the district."),
            "invalid_choice": _("Choose a district of the city you chose."),
        },
    )

    def __init__(self, *args: Any, current_region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A flat is in one district: no "any district" here.
        choices = [("", _("Choose a district")), *district_choices(keep=current_region)[1:]]
        self.fields["district"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["district"] = district_of_city(self, data, _("Choose a district of the city you chose."))
        if self.is_bound and not data.get("district") and "district" not in self.errors:
            self.add_error("district", _("Choose the district."))
        return data


class ListingForm(CityAndDistrict):
    address = forms.CharField(
        label=_("Exact address"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Encrypted. Shown only to a tenant whose request you accept."),
        error_messages={"required": _("Enter the address, so the tenant you accept can find the flat.")},
    )  # fmt: skip
    rooms = forms.TypedChoiceField(label=_("Rooms"), choices=ROOM_CHOICES, coerce=int)
    area_m2 = forms.IntegerField(
        label=_("Area, m²"), min_value=8, max_value=1000,
        error_messages={"min_value": _("At least 8 m²."), "max_value": _("At most 1000 m²."),
                        "invalid": _("Enter the area in whole square metres."), "required": _("Enter the area.")},
    )  # fmt: skip
    floor = forms.IntegerField(
        label=_("Floor"),
        min_value=-2,
        max_value=100,
        error_messages={
            "invalid": _("Enter the floor as a number."),
            "required": _("Enter the floor."),
            "min_value": _("The floor is between -2 and 100."),
            "max_value": _("The floor is between -2 and 100."),
        },
    )
    furnished = forms.BooleanField(label=_("Furnished"), required=False, initial=True)
    pets_ok = forms.BooleanField(label=_("Pets welcome"), required=False)
    children_ok = forms.BooleanField(label=_("Children welcome"), required=False, initial=True)
    rent = _rent_field(_("Monthly rent"))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], error_messages=CURRENCY_ERRORS
    )
    deposit = forms.DecimalField(
        label=_("Deposit"), required=False, min_value=Decimal(0), max_value=Decimal(MAX_RENT), decimal_places=0,
        error_messages={**MONEY_ERRORS, "min_value": _("A deposit cannot be negative."),
                        "max_value": _("That deposit is far beyond any flat's: check the digits.")},
    )  # fmt: skip
    min_term_months = forms.IntegerField(
        label=_("Shortest term, months"), min_value=1, max_value=36, initial=3,
        error_messages={"min_value": _("At least one month."), "max_value": _("At most 36 months.")},
    )  # fmt: skip
    available_from = forms.DateField(
        label=_("Available from"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("When can a tenant move in?"), "invalid": _("Enter a date like 2022-10-01.")},
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the flat is like. Conditions about pets, smoking or the length of stay are fine; "
                    "conditions about who people are (their nationality, origin or religion) are not."),
        error_messages={"max_length": _("At most %(limit_value)d characters (it has %(show_value)d).")},
    )  # fmt: skip

    def clean_available_from(self) -> dt.date:
        day: dt.date = self.cleaned_data["available_from"]
        today = timezone.localdate()
        if day < today - dt.timedelta(days=30):
            raise forms.ValidationError(_("That day is long past: when can a tenant move in?"))
        if day > today + dt.timedelta(days=365):
            raise forms.ValidationError(_("List a flat at most a year ahead."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        refuse_invisible_in(self, ["address", "description"])
        data["deposit"] = data.get("deposit") or Decimal(0)
        return data


class SearchForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("City"), queryset=Region.objects.filter(is_active=True), to_field_name="slug", required=False,
        empty_label=_("Any city"), error_messages={"invalid_choice": _("Choose a city from the list.")},
    )  # fmt: skip
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("Choose a district of the city you chose.")},
    )
    rooms = forms.TypedChoiceField(
        label=_("Rooms"), choices=[("", _("Any")), *ROOM_CHOICES], coerce=int, required=False
    )
    budget = forms.DecimalField(
        label=_("Up to, a month"), required=False, min_value=Decimal(1), max_value=Decimal(MAX_RENT), decimal_places=0,
        error_messages={**MONEY_ERRORS, "min_value": _("Enter a budget above zero."),
                        "max_value": _("That amount is far beyond any rent: check the digits.")},
    )  # fmt: skip
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", _("the city's")), *Currency.choices], required=False,
        error_messages=CURRENCY_ERRORS,
    )  # fmt: skip
    pets = forms.BooleanField(label=_("With a pet"), required=False)
    children = forms.BooleanField(label=_("With children"), required=False)
    move_in = forms.DateField(label=_("Moving in by"), required=False, input_formats=DATE_FORMATS, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()  # type: ignore[attr-defined]

    def clean_move_in(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["move_in"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("That day is past: choose today or later."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["district"] = district_of_city(self, data, _("Choose a district of the city you chose."))
        return data


class RequestForm(forms.Form):
    move_in = forms.DateField(
        label=_("Moving in"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("When would you move in?"), "invalid": _("Enter a date like 2022-10-01.")},
    )  # fmt: skip
    message = forms.CharField(
        label=_("A word to the landlord"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who would live there, for how long. Do not write your address or documents here."),
    )  # fmt: skip

    def clean_move_in(self) -> dt.date:
        day: dt.date = self.cleaned_data["move_in"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("That day is past: choose today or later."))
        if day > timezone.localdate() + dt.timedelta(days=365):
            raise forms.ValidationError(_("Choose a day within a year."))
        return day

    def clean_message(self) -> str:
        value: str = self.cleaned_data["message"]
        reject_invisible(value)
        return value.strip()


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")


class ReviewForm(forms.Form):
    publish = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Publish it")), ("0", _("Keep it held"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, error_messages={"required": _("Choose what to do.")},
    )  # fmt: skip
    note = forms.CharField(
        label=_("Reason (the landlord reads it)"), max_length=300,
        error_messages={"required": _("Say why, in a few words.")},
    )  # fmt: skip


class DecideReportForm(forms.Form):
    confirm = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Confirmed")), ("0", _("Dismissed"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, error_messages={"required": _("Choose what to do.")},
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, error_messages={"required": _("Say why, in a few words.")})


class DiscriminationReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"), choices=ReportKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("In your words (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anonymous: we keep no name, no contact and no address of yours."),
    )  # fmt: skip

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        reject_invisible(value)
        return value.strip()


class RentReportForm(CityAndDistrict):
    rooms = forms.TypedChoiceField(label=_("Rooms"), choices=ROOM_CHOICES, coerce=int)
    rent = _rent_field(_("Monthly rent you pay"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, error_messages=CURRENCY_ERRORS)
    month = forms.DateField(
        label=_("Since"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"invalid": _("Enter a date like 2022-10-01.")},
    )  # fmt: skip

    def clean_month(self) -> dt.date:
        day: dt.date = self.cleaned_data["month"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tell a rent you already pay."))
        if day < timezone.localdate() - dt.timedelta(days=400):
            raise forms.ValidationError(_("Only rents of the last year count."))
        return day


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("A photo"), error_messages={"required": _("Choose a photo."), "empty": _("That file is empty.")}
    )

    def clean_photo(self) -> Any:
        upload = self.cleaned_data["photo"]
        if upload.size > settings.HAVEN_PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("That photo is larger than %(mb)d MB. Send a smaller one.")
                % {"mb": settings.HAVEN_PHOTO_MAX_BYTES // 2**20}
            )
        return upload
