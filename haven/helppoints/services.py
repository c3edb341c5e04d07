"""Writes of help points: a coordinator adds, changes, hides and shows again a point of
their city. Each is one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from haven.accounts.models import District, Region
from haven.audit import services as audit
from haven.audit.models import Action
from haven.helppoints import hours
from haven.helppoints.models import HelpPoint

FIELDS = ("kind", "name", "address", "latitude", "longitude", "phone", "website", "languages", "note")


class Refused(Exception):
    """A change that cannot be made; ``why`` names the case for the page."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _check_place(region: Region, district: District | None) -> None:
    if district is not None and district.region_id != region.pk:
        raise Refused("district-of-another-city")


def _record(point: HelpPoint, by: Any, detail: str) -> None:
    audit.record(
        actor=by, action=Action.HELP_POINT, subject_kind="help-point", subject_id=str(point.public_id),
        region=point.region, detail=detail,
    )  # fmt: skip


@transaction.atomic
def create_point(*, by: Any, region: Region, district: District | None, week: hours.Week, **fields: Any) -> HelpPoint:
    """A new point, shown at once. ``fields``: kind, name, address, latitude, longitude,
    phone, website, languages, note (as the form cleaned them)."""
    _check_place(region, district)
    point = HelpPoint(region=region, district=district, hours=hours.to_json(week), created_by=by)
    for name in FIELDS:
        setattr(point, name, fields.get(name, getattr(point, name)))
    point.full_clean(exclude=["created_by"])
    point.save()
    _record(point, by, "created")
    return point


@transaction.atomic
def update_point(
    *, point: HelpPoint, by: Any, region: Region, district: District | None, week: hours.Week, **fields: Any
) -> HelpPoint:
    _check_place(region, district)
    point = HelpPoint.objects.select_for_update().get(pk=point.pk)
    point.region, point.district, point.hours = region, district, hours.to_json(week)
    for name in FIELDS:
        if name in fields:
            setattr(point, name, fields[name])
    point.full_clean(exclude=["created_by"])
    point.save()
    _record(point, by, "changed")
    return point


@transaction.atomic
def set_shown(*, point: HelpPoint, by: Any, shown: bool) -> HelpPoint:
    """Hide a point that closed (it stays for the coordinators) or show it again."""
    point = HelpPoint.objects.select_for_update().get(pk=point.pk)
    if point.is_active != shown:
        point.is_active = shown
        point.save(update_fields=["is_active", "updated_at"])
        _record(point, by, "shown again" if shown else "hidden")
    return point
