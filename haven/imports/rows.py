"""One row of a sheet: the fields it can hold, guessing which column is which, and
checking it with the very form an arrival (household) or a host (offer) fills in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts.models import User
from haven.imports.models import ImportJob
from haven.imports.reading import parse_date, parse_flag


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    required: bool
    guesses: tuple[str, ...]  # header words that name it, lower case


FIELDS = [
    Field("alias", gettext_lazy("Name or nickname"), True, ("alias", "name", "имя", "псевдоним", "аты", "кто")),
    Field("adults", gettext_lazy("Adults"), True, ("adults", "взрослые", "взрослых", "ересектер")),
    Field("children", gettext_lazy("Children"), False, ("children", "дети", "детей", "балалар")),
    Field(
        "needed_from", gettext_lazy("First night"), True, ("from", "с", "заезд", "дата заезда", "первая ночь", "бастап")
    ),
    Field("needed_until", gettext_lazy("Leaving on"), True, ("until", "по", "выезд", "дата выезда", "дейін")),
    Field("district", gettext_lazy("District"), False, ("district", "район", "аудан")),
    Field("pets", gettext_lazy("With pets"), False, ("pets", "животные", "питомцы", "жануарлар")),
    Field("step_free", gettext_lazy("Step-free access"), False, ("step-free", "без ступенек", "доступность")),
    Field("women_only", gettext_lazy("Women only"), False, ("women only", "только женщины", "тек әйелдер")),
    Field("languages", gettext_lazy("Languages"), False, ("languages", "языки", "тілдер")),
    Field("contact_telegram", gettext_lazy("Telegram"), False, ("telegram", "телеграм", "tg")),
    Field("contact_phone", gettext_lazy("Phone"), False, ("phone", "телефон", "тел")),
    Field("contact_email", gettext_lazy("E-mail"), False, ("email", "e-mail", "почта", "эл. почта")),
]
FIELD_NAMES = [f.name for f in FIELDS]

# A sheet of offers: each belongs to a host who already has a Haven account (found by its
# e-mail): hosts sign up themselves, with a verified address, before they take guests.
OFFER_FIELDS = [
    Field(
        "host_email", gettext_lazy("Host's e-mail (their Haven account)"), True, ("host", "email", "e-mail", "почта")
    ),
    Field("kind", gettext_lazy("What is offered"), False, ("kind", "что", "тип")),
    Field("district", gettext_lazy("District"), True, ("district", "район", "аудан")),
    Field("address", gettext_lazy("Exact address"), True, ("address", "адрес", "мекенжай")),
    Field("beds", gettext_lazy("Beds"), True, ("beds", "мест", "места", "кровати", "орын")),
    Field("max_households", gettext_lazy("Households at once"), False, ("households", "групп", "семей")),
    Field("available_from", gettext_lazy("Available from"), False, ("from", "с", "доступно с")),
    Field("available_until", gettext_lazy("Available until"), False, ("until", "по", "до")),
    Field("max_nights", gettext_lazy("Longest stay, nights"), False, ("nights", "ночей", "макс")),
    Field("pets_ok", gettext_lazy("Pets welcome"), False, ("pets", "животные", "жануарлар")),
    Field("children_ok", gettext_lazy("Children welcome"), False, ("children", "дети", "балалар")),
    Field("step_free", gettext_lazy("Step-free access"), False, ("step-free", "без ступенек")),
    Field("women_only", gettext_lazy("Women only"), False, ("women only", "только женщины")),
    Field("languages", gettext_lazy("Languages"), False, ("languages", "языки", "тілдер")),
]
KINDS = {
    "bed": "bed", "кровать": "bed", "место": "bed", "room": "room", "комната": "room", "бөлме": "room",
    "flat": "flat", "квартира": "flat", "пәтер": "flat",
}  # fmt: skip


def fields_of(job_kind: str) -> list[Field]:
    return OFFER_FIELDS if job_kind == "offers" else FIELDS


def guess_mapping(
    header: list[str], remembered: dict[str, str] | None = None, fields: list[Field] = FIELDS
) -> dict[str, int]:
    """Haven field -> column index: the source's remembered titles first, then header words."""
    titles = [h.strip().lower() for h in header]
    mapping: dict[str, int] = {}
    for field in fields:
        title = (remembered or {}).get(field.name)
        if title and title.lower() in titles:
            mapping[field.name] = titles.index(title.lower())
            continue
        # The title itself, else a title that contains one of its longer words ("почта хозяина").
        exact = [i for i, t in enumerate(titles) if t in field.guesses and i not in mapping.values()]
        near = [
            i for i, t in enumerate(titles)
            if i not in mapping.values() and any(len(g) >= 5 and g in t for g in field.guesses)
        ]  # fmt: skip
        if exact or near:
            mapping[field.name] = (exact or near)[0]
    return mapping


def form_data(job: ImportJob, row: list[str], mapping: dict[str, int]) -> dict[str, Any]:
    """A row as the registration form's data, in the import's city."""

    def cell(name: str) -> str:
        index = mapping.get(name)
        return row[index].strip() if index is not None and 0 <= index < len(row) else ""

    data: dict[str, Any] = {name: cell(name) for name in FIELD_NAMES}
    data["region"] = job.region.slug
    data["children"] = data["children"] or "0"
    today = timezone.localdate()
    for name in ("needed_from", "needed_until"):
        parsed = parse_date(data[name])
        if parsed is not None:
            data[name] = parsed.isoformat()
    first = parse_date(data["needed_from"])
    last = parse_date(data["needed_until"])
    if first is not None and last is not None and first < today < last:
        data["needed_from"] = today.isoformat()  # a stay already going on: from tonight
    for flag in ("pets", "step_free", "women_only"):
        data[flag] = "on" if parse_flag(data[flag]) else ""
    _city_words(job, data)
    return data


def _city_words(job: ImportJob, data: dict[str, Any]) -> None:
    """The district as the form wants it (its id, found by any of its names in the import's
    city) and the languages as a list of codes."""
    names = {name.lower(): d for d in job.region.districts.all() for name in (d.name_ru, d.name_kk, d.name_en, d.slug)}
    district = names.get(data["district"].lower())
    data["district"] = str(district.pk) if district else ""
    data["languages"] = [code for code in data["languages"].replace(",", " ").lower().split() if code]


def offer_data(job: ImportJob, row: list[str], mapping: dict[str, int]) -> dict[str, Any]:
    """A row as the host's offer form's data, in the import's city (plus the host's e-mail)."""

    def cell(name: str) -> str:
        index = mapping.get(name)
        return row[index].strip() if index is not None and 0 <= index < len(row) else ""

    data: dict[str, Any] = {f.name: cell(f.name) for f in OFFER_FIELDS}
    data["region"] = job.region.slug
    # An empty cell means a room (the host's form's default); anything unknown the form refuses.
    data["kind"] = KINDS.get(data["kind"].lower(), data["kind"]) if data["kind"] else "room"
    data["max_households"] = data["max_households"] or "1"
    data["max_nights"] = data["max_nights"] or "14"
    today = timezone.localdate()
    first = parse_date(data["available_from"])
    if not data["available_from"]:
        data["available_from"] = today.isoformat()
    elif first is not None:
        data["available_from"] = max(first, today).isoformat()  # open already: from today
    last = parse_date(data["available_until"])
    data["available_until"] = last.isoformat() if last else data["available_until"]
    for flag in ("pets_ok", "step_free", "women_only"):
        data[flag] = "on" if parse_flag(data[flag]) else ""
    # Children are welcome unless the sheet says otherwise (as on the host's own form).
    data["children_ok"] = "on" if "children_ok" not in mapping or parse_flag(data["children_ok"]) else ""
    _city_words(job, data)
    data["is_free"] = "1"
    return data


def _host_for(job: ImportJob, email: str) -> Any:
    """The host an imported offer belongs to: an active account with this confirmed e-mail,
    not staff, not suspended, and not the coordinator importing the sheet; None otherwise."""
    from haven.hosting.models import Vetting

    if not email:
        return None
    hosts = User.objects.filter(
        emailaddress__email__iexact=email,
        emailaddress__verified=True,
        is_active=True,
        is_staff=False,
        is_superuser=False,
    ).exclude(host_profile__vetting=Vetting.SUSPENDED)
    if job.created_by_id is not None:
        hosts = hosts.exclude(pk=job.created_by_id)
    if job.source.startswith("api:"):
        # A partner's import places offers only under its own hosts' accounts (and cannot
        # learn whether another address has an account: the answer is the same).
        hosts = hosts.filter(partners__public_id=job.source.removeprefix("api:"))
    return hosts.first()


def _errors(form: Any, titles: dict[str, str]) -> list[tuple[str, str]]:
    return [(titles.get(name, str(name)), " ".join(str(m) for m in messages)) for name, messages in form.errors.items()]


def check_row(
    job: ImportJob, row: list[str], mapping: dict[str, int]
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The record's fields if the row is good (checked by the very form people fill in),
    else its errors as (column, message)."""
    from haven.hosting.forms import OfferForm
    from haven.registry.forms import HouseholdForm

    titles = {f.name: job.header[i] for f in fields_of(job.kind) if (i := mapping.get(f.name)) is not None}
    if job.kind == "offers":
        data = offer_data(job, row, mapping)
        offer_form = OfferForm(data)
        email = data["host_email"]
        host = _host_for(job, email)
        if offer_form.is_valid() and host is not None:
            return {**offer_form.cleaned_data, "host": host, "host_email": email}, []
        errors = _errors(offer_form, titles)
        if host is None:
            # One answer for every account that cannot host: the sheet must not tell who has one.
            no_host = _("No host account with a confirmed e-mail can take this offer: the host signs up first.")
            errors.insert(0, (titles.get("host_email", "host_email"), no_host))
        return None, errors
    form = HouseholdForm(form_data(job, row, mapping))
    if form.is_valid():
        return dict(form.cleaned_data), []
    return None, _errors(form, titles)
