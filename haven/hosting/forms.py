from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DATE_FORMATS, DateInput, RegionField, district_of_city, keep_region_choosable
from haven.accounts.models import Region
from haven.hosting.models import MAX_BEDS, MAX_HOUSEHOLDS, MAX_STAY_NIGHTS, Currency, Kind, Vetting
from haven.lib.languages import Spoken
from haven.lib.validators import reject_invisible

MAX_PRICE = Decimal("10000000")
MAX_DAYS_AHEAD = 365


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("What you offer"), choices=Kind.choices, widget=forms.RadioSelect)
    region = RegionField(label=_("City"))
    district = forms.ChoiceField(
        label=_("District"), error_messages={"required": _("Choose the district; guests see only this.")}
    )
    address = forms.CharField(
        label=_("Exact address"),
        help_text=_("Encrypted. Shown only to you and your city's coordinators until a stay is confirmed."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter the address, so a confirmed guest can find you.")},
    )
    beds = forms.IntegerField(
        label=_("Beds"),
        min_value=1,
        max_value=MAX_BEDS,
        initial=1,
        error_messages={
            "min_value": _("Offer at least one bed."),
            "max_value": _("At most %(limit_value)s beds in one offer; a larger place should talk to a coordinator."),
        },
    )
    max_households = forms.IntegerField(
        label=_("Households at once"),
        min_value=1,
        max_value=MAX_HOUSEHOLDS,
        initial=1,
        help_text=_("How many separate groups can stay at the same time."),
    )
    available_from = forms.DateField(label=_("Available from"), input_formats=DATE_FORMATS, widget=DateInput())
    available_until = forms.DateField(
        label=_("Available until"),
        required=False,
        help_text=_("Leave empty if there is no end date."),
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    max_nights = forms.IntegerField(label=_("Longest stay, nights"), min_value=1, max_value=MAX_STAY_NIGHTS, initial=14)
    pets_ok = forms.BooleanField(label=_("Pets welcome"), required=False)
    children_ok = forms.BooleanField(label=_("Children welcome"), required=False, initial=True)
    step_free = forms.BooleanField(label=_("Step-free access (no stairs)"), required=False)
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=Spoken.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    is_free = forms.TypedChoiceField(
        label=_("Price"),
        choices=[("1", _("Free")), ("0", _("Paid"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    price_per_night = forms.DecimalField(
        label=_("Price per night"), required=False, min_value=Decimal("0.01"), max_value=MAX_PRICE, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False)
    rules = forms.CharField(
        label=_("House rules"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: no smoking, quiet after 22:00."),
    )

    def __init__(self, *args: Any, current_region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_region_choosable(self, current_region)

    def clean_address(self) -> str:
        value = self.cleaned_data["address"].strip()
        reject_invisible(value)
        return value

    def clean_rules(self) -> str:
        value = self.cleaned_data["rules"].strip()
        reject_invisible(value)
        return value

    def clean_available_from(self) -> dt.date:
        value: dt.date = self.cleaned_data["available_from"]
        today = timezone.localdate()
        unchanged = value == self.initial.get("available_from")  # an offer open for a while stays editable
        if value < today - dt.timedelta(days=1) and not unchanged:
            raise forms.ValidationError(_("The first available day cannot be in the past."), code="past")
        if value > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(_("Offer at most a year ahead."), code="far")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("available_from"), data.get("available_until")
        if start and end:
            if end <= start:
                self.add_error("available_until", _("The last day must be after the first day."))
            elif (end - start).days > 2 * 365:
                self.add_error("available_until", _("Offer at most two years at a time."))
        beds, households = data.get("beds"), data.get("max_households")
        if beds and households and households > beds:
            self.add_error("max_households", _("There cannot be more households than beds."))
        if data.get("is_free") is False:
            if not data.get("price_per_night"):
                self.add_error("price_per_night", _("Enter the price per night, or choose free."))
            if not data.get("currency"):
                self.add_error("currency", _("Choose the currency of the price."))
        else:
            data["price_per_night"], data["currency"] = None, ""
        if data.get("district"):
            data["district"] = district_of_city(self, data, _("Choose a district of the city you chose."))
        data.pop("is_free", None)
        return data


class VettingForm(forms.Form):
    vetting = forms.ChoiceField(label=_("Vetting"), choices=Vetting.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: who vouched, what was checked, or why the host is suspended."),
    )

    voucher = forms.EmailField(
        label=_("Vouched for by (e-mail of a vetted host)"), required=False, max_length=254,
        help_text=_("Only for “vouched”: a host already vetted who knows this one."),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("vetting") == Vetting.SUSPENDED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the host is suspended."))
        if data.get("vetting") == Vetting.VOUCHED and not data.get("voucher"):
            self.add_error("voucher", _("Give the e-mail of the vetted host who vouches."))
        return data


def offer_form_data(offer: Any) -> dict[str, Any]:
    """An offer as its form's data: to edit it, or to check a change made to it elsewhere (an import)."""
    names = ["kind", "address", "beds", "max_households", "available_from", "available_until", "max_nights",
             "pets_ok", "children_ok", "step_free", "women_only", "languages", "price_per_night", "currency", "rules"]  # fmt: skip
    initial = {name: getattr(offer, name) for name in names}
    initial.update(region=offer.region.slug, district=str(offer.district_id), is_free="1" if offer.is_free else "0")
    return initial
