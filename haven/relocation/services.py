"""Filing a relocation request: the households, their codes, the team's desks, in one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from haven.audit import services as audit
from haven.audit.models import Action
from haven.registry.models import Household
from haven.registry.services import register_household, reissue_code
from haven.relocation.models import Company, CompanyMember, RelocationRequest
from haven.workspaces import services as desks


@dataclass
class Filed:
    request: RelocationRequest
    codes: list[tuple[str, str]]  # (name, case code): shown once, to hand out, never stored


REISSUE_WINDOW = dt.timedelta(minutes=15)


@transaction.atomic
def create_company(*, name: str, contact: str, by: Any) -> Company:
    """A company, with its creator as the one who files for it. Its link name is its name's
    Latin letters and a random tail, so two companies of the same name never clash."""
    company = Company.objects.create(
        slug=f"{slugify(name)[:30] or 'company'}-{secrets.token_hex(3)}", name=name, contact=contact
    )
    CompanyMember.objects.create(company=company, user=by)
    audit.record(actor=by, action=Action.TEAM, subject_kind="company", subject_id=company.slug, detail="company added")
    return company


@transaction.atomic
def codes_again(*, request: RelocationRequest, by: Any, now: dt.datetime | None = None) -> Filed | None:
    """New case codes for a request filed moments ago by the same person, whose answer (with
    the codes) was lost; None later or for someone else. The old codes stop working."""
    now = now or timezone.now()
    if request.created_by_id != getattr(by, "pk", None) or now - request.created_at > REISSUE_WINDOW:
        return None
    codes = [(h.alias, reissue_code(h)) for h in request.households.order_by("pk")]
    audit.record(
        actor=by, action=Action.IMPORTED, subject_kind="relocation", subject_id=str(request.public_id),
        region=request.region, detail=f"codes reissued for {len(codes)}",
    )  # fmt: skip
    return Filed(request=request, codes=codes)


class AlreadyFiled(Exception):
    def __init__(self, request: RelocationRequest) -> None:
        super().__init__("already filed")
        self.request = request


@transaction.atomic
def file_request(
    *, company: Company, by: Any, rows: list[dict[str, Any]], region: Any, district: Any, first_night: dt.date,
    leaving_on: dt.date, company_pays: bool, budget_per_night: Any, currency: str, workspace: Any = None,
    language: str = "ru", submission_token: uuid.UUID | None = None,
) -> Filed:  # fmt: skip
    """Create the request, a household per roster row (each with a new case code) and, if a
    workspace is chosen, one booking of a desk per row for the whole stay. All or nothing:
    a workspace without room refuses the whole request (``DeskRefused``). A form sent a second
    time (its ``submission_token`` again) files nothing: ``AlreadyFiled`` names the first request."""
    if submission_token is not None:
        found = RelocationRequest.objects.filter(submission_token=submission_token).first()
        if found is not None:
            raise AlreadyFiled(found)
    request = RelocationRequest.objects.create(
        submission_token=submission_token,
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
