"""Forms of help points: the list's filters, a coordinator's point, the poster. Every bad
value gets a message in the person's language; opening hours are read by ``hours.py``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from haven.accounts.models import District, Region
from haven.accounts.selectors import active_regions, coordinated_regions, districts_of
from haven.helppoints import hours
from haven.helppoints.models import BY_PHONE, LAT_RANGE, LON_RANGE, MAX_NOTE, Kind
from haven.lib.languages import Spoken
from haven.lib.validators import clean_phone, refuse_invisible_in

MAX_PLACE = 80


def _region_choices() -> list[tuple[str, str]]:
    return [(region.slug, region.name) for region in active_regions()]


class FilterForm(forms.Form):
    """The list's filters, sent by GET. The city comes as links above the form (so that
    changing it needs no script); the district is one of the chosen city's."""

    city = forms.ChoiceField(
        label=gettext_lazy("City"), required=False,
        error_messages={"invalid_choice": gettext_lazy("There is no such city here. Choose one from the list.")},
    )  # fmt: skip
    district = forms.CharField(label=gettext_lazy("District"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of help"), required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a kind of help from the list.")},
    )  # fmt: skip
    open_now = forms.BooleanField(label=gettext_lazy("Open now only"), required=False)

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        cast(forms.ChoiceField, self.fields["city"]).choices = _region_choices()
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Any kind of help")), *Kind.choices]
        districts = list(districts_of(region)) if region is not None else []
        self.fields["district"].widget = forms.Select(
            choices=[("", _("Any district")), *((d.slug, d.name) for d in districts)]
        )
        self.districts = {d.slug: d for d in districts}

    def clean_district(self) -> District | None:
        slug = self.cleaned_data.get("district") or ""
        if not slug or self.region is None:
            return None
        if slug in self.districts:
            return self.districts[slug]
        elsewhere = District.objects.select_related("region").filter(slug=slug).first()
        if elsewhere is not None:
            raise forms.ValidationError(
                _("%(district)s is in %(other)s, not in %(city)s: here are all the points of %(city)s.")
                % {"district": elsewhere.name, "other": elsewhere.region.name, "city": self.region.name}
            )
        raise forms.ValidationError(
            _("%(city)s has no such district: here are all its points.") % {"city": self.region.name}
        )


def _coordinate(value: str, bounds: tuple[Decimal, Decimal], message: str) -> Decimal | None:
    text = value.strip().replace(",", ".").replace("−", "-")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(message) from None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        raise forms.ValidationError(message)
    return number.quantize(Decimal("0.000001"))


HOURS_HELP = gettext_lazy(
    "Like 09:00-18:00, or 09:00-13:00, 14:00-18:00 with a break; 24h for round the clock; "
    "20:00-02:00 runs past midnight. Leave empty when closed."
)


class HelpPointForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("City"), queryset=Region.objects.none(), to_field_name="slug", empty_label=None,
        error_messages={"required": gettext_lazy("Choose a city."),
                        "invalid_choice": gettext_lazy("Choose one of the cities you coordinate.")},
    )  # fmt: skip
    district = forms.ChoiceField(
        label=gettext_lazy("District"), required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a district of the city you chose.")},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of help"), choices=[("", "—"), *Kind.choices],
        error_messages={"required": gettext_lazy("Choose the kind of help."),
                        "invalid_choice": gettext_lazy("Choose a kind of help from the list.")},
    )  # fmt: skip
    name = forms.CharField(
        label=pgettext_lazy("a place", "Name"), max_length=120,
        error_messages={"required": gettext_lazy("Enter the name people will look for."),
                        "max_length": gettext_lazy("At most %(limit_value)d characters (it has %(show_value)d).")},
    )  # fmt: skip
    address = forms.CharField(
        label=gettext_lazy("Address"), max_length=300, required=False,
        help_text=gettext_lazy("The organisation's public address, as a taxi driver would need it."),
        error_messages={"max_length": gettext_lazy("At most %(limit_value)d characters (it has %(show_value)d).")},
    )  # fmt: skip
    latitude = forms.CharField(
        label=gettext_lazy("Latitude"), required=False, max_length=20,
        help_text=gettext_lazy("Optional, for the map: like 43.2389. With a script, a tap on the map fills both."),
    )  # fmt: skip
    longitude = forms.CharField(label=gettext_lazy("Longitude"), required=False, max_length=20)
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, max_length=32)
    website = forms.URLField(
        label=gettext_lazy("Website"), required=False, max_length=300, assume_scheme="https",
        error_messages={"invalid": gettext_lazy("Enter a web address like https://example.org.")},
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages spoken"), required=False, choices=Spoken.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose languages from the list.")},
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What to bring, how to find the door, whom to ask for."),
        error_messages={"max_length": gettext_lazy("At most %(limit_value)d characters (it has %(show_value)d).")},
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = coordinated_regions(user).order_by("name_en")
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        groups: dict[str, list[tuple[str, str]]] = {}
        for district in District.objects.filter(region__in=regions).select_related("region"):
            groups.setdefault(district.region.name, []).append((str(district.pk), district.name))
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("No district")),
            *((city, sorted(items, key=lambda i: i[1])) for city, items in groups.items()),
        ]
        for weekday in range(7):
            self.fields[f"hours_{weekday}"] = forms.CharField(
                label=hours.weekday_name(weekday), required=False, max_length=100,
                help_text=HOURS_HELP if weekday == 0 else "",
                error_messages={"max_length": gettext_lazy("At most %(limit_value)d characters (it has %(show_value)d).")},
            )  # fmt: skip

    def hours_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{weekday}"] for weekday in range(7)]

    def clean_latitude(self) -> Decimal | None:
        return _coordinate(
            self.cleaned_data["latitude"], LAT_RANGE, _("A latitude is a number from -90 to 90, like 43.2389.")
        )

    def clean_longitude(self) -> Decimal | None:
        return _coordinate(
            self.cleaned_data["longitude"], LON_RANGE, _("A longitude is a number from -180 to 180, like 76.8897.")
        )

    def clean_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data["phone"])
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter a phone number with its country code, like +7 727 123 45 67.")
            ) from None

    def clean_website(self) -> str:
        url: str = self.cleaned_data["website"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address like https://example.org."))
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_invisible_in(self, ["name", "address", "note", "phone"])
        region, value = data.get("region"), data.get("district") or ""
        data["district"] = None
        if value:
            district = District.objects.filter(pk=value).first() if value.isdigit() else None
            if district is None or (region is not None and district.region_id != region.pk):
                self.add_error("district", _("Choose a district of the city you chose."))
            else:
                data["district"] = district
        days: list[hours.Day] = []
        for weekday in range(7):
            name = f"hours_{weekday}"
            if name not in data:
                continue
            try:
                days.append(hours.parse_day(data[name]))
            except hours.HoursError as error:
                self.add_error(name, error.message)
        if len(days) == 7:
            data["week"] = (days[0], days[1], days[2], days[3], days[4], days[5], days[6])
        lat, lon = data.get("latitude"), data.get("longitude")
        if "latitude" not in self.errors and "longitude" not in self.errors and (lat is None) != (lon is None):
            self.add_error(
                "longitude" if lon is None else "latitude", _("Enter both latitude and longitude, or neither.")
            )
        kind = data.get("kind")
        if kind in BY_PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("A hotline needs its phone number."))
        if kind and kind not in BY_PHONE and not (data.get("address") or "").strip():
            self.add_error("address", _("Enter the address, so that people can find the place."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("region", "district", "week", "kind", "name", "address", "latitude", "longitude", "phone", "website",
                 "languages", "note")  # fmt: skip
        return {name: data[name] for name in names}

    @staticmethod
    def initial_of(point: Any) -> dict[str, Any]:
        week = point.week
        return {
            "region": point.region.slug, "district": str(point.district_id or ""), "kind": point.kind,
            "name": point.name, "address": point.address, "latitude": point.latitude or "",
            "longitude": point.longitude or "", "phone": point.phone, "website": point.website,
            "languages": point.languages, "note": point.note,
            **{f"hours_{d}": hours.format_day(week[d]) for d in range(7)},
        }  # fmt: skip


class PosterForm(forms.Form):
    city = forms.ChoiceField(
        label=gettext_lazy("City"),
        error_messages={"required": gettext_lazy("Choose a city."),
                        "invalid_choice": gettext_lazy("There is no such city here. Choose one from the list.")},
    )  # fmt: skip
    place = forms.CharField(
        label=gettext_lazy("Where the poster hangs"), max_length=MAX_PLACE,
        help_text=gettext_lazy("A station, a bus terminal or a border post, like «Автовокзал Сайран» or «КПП Кордай»."),
        error_messages={"required": gettext_lazy("Enter where the poster will hang: people read it there."),
                        "max_length": gettext_lazy("At most %(limit_value)d characters (it has %(show_value)d): "
                                                   "a poster's place name must fit on one line.")},
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages of the headline"), choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one language."),
                        "invalid_choice": gettext_lazy("Choose languages from the list.")},
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["city"]).choices = _region_choices()

    def clean_place(self) -> str:
        place = " ".join(self.cleaned_data["place"].split())
        if not any(ch.isalnum() for ch in place):
            raise forms.ValidationError(_("Enter where the poster will hang: people read it there."))
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_invisible_in(self, ["place"])
        return data
