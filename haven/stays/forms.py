from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.forms import DateInput
from haven.stays.models import DeclineReason
from haven.stays.services import NOTE_MAX


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why not?"), choices=DeclineReason.choices, widget=forms.RadioSelect)


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("Leaving on"), widget=DateInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("A note for the coordinators"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only coordinators read it. For example: felt unsafe, or great host."),
    )  # fmt: skip


class ProposeForm(forms.Form):
    """A coordinator's proposal by hand: one offer of the region, a first night and a last day."""

    offer = forms.ChoiceField(label=_("Place"))
    start = forms.DateField(label=_("First night"), widget=DateInput)
    end = forms.DateField(label=_("Leaving on"), widget=DateInput)

    def __init__(self, *args: Any, offers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = offers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("end", _("The last day must come after the first night."))
        return data
