"""Importing households from a sheet: upload, map the columns, check every row as the
web form would, import the good ones in the background, hold the duplicates for a
decision.

A row is checked by the very form an arrival fills in (``registry.forms.HouseholdForm``),
in the import's city; its errors name the row and the column. A duplicate is a row
whose contact (Telegram, phone or e-mail) or whose alias, dates and party match a
household already in the city, or an earlier row of the file: it is not imported
until the coordinator decides (import as new, update the existing one, or skip).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts.models import Region, User
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.imports.models import ImportJob, ImportStatus, SourceMapping
from haven.imports.reading import Table, parse_date, parse_flag
from haven.registry import services as registry
from haven.registry.models import Household, Status

BATCH = 100


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


class ImportRefused(Exception):
    pass


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


@transaction.atomic
def start(*, region: Region, by: Any, source: str, file_name: str, table: Table, kind: str = "households") -> ImportJob:
    """Keep the file's rows (encrypted) and guess the columns from the source's last import."""
    remembered = SourceMapping.objects.filter(region=region, source=source).first()
    job = ImportJob.objects.create(
        region=region, source=source, file_name=file_name[:200], created_by=by, header=table.header, kind=kind,
        rows=json.dumps({"numbers": table.numbers, "rows": table.rows}, ensure_ascii=False), total=len(table.rows),
        mapping=guess_mapping(table.header, remembered.mapping if remembered else None, fields_of(kind)),
    )  # fmt: skip
    audit.record(
        actor=by, action=Action.IMPORTED, subject_kind="import", subject_id=str(job.public_id), region=region,
        detail=f"uploaded {len(table.rows)} rows",
    )  # fmt: skip
    return job


def _stored(job: ImportJob) -> tuple[list[int], list[list[str]]]:
    data = json.loads(job.rows or '{"numbers": [], "rows": []}')
    return data["numbers"], data["rows"]


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
    districts = {d.slug: d for d in job.region.districts.all()}
    by_name = {name.lower(): d for d in districts.values() for name in (d.name_ru, d.name_kk, d.name_en, d.slug)}
    district = by_name.get(data["district"].lower())
    data["district"] = str(district.pk) if district else ""
    data["languages"] = [code for code in data["languages"].replace(",", " ").lower().split() if code]
    return data


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
    by_name = {
        name.lower(): d for d in job.region.districts.all() for name in (d.name_ru, d.name_kk, d.name_en, d.slug)
    }
    district = by_name.get(data["district"].lower())
    data["district"] = str(district.pk) if district else ""
    data["languages"] = [code for code in data["languages"].replace(",", " ").lower().split() if code]
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


@transaction.atomic
def set_mapping(*, job: ImportJob, mapping: dict[str, int], remember: bool) -> ImportJob:
    """Choose the columns (each required field must have one) and, if asked, remember them for the source."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.MAPPING:
        raise ImportRefused(_("This import has already started."))
    missing = [str(f.label) for f in fields_of(job.kind) if f.required and f.name not in mapping]
    if missing:
        raise ImportRefused(_("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)})
    job.mapping = mapping
    job.save(update_fields=["mapping"])
    if remember:
        titles = {name: job.header[i] for name, i in mapping.items()}
        SourceMapping.objects.update_or_create(region=job.region, source=job.source, defaults={"mapping": titles})
    return job


def preview(job: ImportJob, *, rows: int = 10) -> list[tuple[int, dict[str, Any] | None, list[tuple[str, str]]]]:
    numbers, stored = _stored(job)
    return [(n, *check_row(job, row, job.mapping)) for n, row in zip(numbers[:rows], stored[:rows], strict=False)]


def _enqueue(job_id: str) -> None:
    from haven.imports.tasks import run_import_task  # the task module imports this one

    run_import_task.enqueue(job_id)


@transaction.atomic
def queue(*, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.MAPPING:
        return job
    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status"])
    transaction.on_commit(partial(_enqueue, str(job.public_id)))
    return job


def _normal_contacts(fields: dict[str, Any]) -> set[str]:
    return {
        f"{kind}:{value.lower()}"
        for kind, value in (
            ("t", fields.get("contact_telegram") or ""),
            ("p", fields.get("contact_phone") or ""),
            ("e", fields.get("contact_email") or ""),
        )
        if value
    }


def _same_request(fields: dict[str, Any]) -> str:
    # Not the first night: an import moves a first night already past to today, so the
    # same sheet a day later (or a group that registered itself) would not match on it.
    return f"{fields['alias'].lower()}|{fields['needed_until']}|{fields['adults']}|{fields['children']}"


def hosting_refused() -> type[Exception]:
    from haven.hosting.services import HostSuspended

    return HostSuspended


def _known(region: Region) -> tuple[dict[str, str], dict[str, str]]:
    """The city's households by contact and by alias, dates and party (contacts are
    encrypted, so they are compared here, not in the database)."""
    by_contact: dict[str, str] = {}
    by_request: dict[str, str] = {}
    for h in Household.objects.filter(region=region).exclude(status=Status.WITHDRAWN).iterator(chunk_size=2000):
        fields = {
            "contact_telegram": h.contact_telegram, "contact_phone": h.contact_phone, "contact_email": h.contact_email,
            "alias": h.alias, "needed_from": h.needed_from, "needed_until": h.needed_until, "adults": h.adults,
            "children": h.children,
        }  # fmt: skip
        for key in _normal_contacts(fields):
            by_contact.setdefault(key, str(h.public_id))
        by_request.setdefault(_same_request(fields), str(h.public_id))
    return by_contact, by_request


def _known_offers(region: Region) -> dict[str, str]:
    """The city's open offers by host and address (addresses are encrypted: compared here)."""
    from haven.hosting.models import Offer, OfferStatus

    known: dict[str, str] = {}
    for offer in Offer.objects.filter(region=region).exclude(status=OfferStatus.WITHDRAWN).iterator(chunk_size=2000):
        known.setdefault(_same_offer(offer.host_id, offer.address), str(offer.public_id))
    return known


def _same_offer(host_id: int, address: str) -> str:
    return f"{host_id}|{' '.join(address.lower().split())}"


def _create(job: ImportJob, fields: dict[str, Any]) -> Any:
    if job.kind == "offers":
        from haven.hosting import services as hosting

        fields = dict(fields)
        host = fields.pop("host")
        fields.pop("host_email", None)
        return hosting.create_offer(host=host, **fields)
    return registry.register_household(**fields).household


def run(job_id: str) -> ImportJob | None:
    """Import the good rows in batches, committing the progress after each; None if not queued."""
    claimed = ImportJob.objects.filter(public_id=job_id, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return None
    job = ImportJob.objects.select_related("region").get(public_id=job_id)
    try:
        numbers, stored = _stored(job)
        offers_known = _known_offers(job.region) if job.kind == "offers" else {}
        by_contact, by_request = _known(job.region) if job.kind != "offers" else ({}, {})
        errors: list[list[Any]] = []
        duplicates: list[list[Any]] = []
        imported = 0
        for start_at in range(job.processed, len(stored), BATCH):
            with transaction.atomic():
                for n, row in zip(
                    numbers[start_at : start_at + BATCH], stored[start_at : start_at + BATCH], strict=True
                ):
                    fields, row_errors = check_row(job, row, job.mapping)
                    if fields is None:
                        errors += [[n, column, message] for column, message in row_errors]
                        continue
                    if job.kind == "offers":
                        key = _same_offer(fields["host"].pk, fields["address"])
                        if key in offers_known:
                            duplicates.append([n, offers_known[key], "address"])
                            continue
                        try:
                            offer = _create(job, fields)
                        except hosting_refused():
                            errors.append([n, "host_email", _("This host cannot take guests now.")])
                            continue
                        offers_known[key] = str(offer.public_id)
                        imported += 1
                        continue
                    match = next((by_contact[k] for k in _normal_contacts(fields) if k in by_contact), None)
                    what = "contact"
                    if match is None and _same_request(fields) in by_request:
                        match, what = by_request[_same_request(fields)], "request"
                    if match is not None:
                        duplicates.append([n, match, what])
                        continue
                    household = _create(job, fields)
                    imported += 1
                    for key in _normal_contacts(fields):
                        by_contact.setdefault(key, str(household.public_id))
                    by_request.setdefault(_same_request(fields), str(household.public_id))
                done = min(len(stored), start_at + BATCH)
                ImportJob.objects.filter(pk=job.pk).update(
                    processed=done, imported=job.imported + imported, errors=job.errors + errors,
                    duplicates=job.duplicates + duplicates,
                )  # fmt: skip
        job.refresh_from_db()
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        # Only the rows still to decide are kept (encrypted); the rest of the sheet goes.
        job.rows = _keep_only(job, {d[0] for d in job.duplicates})
        job.save(update_fields=["status", "finished_at", "rows"])
        audit.record(
            actor=job.created_by, action=Action.IMPORTED, subject_kind="import", subject_id=str(job.public_id),
            region=job.region, detail=f"imported {job.imported}, errors {len(job.errors)}, held {len(job.duplicates)}",
        )  # fmt: skip
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now(), rows="")
        raise
    return job


def _keep_only(job: ImportJob, numbers: set[int]) -> str:
    if not numbers:
        return ""
    kept_numbers, kept_rows = [], []
    for n, row in zip(*_stored(job), strict=True):
        if n in numbers:
            kept_numbers.append(n)
            kept_rows.append(row)
    return json.dumps({"numbers": kept_numbers, "rows": kept_rows}, ensure_ascii=False)


# An import left choosing columns, or running with no worker, this long is given up
# and its rows dropped (they hold contacts).
STALE_AFTER = dt.timedelta(hours=24)


def give_up_stale(*, now: dt.datetime | None = None) -> int:
    """Mark imports abandoned or lost by their worker as failed and drop their rows; how many."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status__in=[ImportStatus.MAPPING, ImportStatus.QUEUED, ImportStatus.RUNNING], created_at__lt=now - STALE_AFTER
    )
    return stale.update(status=ImportStatus.FAILED, finished_at=now, rows="")


def _update_offer(job: ImportJob, offer_id: str, row: list[str], row_number: int, by: Any) -> None:
    """The existing offer changed in the columns the sheet maps, checked whole by the host's form."""
    from haven.hosting import services as hosting
    from haven.hosting.forms import OfferForm, offer_form_data
    from haven.hosting.models import Offer, OfferStatus

    offer = Offer.objects.select_related("region").filter(public_id=offer_id, region=job.region).first()
    if offer is None or offer.status == OfferStatus.WITHDRAWN:
        raise ImportRefused(_("That offer is no longer there."))
    sheet = offer_data(job, row, job.mapping)
    merged = {**offer_form_data(offer), **{k: v for k, v in sheet.items() if k in job.mapping and k != "host_email"}}
    form = OfferForm(merged, current_region=offer.region, initial=offer_form_data(offer))
    if not form.is_valid():
        problems = "; ".join(" ".join(str(m) for m in messages) for messages in form.errors.values())
        raise ImportRefused(_("The offer cannot take these values: %(problems)s") % {"problems": problems})
    changes = {k: v for k, v in form.cleaned_data.items() if k not in ("region", "is_free")}
    try:
        hosting.update_offer(offer, **changes)
    except hosting_refused() as refused:
        raise ImportRefused(_("This host cannot take guests now.")) from refused
    audit.record(
        actor=by, action=Action.IMPORTED, subject_kind="offer", subject_id=str(offer.public_id), region=job.region,
        detail=f"updated from import row {row_number}",
    )  # fmt: skip


@transaction.atomic
def resolve_duplicate(*, job: ImportJob, row_number: int, action: str, by: Any) -> ImportJob:
    """``new``: import the row as a household of its own; ``update``: change the existing
    household to the row's request; ``skip``: leave it. The row is then off the list."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    held = next((d for d in job.duplicates if d[0] == row_number), None)
    if held is None or action not in ("new", "update", "skip"):
        raise ImportRefused(_("This row is no longer waiting for a decision."))
    numbers, stored = _stored(job)
    row = stored[numbers.index(row_number)]
    fields, _errors = check_row(job, row, job.mapping)
    if fields is not None and action == "new":
        try:
            _create(job, fields)
        except hosting_refused() as refused:
            raise ImportRefused(_("This host cannot take guests now.")) from refused
        job.imported += 1
    elif fields is not None and action == "update" and job.kind == "offers":
        _update_offer(job, held[1], row, row_number, by)
    elif fields is not None and action == "update":
        existing = Household.objects.filter(public_id=held[1], region=job.region).first()
        if existing is not None:
            # Only what the sheet has a column for: an unmapped field is not "none".
            changes = {k: v for k, v in fields.items() if k in job.mapping and k != "alias" and v not in ("", None)}
            try:
                registry.update_household(existing, seen=False, **changes)
            except registry.ChangeRefused as refused:
                raise ImportRefused(
                    _("That household has a stay going on; its size or city cannot change now.")
                ) from refused
            audit.record(
                actor=by, action=Action.IMPORTED, subject_kind="household", subject_id=str(existing.public_id),
                region=job.region, why=Why.MATCHING, detail=f"updated from import row {row_number}",
            )  # fmt: skip
    job.duplicates = [d for d in job.duplicates if d[0] != row_number]
    job.rows = _keep_only(job, {d[0] for d in job.duplicates})
    job.save(update_fields=["duplicates", "imported", "rows"])
    return job
