"""Forms of onward checklists: a coordinator's route and step, each text in three languages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Region
from haven.checklists.models import LANGS, Route, Step
from haven.lib.validators import reject_invisible

LINK_HELP = _("An address that starts with https://, or a page of Haven that starts with /, like /guide/clock/.")


def clean_link(value: str) -> str:
    """An https:// address or a path of this site; never javascript:, http:, ftp: or a
    protocol-relative //host (which would leave the site)."""
    value = value.strip()
    if not value:
        return ""
    if "\\" in value or any(ch.isspace() for ch in value):
        raise ValidationError(_("A link has no spaces or backslashes."), code="link")
    reject_invisible(value)
    if value.startswith("/") and not value.startswith("//"):
        return value
    if value[:8].lower() == "https://":
        value = "https://" + value[8:]
        try:
            URLValidator(schemes=["https"])(value)
        except ValidationError as exc:
            raise ValidationError(_("This is not a web address we can link to."), code="link") from exc
        return value
    raise ValidationError(LINK_HELP, code="link")


class ThreeLanguagesForm(forms.ModelForm):
    """A form whose texts come in Russian, Kazakh and English, laid out side by side."""

    # (legend, field stem) of each group of three, in the order shown.
    GROUPS: tuple[tuple[Any, str], ...] = ()
    REQUIRED_RU = _("Write this in Russian: it is shown wherever the other languages are left empty.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _legend, stem in self.GROUPS:
            self.fields[f"{stem}_ru"].error_messages["required"] = self.REQUIRED_RU

    @property
    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[f"{stem}_{lang}"] for lang in LANGS]) for legend, stem in self.GROUPS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for _legend, stem in self.GROUPS:
            for lang in LANGS:
                name = f"{stem}_{lang}"
                value = data.get(name)
                if not isinstance(value, str):
                    continue
                value = value.replace("\r\n", "\n").strip()
                try:
                    reject_invisible(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
                    continue
                data[name] = value
        return data


class RouteForm(ThreeLanguagesForm):
    GROUPS = ((_("Title"), "title"), (_("In a few words"), "summary"))

    region = forms.ModelChoiceField(
        label=_("Starts from"), queryset=Region.objects.none(), required=False, empty_label=_("Any city"),
        help_text=_("A route from a city is edited by that city's coordinators; a route from any city by every coordinator."),
        error_messages={"invalid_choice": _("Choose one of your cities, or any city.")},
    )  # fmt: skip

    class Meta:
        model = Route
        fields = ["region", "title_ru", "title_kk", "title_en", "summary_ru", "summary_kk", "summary_en", "is_active"]
        widgets = {f"summary_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in LANGS}

    def __init__(self, *args: Any, regions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()  # type: ignore[attr-defined]


class StepForm(ThreeLanguagesForm):
    GROUPS = (
        (_("Step"), "title"), (_("What to do"), "body"), (_("Documents, one a line"), "documents"),
        (_("Text of the link"), "link_label"),
    )  # fmt: skip

    link = forms.CharField(label=_("Address of the link"), max_length=500, required=False, help_text=LINK_HELP)

    class Meta:
        model = Step
        fields = [
            *(f"{stem}_{lang}" for stem in ("title", "body", "documents") for lang in LANGS),
            "link", *(f"link_label_{lang}" for lang in LANGS),
        ]  # fmt: skip
        widgets = {
            **{f"body_{lang}": forms.Textarea(attrs={"rows": 6}) for lang in LANGS},
            **{f"documents_{lang}": forms.Textarea(attrs={"rows": 4}) for lang in LANGS},
        }

    def clean_link(self) -> str:
        return clean_link(self.cleaned_data.get("link") or "")


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class TickForm(forms.Form):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
