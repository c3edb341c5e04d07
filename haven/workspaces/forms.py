"""Forms of the workspaces: a booking, a space's settings, a closed day, a check-in code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DATE_FORMATS, DateInput
from haven.accounts.models import District, Region
from haven.lib.validators import refuse_invisible_in
from haven.queues.forms import WeekdaysField
from haven.workspaces.models import MAX_DESKS, Amenity, Workspace


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("Choose a day."), "invalid": _("Enter a date like 2026-12-01.")},
    )  # fmt: skip


class BookingForm(forms.Form):
    first_day = _date(_("From"))
    last_day = _date(_("Until (the last day, included)"))
    desks = forms.IntegerField(
        label=_("Desks"), min_value=1, max_value=MAX_DESKS, initial=1,
        error_messages={"min_value": _("Book at least one desk."), "max_value": _("That is more desks than any space has.")},
    )  # fmt: skip


class WorkspaceForm(forms.ModelForm):
    weekdays = WeekdaysField()
    amenities = forms.MultipleChoiceField(
        label=_("Amenities"), choices=Amenity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Workspace
        fields = [
            "name", "kind", "region", "district", "address", "weekdays", "opens_at", "closes_at", "desks",
            "price_per_day", "currency", "amenities", "rules", "hold_hours",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
            "rules": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["weekdays"] = list(self.instance.weekdays)
        self.fields["region"].queryset = Region.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.select_related("region")  # type: ignore[attr-defined]

    def clean_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data["weekdays"])))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_invisible_in(self, ("name", "address", "rules"))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if isinstance(opens, dt.time) and isinstance(closes, dt.time) and opens >= closes:
            self.add_error("closes_at", _("The space must close after it opens."))
        district, region = data.get("district"), data.get("region")
        if district is not None and region is not None and district.region_id != region.pk:
            self.add_error("district", _("This district is not in the chosen city."))
        if data.get("price_per_day") and not data.get("currency"):
            self.add_error("currency", _("Choose the currency of the price."))
        return data


class CloseDayForm(forms.Form):
    day = _date(_("Day"))
    reason = forms.CharField(label=_("Why (shown to visitors)"), max_length=120, required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=20, help_text=_("As on the visitor's phone: ABCD-2345."))
