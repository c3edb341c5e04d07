from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.imports.models import ImportKind
from haven.imports.rows import fields_of


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the sheet holds"), choices=ImportKind.choices, initial=ImportKind.HOUSEHOLDS,
        widget=forms.RadioSelect, required=False,
    )  # fmt: skip
    region = forms.ChoiceField(label=_("City"))
    source = forms.CharField(
        label=_("Where the sheet comes from"), max_length=80,
        help_text=_("The group or chat that keeps it, e.g. “Volunteers Almaty”: its columns are remembered."),
    )  # fmt: skip
    sheet = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class MappingForm(forms.Form):
    """One choice per Haven field: which column of the sheet holds it."""

    remember = forms.BooleanField(label=_("Remember these columns for this source"), required=False, initial=True)

    def __init__(self, *args: Any, header: list[str], kind: str = ImportKind.HOUSEHOLDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.haven_fields = fields_of(kind)
        columns = [("", "—"), *((str(i), title) for i, title in enumerate(header))]
        for field in self.haven_fields:
            self.fields[field.name] = forms.ChoiceField(label=field.label, choices=columns, required=field.required)

    def mapping(self) -> dict[str, int]:
        return {
            f.name: int(self.cleaned_data[f.name])
            for f in self.haven_fields
            if self.cleaned_data.get(f.name) not in ("", None)
        }
