"""Form pieces shared by every form that places something in a city: dates, city, district."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import District, Region
from haven.accounts.selectors import active_regions, districts_of

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]


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
