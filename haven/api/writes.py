"""What partners write: households and offers in bulk (through the import pipeline, so
every row is checked exactly as on the import page, and duplicates wait for a
coordinator), and the moves of stays at their shelters. Every write carries an
``Idempotency-Key``: the same key again gets the first answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError

from haven.api.auth import region_of, token_of
from haven.audit import services as audit
from haven.imports import services as imports
from haven.imports.models import ImportJob, ImportKind
from haven.imports.reading import Table
from haven.imports.rows import FIELD_NAMES, OFFER_FIELDS
from haven.partners import services as partners
from haven.partners.models import ApiToken
from haven.stays import services as stays
from haven.stays.models import Stay, StayState
from haven.stays.texts import REFUSED

router = Router(tags=["writes"])
MAX_ROWS = 5000
MAX_CELL = 500
OFFER_FIELD_NAMES = [f.name for f in OFFER_FIELDS]


class RowsIn(Schema):
    rows: list[dict[str, str | int | bool | None]] = Field(..., max_length=MAX_ROWS)


class ImportOut(Schema):
    id: UUID
    kind: str
    status: str
    total: int
    processed: int
    imported: int
    errors: list[list[Any]]
    duplicates_waiting: int


class StayOut(Schema):
    id: UUID
    offer: UUID
    group: str  # the group's alias, never a legal name
    people: int
    first_night: dt.date
    leaving_on: dt.date
    state: str


class StaysOut(Schema):
    count: int
    items: list[StayOut]


class StaysQuery(Schema):
    region: str
    state: StayState | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class MoveIn(Schema):
    reason: str = ""


def _key(value: str | None) -> str:
    if not value or not 1 <= len(value) <= 100:
        raise HttpError(400, _("A write needs an Idempotency-Key header of 1 to 100 characters."))
    return value


def _replayed(token: ApiToken, key: str, request: HttpRequest, write: Any) -> Status[dict[str, Any]]:
    try:
        what = f"{request.method} {request.path}\n".encode() + request.body  # a key names one request
        return Status(*partners.once(token=token, key=key, request=what, write=write))
    except partners.KeyReused as reused:
        raise HttpError(409, _("This Idempotency-Key was used for another request.")) from reused


def _import_out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.public_id, "kind": job.kind, "status": job.status, "total": job.total, "processed": job.processed,
        "imported": job.imported, "errors": job.errors, "duplicates_waiting": len(job.duplicates),
    }  # fmt: skip


def _table(rows: list[dict[str, Any]], names: list[str]) -> Table:
    unknown = sorted({key for row in rows for key in row} - set(names))
    if unknown:
        raise HttpError(422, _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown[:10])})
    if not rows:
        raise HttpError(422, _("Send at least one row."))

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        found = str(value)[:MAX_CELL]
        try:
            found.encode()
        except UnicodeEncodeError:  # a lone surrogate: JSON allows it, no text holds it
            raise HttpError(422, _("A row holds a character that is not text.")) from None
        return found

    return Table(
        header=list(names), rows=[[text(row.get(name)) for name in names] for row in rows],
        numbers=list(range(2, len(rows) + 2)),
    )  # fmt: skip


def _start(request: HttpRequest, code: str, body: RowsIn, key: str | None, kind: str) -> Status[dict[str, Any]]:
    region = region_of(request, code, write=True)
    token = token_of(request)
    names = OFFER_FIELD_NAMES if kind == ImportKind.OFFERS else FIELD_NAMES
    idempotency = _key(key)
    table = _table(body.rows, names)  # checked before the key is spent: a bad body may be sent again, mended

    def write() -> tuple[int, dict[str, Any]]:
        job = imports.start(
            region=region, by=None, source=f"api:{token.partner.public_id}", file_name=f"api {token.prefix}",
            table=table, kind=kind,
        )  # fmt: skip
        job = imports.set_mapping(job=job, mapping={name: i for i, name in enumerate(names)}, remember=False)
        job = imports.queue(job=job)
        return 202, json.loads(json.dumps(_import_out(job), default=str))

    return _replayed(token, idempotency, request, write)


@router.post("/regions/{code}/households", response={202: ImportOut}, summary="Import households in bulk")
def import_households(
    request: HttpRequest, code: str, body: RowsIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
) -> Status[dict[str, Any]]:
    return _start(request, code, body, idempotency_key, ImportKind.HOUSEHOLDS)


@router.post("/regions/{code}/offers", response={202: ImportOut}, summary="Import offers in bulk")
def import_offers(
    request: HttpRequest, code: str, body: RowsIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
) -> Status[dict[str, Any]]:
    return _start(request, code, body, idempotency_key, ImportKind.OFFERS)


@router.get("/imports/{import_id}", response=ImportOut, summary="An import's progress, errors and duplicates")
def import_status(request: HttpRequest, import_id: UUID) -> dict[str, Any]:
    token = token_of(request)
    job = ImportJob.objects.filter(
        public_id=import_id, source=f"api:{token.partner.public_id}", region__in=token.regions.all()
    ).first()
    if job is None:
        raise HttpError(404, _("There is no import with that id for this token."))
    return _import_out(job)


def _stays_of(token: ApiToken) -> QuerySet[Stay]:
    """What the organisation's hosts see of their stays: a planned next leg is not theirs yet."""
    return (
        Stay.objects.filter(offer__host__in=token.partner.hosts.all(), offer__region__in=token.regions.all())
        .exclude(state=StayState.PLANNED)
        .select_related("household", "offer", "offer__region")
    )


@router.get("/stays", response=StaysOut, summary="Stays at the organisation's places, page by page")
def list_stays(request: HttpRequest, query: Query[StaysQuery]) -> dict[str, Any]:
    region = region_of(request, query.region)
    found = _stays_of(token_of(request)).filter(offer__region=region).order_by("start", "pk")
    if query.state:
        found = found.filter(state=query.state)
    page = list(found[query.offset : query.offset + query.limit])
    # The groups' aliases are personal data: each listing is written to the audit trail.
    audit.record_listing(actor=None, subject_kind="household", subjects=[(s.household.public_id, region) for s in page])
    return {
        "count": found.count(),
        "items": [
            {
                "id": s.public_id, "offer": s.offer.public_id, "group": s.household.alias, "people": s.people,
                "first_night": s.start, "leaving_on": s.end, "state": s.state,
            }
            for s in page
        ],
    }  # fmt: skip


MOVES = {
    "accept": lambda stay, by, reason: stays.host_accept(stay=stay, by=by),
    "decline": lambda stay, by, reason: stays.host_decline(stay=stay, by=by, reason=reason),
    "check-in": lambda stay, by, reason: stays.check_in(stay=stay, by=by),
    "check-out": lambda stay, by, reason: stays.check_out(stay=stay, by=by),
    "no-show": lambda stay, by, reason: stays.no_show(stay=stay, by=by),
}


@router.post("/stays/{stay_id}/{move}", response={200: StayOut, 409: dict[str, str]}, summary="Move a stay")
def move_stay(
    request: HttpRequest, stay_id: UUID, move: str, body: MoveIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status[dict[str, Any]]:  # fmt: skip
    token = token_of(request)
    if move not in MOVES:
        raise HttpError(404, _("Moves are: %(moves)s.") % {"moves": ", ".join(MOVES)})
    stay = _stays_of(token).filter(public_id=stay_id).first()
    if stay is None:
        raise HttpError(404, _("There is no stay with that id at this organisation's places."))
    region_of(request, stay.offer.region.slug, write=True)
    idempotency = _key(idempotency_key)

    def write() -> tuple[int, dict[str, Any]]:
        try:
            moved = MOVES[move](stay, stay.offer.host, body.reason)
        except stays.StayRefused as refused:
            return 409, {"detail": str(REFUSED.get(refused.why, refused.why))}
        return 200, {
            "id": str(moved.public_id), "offer": str(moved.offer.public_id), "group": moved.household.alias,
            "people": moved.people, "first_night": moved.start.isoformat(), "leaving_on": moved.end.isoformat(),
            "state": moved.state,
        }  # fmt: skip

    return _replayed(token, idempotency, request, write)
