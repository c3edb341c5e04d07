from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

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
