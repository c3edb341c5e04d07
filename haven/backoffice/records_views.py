"""What coordinators take away and what the trail keeps: exports, and the audit viewer."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from haven.accounts.models import Region
from haven.accounts.selectors import coordinated_regions
from haven.audit import services as audit
from haven.audit.models import Action, Why
from haven.audit.selectors import audit_entries_for
from haven.backoffice import exports
from haven.backoffice.forms import (
    AuditFilterForm,
    ExportForm,
)
from haven.backoffice.views import View, _role_required, coordinator_required
from haven.hosting.selectors import offers_for_coordinator
from haven.registry.selectors import households_for_coordinator


@require_http_methods(["GET", "POST"])
@coordinator_required
def export(request: HttpRequest) -> HttpResponseBase:
    """A file of what she may see; contact details only with a reason. A POST: it shows personal data."""
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    choices = [(r.slug, r.name) for r in regions]
    form = ExportForm(request.POST or None, regions=choices, initial={"what": "households", "file_format": "csv"})
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "backoffice/export.html", {"form": form}, status=400 if request.method == "POST" else 200
        )
    data = form.cleaned_data
    why = data["contacts_because"]
    if data["what"] == "households":
        rows: Any = households_for_coordinator(request.user)
        columns = exports.HOUSEHOLD_COLUMNS
    else:
        rows = offers_for_coordinator(request.user).select_related("region", "district", "host")
        columns = exports.OFFER_COLUMNS
    if data["region"]:
        rows = rows.filter(region__slug=data["region"])
    rows = rows.order_by("pk")
    header, body = exports.table(rows, columns, personal=bool(why))
    # One entry per city, so that each city's coordinators see what left it.
    per_region = dict(rows.order_by().values_list("region").annotate(n=Count("pk")).values_list("region", "n"))
    for region in regions.filter(pk__in=per_region):
        audit.record(
            actor=request.user, action=Action.EXPORTED, subject_kind=data["what"], why=Why(why) if why else Why.PAGE,
            region=region, detail=f"{per_region[region.pk]} rows, {data['file_format']}, contacts: {'yes' if why else 'no'}",
        )  # fmt: skip
    if not per_region:
        audit.record(
            actor=request.user, action=Action.EXPORTED, subject_kind=data["what"], why=Why(why) if why else Why.PAGE,
            detail=f"0 rows, {data['file_format']}",
        )  # fmt: skip
    name = f"haven-{data['what']}-{timezone.localdate().isoformat()}"
    if data["file_format"] == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(header, body),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    streaming = StreamingHttpResponse(exports.as_csv(header, body), content_type="text/csv; charset=utf-8")
    streaming["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return streaming


def coordinator_or_admin(view: View) -> View:
    """Coordinators, and administrators (who hold no city role but see every entry)."""
    return _role_required(
        lambda user: coordinated_regions(user) if not user.is_superuser else Region.objects.all(), view
    )


@require_GET
@coordinator_or_admin
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who looked at or changed what, when and why: her cities' entries (administrators: all)."""
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_for(request.user)
    if form.is_valid():
        if form.cleaned_data["person"]:
            entries = entries.filter(actor__email__icontains=form.cleaned_data["person"])
        if form.cleaned_data["record"]:
            entries = entries.filter(subject_id=form.cleaned_data["record"])
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "backoffice/audit.html", {"form": form, "page": page})
