"""The coordinator's import pages: upload, choose columns (with a preview of the first
rows and their errors), watch the progress, decide on the duplicates."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.selectors import coordinated_regions
from haven.backoffice.views import coordinator_required
from haven.imports import services
from haven.imports.forms import MappingForm, UploadForm
from haven.imports.models import ImportJob, ImportStatus
from haven.imports.reading import MAX_BYTES, FileRefused, read_table


def _job(user: Any, public_id: UUID) -> ImportJob:
    try:
        return ImportJob.objects.select_related("region").get(public_id=public_id, region__in=coordinated_regions(user))
    except (ImportJob.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
@coordinator_required
def upload(request: HttpRequest) -> HttpResponse:
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None, regions=[(r.slug, r.name) for r in regions])
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["sheet"]
        try:
            table = read_table(sheet.name, sheet.read(MAX_BYTES + 1))  # a bigger file is refused, not read whole
        except FileRefused as refused:
            form.add_error("sheet", str(refused))
        else:
            region = regions.get(slug=form.cleaned_data["region"])
            job = services.start(
                region=region, by=request.user, source=form.cleaned_data["source"].strip(), file_name=sheet.name,
                table=table, kind=form.cleaned_data["kind"] or "households",
            )  # fmt: skip
            return redirect("imports:job", public_id=job.public_id)
    jobs = ImportJob.objects.filter(region__in=regions).select_related("region")[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs}, status=status)


@require_http_methods(["GET", "POST"])
@coordinator_required
def job_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = _job(request.user, public_id)
    form = None
    status = 200
    if job.status == ImportStatus.MAPPING:
        initial = {name: str(index) for name, index in job.mapping.items()}
        form = MappingForm(
            request.POST or None, header=job.header, kind=job.kind, initial={**initial, "remember": True}
        )
        if request.method == "POST" and form.is_valid():
            try:
                job = services.set_mapping(job=job, mapping=form.mapping(), remember=form.cleaned_data["remember"])
            except services.ImportRefused as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                if "start" in request.POST:
                    services.queue(job=job)
                    return redirect("imports:job", public_id=job.public_id)
                messages.success(request, _("Columns saved. Check the preview, then start the import."))
                return redirect("imports:job", public_id=job.public_id)
        elif request.method == "POST":
            status = 400
    context: dict[str, Any] = {"job": job, "form": form}
    if job.status == ImportStatus.MAPPING:
        context["preview"] = services.preview(job)
    return render(request, "imports/job.html", context, status=status)


@require_GET
@coordinator_required
def progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = _job(request.user, public_id)
    response = render(request, "imports/job.html#progress", {"job": job})
    if job.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@coordinator_required
def decide(request: HttpRequest, public_id: UUID, row: int, action: str) -> HttpResponse:
    job = _job(request.user, public_id)
    try:
        services.resolve_duplicate(job=job, row_number=row, action=action, by=request.user)
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("imports:job", public_id=job.public_id)
