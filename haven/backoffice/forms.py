from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DateInput
from haven.accounts.models import Role
from haven.audit.models import Why
from haven.registry.models import Status

REVEAL_REASONS = [(w.value, w.label) for w in (Why.MATCHING, Why.FOLLOW_UP, Why.SAFETY)]


class RevealForm(forms.Form):
    why = forms.ChoiceField(label=_("Why do you need the contact details?"), choices=REVEAL_REASONS)


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class HouseholdFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("City"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", _("All my cities")), *regions]


class InboxFilterForm(forms.Form):
    """Narrow the inbox; every field may stay empty."""

    region = forms.ChoiceField(label=_("City"), required=False)
    district = forms.CharField(label=_("District"), required=False, max_length=40)
    night = forms.DateField(label=_("Needs the night of"), required=False, widget=DateInput)
    people = forms.IntegerField(label=_("At least this many people"), required=False, min_value=1, max_value=100)
    pets = forms.BooleanField(label=_("with pets"), required=False)
    step_free = forms.BooleanField(label=_("step-free access"), required=False)
    women_only = forms.BooleanField(label=_("women only"), required=False)
    stale = forms.BooleanField(label=_("not heard from lately"), required=False)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", _("All my cities")), *regions]


EXPORT_REASONS = [("", _("No contact details")), *REVEAL_REASONS]


class ExportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What"), choices=[("households", _("Households")), ("offers", _("Offers"))], widget=forms.RadioSelect
    )
    region = forms.ChoiceField(label=_("City"), required=False)
    file_format = forms.ChoiceField(
        label=_("File"), choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")], widget=forms.RadioSelect
    )
    contacts_because = forms.ChoiceField(
        label=_("Contact details and exact addresses"), choices=EXPORT_REASONS, required=False,
        help_text=_("Only with a reason; the export is written to the audit trail with its number of rows."),
    )  # fmt: skip

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", _("All my cities")), *regions]


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    record = forms.CharField(label=_("Record (its id)"), required=False, max_length=40)


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of their Haven account"), max_length=254)
    region = forms.ChoiceField(label=_("City"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["region"]).choices = regions
