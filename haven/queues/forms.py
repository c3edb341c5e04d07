"""Forms of the queue: the visitor's (ticket, appointment) and the staff's (settings, counters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import District, Region
from haven.lib.forms import RowsChoiceField
from haven.lib.validators import refuse_invisible_in, reject_invisible
from haven.queues.models import WEEKDAYS, Counter, Service, ServicePoint

TIME_ZONES = [
    "Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Atyrau", "Asia/Oral", "Asia/Qyzylorda",
    "Asia/Bishkek", "Asia/Tashkent", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Asia/Ulaanbaatar",
    "Europe/Istanbul", "Europe/Belgrade",
]  # fmt: skip

RESERVED_SLUGS = {"new", "t"}  # paths of the queue pages themselves

CONTACT_HELP = _("Optional. We write once, when your turn is near, and forget the address when your visit ends.")


NOT_OFFERED = _("This service is not offered here.")


class ChoosingAService(forms.Form):
    """A form with one choice among a point's services, by letter (``field``)."""

    field = "service"

    def __init__(self, *args: Any, services: Iterable[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = {s.letter: s for s in services}
        choices = [(s.letter, f"{s.letter} · {s.name}") for s in self.services.values()]
        cast(forms.ChoiceField, self.fields[self.field]).choices = choices

    def chosen(self) -> Service:
        return self.services[self.cleaned_data[self.field]]


class TakeForm(ChoosingAService):
    service = forms.ChoiceField(
        label=_("What do you need?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose a service."), "invalid_choice": NOT_OFFERED},
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mail for a reminder"), required=False, max_length=254, help_text=CONTACT_HELP,
        error_messages={"invalid": _("Enter an e-mail address like name@example.com, or leave it empty.")},
    )  # fmt: skip

    def __init__(self, *args: Any, services: Iterable[Service], **kwargs: Any) -> None:
        super().__init__(*args, services=services, **kwargs)
        if len(self.services) == 1:
            self.fields["service"].initial = next(iter(self.services))

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip().lower()
        reject_invisible(value)
        return value


class KioskForm(ChoosingAService):
    service = forms.ChoiceField(error_messages={"invalid_choice": NOT_OFFERED})


class AppointmentForm(TakeForm):
    slot = forms.DateTimeField(
        label=_("When"), input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={"required": _("Choose a time."), "invalid": _("Choose one of the times shown.")},
    )  # fmt: skip


class TransferForm(ChoosingAService):
    field = "to"
    to = forms.ChoiceField(label=_("Send to"), error_messages={"invalid_choice": NOT_OFFERED})


class WeekdaysField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=WEEKDAYS, label=_("Open on"), error_messages={"required": _("Choose at least one day.")}, **kwargs
        )


class PointSettingsForm(forms.ModelForm):
    """What the staff decide for their point: hours, limits, reminders, appointments."""

    weekdays = WeekdaysField()
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES])

    class Meta:
        model = ServicePoint
        fields = [
            "address", "weekdays", "opens_at", "closes_at", "timezone", "daily_limit", "notify_ahead",
            "no_show_grace_minutes", "one_ticket_per_person", "appointment_percent", "slot_minutes",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["weekdays"] = list(self.instance.weekdays)
        for name in ("opens_at", "closes_at"):
            self.fields[name].error_messages["invalid"] = _("Enter a time like 09:00.")

    def clean_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data["weekdays"])))

    def clean_address(self) -> str:
        value = " ".join(self.cleaned_data["address"].split())
        reject_invisible(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if isinstance(opens, dt.time) and isinstance(closes, dt.time) and opens >= closes:
            self.add_error("closes_at", _("The point must close after it opens."))
        return data


class NewPointForm(PointSettingsForm):
    """A coordinator opens a point in a region they coordinate."""

    class Meta(PointSettingsForm.Meta):
        fields = ["name_ru", "name_kk", "name_en", "slug", "region", "district", *PointSettingsForm.Meta.fields]

    def __init__(self, *args: Any, regions: Iterable[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_ids = [r.pk for r in regions]
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = Region.objects.filter(pk__in=region_ids)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.filter(
            region__in=region_ids
        ).select_related("region")
        self.fields["slug"].help_text = _(
            "Latin letters, digits and dashes: it becomes the point's link, /q/almaty-centre/."
        )

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is taken by Haven itself; choose another."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        district, region = data.get("district"), data.get("region")
        if district is not None and region is not None and district.region_id != region.pk:
            self.add_error("district", _("This district is not in the chosen city."))
        refuse_invisible_in(self, ("name_ru", "name_kk", "name_en"))
        return data


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["letter", "name_ru", "name_kk", "name_en", "default_minutes", "is_active"]

    def __init__(self, *args: Any, point: ServicePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.point = point

    def clean_letter(self) -> str:
        letter = str(self.cleaned_data["letter"]).strip().upper()
        taken = Service.objects.filter(point=self.instance.point, letter=letter).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another service here has this letter."))
        return letter

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_invisible_in(self, ("name_ru", "name_kk", "name_en"))
        return data


class CounterForm(forms.ModelForm):
    services = RowsChoiceField(
        queryset=Service.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Services it calls"),
        error_messages={"required": _("Choose at least one service.")},
    )  # fmt: skip

    class Meta:
        model = Counter
        fields = ["label"]

    def __init__(self, *args: Any, point: ServicePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.point = point
        cast(forms.ModelChoiceField, self.fields["services"]).queryset = point.services.all()
        if self.instance.pk:
            self.initial["services"] = list(self.instance.services.all())

    def clean_label(self) -> str:
        value = " ".join(str(self.cleaned_data["label"]).split())
        reject_invisible(value)
        if Counter.objects.filter(point=self.instance.point, label=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another counter here has this name."))
        return value


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of their Haven account"), max_length=254)
