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
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import Region
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.hosting.services import HostSuspended
from haven.imports.models import ImportJob, ImportStatus, SourceMapping
from haven.imports.reading import Table
from haven.imports.rows import check_row, fields_of, guess_mapping, offer_data
from haven.lib import lease
from haven.registry import services as registry
from haven.registry.models import Household, Status

BATCH = 100


class ImportRefused(Exception):
    pass


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
    """Import the good rows in batches, committing the progress after each; None if not queued.

    A batch's households and the job's progress commit together, so a worker killed
    mid-import leaves whole batches only: its lease runs out, the clock queues the job
    again (``recover_lost``) and the next worker goes on from the first row not done.
    """
    now = timezone.now()
    claimed = ImportJob.objects.filter(public_id=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("region").get(public_id=job_id)
    try:
        with lease.heartbeat(ImportJob, job.pk, status=ImportStatus.RUNNING, attempts=job.attempts):
            _import(job)
    except lease.Superseded:
        return None  # another worker has the job now
    except Exception:
        this_attempt = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts)
        this_attempt.update(status=ImportStatus.FAILED, finished_at=timezone.now(), rows="")
        raise
    # Interrupted (the worker told to stop), the job is left running for the clock.
    job.refresh_from_db()
    return job


def _import(job: ImportJob) -> None:
    this_attempt = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts)
    numbers, stored = _stored(job)
    offers_known = _known_offers(job.region) if job.kind == "offers" else {}
    by_contact, by_request = _known(job.region) if job.kind != "offers" else ({}, {})
    errors: list[list[Any]] = []
    duplicates: list[list[Any]] = []
    imported = 0
    for start_at in range(job.processed, len(stored), BATCH):
        with transaction.atomic():
            for n, row in zip(numbers[start_at : start_at + BATCH], stored[start_at : start_at + BATCH], strict=True):
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
                    except HostSuspended:
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
            written = this_attempt.update(
                processed=done, imported=job.imported + imported, errors=job.errors + errors,
                duplicates=job.duplicates + duplicates,
            )  # fmt: skip
            if not written:  # handed to another worker meanwhile: this batch is rolled back
                raise lease.Superseded
    job.refresh_from_db()
    # Only the rows still to decide are kept (encrypted); the rest of the sheet goes.
    if not this_attempt.update(
        status=ImportStatus.DONE, finished_at=timezone.now(), rows=_keep_only(job, {d[0] for d in job.duplicates})
    ):
        raise lease.Superseded
    audit.record(
        actor=job.created_by, action=Action.IMPORTED, subject_kind="import", subject_id=str(job.public_id),
        region=job.region, detail=f"imported {job.imported}, errors {len(job.errors)}, held {len(job.duplicates)}",
    )  # fmt: skip


def recover_lost(*, now: dt.datetime | None = None) -> int:
    """Queue again the imports whose worker died (no heartbeat past the lease); how many.

    They go on from the first row not done. One lost ``lease.MAX_ATTEMPTS`` times is
    marked failed and its rows dropped.
    """
    now = now or timezone.now()
    failed = {"status": ImportStatus.FAILED, "finished_at": now, "rows": ""}
    return lease.recover_lost(
        ImportJob, running=ImportStatus.RUNNING, queued=ImportStatus.QUEUED, failed=failed, enqueue=_enqueue, now=now
    )


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
    waiting = ImportJob.objects.filter(
        status__in=[ImportStatus.MAPPING, ImportStatus.QUEUED], created_at__lt=now - STALE_AFTER
    ).update(status=ImportStatus.FAILED, finished_at=now, rows="")
    # A running one only when its worker is gone too (a long import keeps beating).
    running = (
        ImportJob.objects.filter(status=ImportStatus.RUNNING, created_at__lt=now - STALE_AFTER)
        .filter(lease.lost(now))
        .update(status=ImportStatus.FAILED, finished_at=now, rows="")
    )
    return waiting + running


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
    except HostSuspended as refused:
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
        except HostSuspended as refused:
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
