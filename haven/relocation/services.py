"""Filing a relocation request: the households, their codes, the team's desks, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from haven.audit import services as audit
from haven.audit.models import Action
from haven.registry.models import Household
from haven.registry.services import register_household
from haven.relocation.models import Company, CompanyMember, RelocationRequest
from haven.workspaces import services as desks


@dataclass
class Filed:
    request: RelocationRequest
    codes: list[tuple[str, str]]  # (name, case code): shown once, to hand out, never stored


@transaction.atomic
def create_company(*, name: str, contact: str, by: Any) -> Company:
    base = slugify(name)[:40] or "company"
    slug, n = base, 1
    while Company.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    company = Company.objects.create(slug=slug, name=name, contact=contact)
    CompanyMember.objects.create(company=company, user=by)
    return company


@transaction.atomic
def file_request(
    *, company: Company, by: Any, rows: list[dict[str, Any]], region: Any, district: Any, first_night: dt.date,
    leaving_on: dt.date, company_pays: bool, budget_per_night: Any, currency: str, workspace: Any = None,
    language: str = "ru",
) -> Filed:  # fmt: skip
    """Create the request, a household per roster row (each with a new case code) and, if a
    workspace is chosen, one booking of a desk per row for the whole stay. All or nothing:
    a workspace without room refuses the whole request (``DeskRefused``)."""
    request = RelocationRequest.objects.create(
        company=company, region=region, district=district, first_night=first_night, leaving_on=leaving_on,
        company_pays=company_pays, budget_per_night=budget_per_night, currency=currency, workspace=workspace,
        created_by=by,
    )  # fmt: skip
    codes = []
    for fields in rows:
        registration = register_household(**{**fields, "language": language})
        Household.objects.filter(pk=registration.household.pk).update(relocation=request)
        codes.append((registration.household.alias, registration.code))
    if workspace is not None and rows:
        request.desk_booking = desks.book(
            workspace=workspace,
            first_day=first_night,
            last_day=leaving_on - dt.timedelta(days=1),
            desks=len(rows),
            user=by,
        )
        request.save(update_fields=["desk_booking"])
    audit.record(
        actor=by, action=Action.IMPORTED, subject_kind="relocation", subject_id=str(request.public_id), region=region,
        detail=f"relocation roster of {len(rows)}",
    )  # fmt: skip
    return Filed(request=request, codes=codes)
