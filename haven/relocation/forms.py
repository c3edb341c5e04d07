"""The employer's forms: the company, and a relocation request with its roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DATE_FORMATS, DateInput
from haven.accounts.models import District, Region
from haven.hosting.models import Currency
from haven.lib.validators import refuse_invisible_in
from haven.registry.forms import MAX_DAYS_AHEAD
from haven.workspaces.models import Workspace


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=120)
    contact = forms.CharField(
        label=_("Contact for coordinators"), max_length=200,
        help_text=_("A work e-mail or phone of the person who handles the move."),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_invisible_in(self, ("name", "contact"))
        return data


class RequestForm(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    region = forms.ModelChoiceField(label=_("City"), queryset=Region.objects.filter(is_active=True))
    district = forms.ModelChoiceField(
        label=_("Preferred district"), queryset=District.objects.select_related("region"), required=False
    )
    first_night = forms.DateField(label=_("First night"), input_formats=DATE_FORMATS, widget=DateInput())
    leaving_on = forms.DateField(label=_("Leaving on"), input_formats=DATE_FORMATS, widget=DateInput())
    company_pays = forms.BooleanField(label=_("The company pays for housing"), required=False)
    budget_per_night = forms.DecimalField(
        label=_("Budget per household and night"), required=False, min_value=0, max_digits=10, decimal_places=2,
        error_messages={"min_value": _("A budget cannot be negative.")},
    )  # fmt: skip
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False)
    workspace = forms.ModelChoiceField(
        label=_("Desks for the team at"), queryset=Workspace.objects.filter(is_active=True), required=False,
        help_text=_("One desk per row of the roster, every open day of the stay (at most 31 days)."),
    )  # fmt: skip
    roster_file = forms.FileField(label=_("Roster as a CSV or XLSX file"), required=False)
    roster_text = forms.CharField(
        label=_("Or type the roster"), required=False, max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "name,adults,children,email\nАнна,1,0,anna@example.com"}),
        help_text=_("One row per employee, with a header: name and adults are needed; children, pets, step_free, languages, email, telegram, phone may follow."),
    )  # fmt: skip

    def clean_first_night(self) -> dt.date:
        value: dt.date = self.cleaned_data["first_night"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("The first night cannot be in the past."))
        if value > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                _("The first night must be within %(days)s days from today.") % {"days": MAX_DAYS_AHEAD}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, leaving = data.get("first_night"), data.get("leaving_on")
        if isinstance(first, dt.date) and isinstance(leaving, dt.date) and leaving <= first:
            self.add_error("leaving_on", _("The day you leave must be after the first night."))
        district, region = data.get("district"), data.get("region")
        if district is not None and region is not None and district.region_id != region.pk:
            self.add_error("district", _("This district is not in the chosen city."))
        budget_ok = "budget_per_night" not in self.errors
        if (
            data.get("company_pays")
            and budget_ok
            and (data.get("budget_per_night") is None or not data.get("currency"))
        ):
            self.add_error(
                "budget_per_night", _("Give the budget per night and its currency, or untick 'the company pays'.")
            )
        workspace = data.get("workspace")
        if workspace is not None and region is not None and workspace.region_id != region.pk:
            self.add_error("workspace", _("This space is in another city."))
        if not data.get("roster_file") and not (data.get("roster_text") or "").strip():
            self.add_error("roster_text", _("Upload the roster or type it here."))
        return data
