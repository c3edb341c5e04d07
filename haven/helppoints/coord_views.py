"""Coordinators' pages for help points: the points of their cities, adding, changing,
hiding and showing again. A point of another city is a 404, like a missing one."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.selectors import coordinated_regions
from haven.backoffice.views import coordinator_required
from haven.helppoints import selectors, services
from haven.helppoints.forms import HelpPointForm
from haven.helppoints.models import HelpPoint

REFUSED = {
    "district-of-another-city": gettext_lazy("Choose a district of the city you chose."),
}


@require_GET
@coordinator_required
def coord_list(request: HttpRequest) -> HttpResponse:
    found = selectors.rows(selectors.points_for_coordinator(request.user))
    return render(request, "helppoints/coord_list.html", {"rows": found})


def _form_page(request: HttpRequest, form: HelpPointForm, point: HelpPoint | None, status: int = 200) -> HttpResponse:
    region = point.region if point else coordinated_regions(request.user).order_by("name_en").first()  # type: ignore[arg-type]
    centre = None
    if point is not None and point.on_map:
        centre = [float(point.latitude), float(point.longitude)]  # type: ignore[arg-type]
    elif region is not None:
        found = selectors.centre_of(region, selectors.rows(selectors.shown(region=region)))
        centre = list(found) if found else None
    config = {"tiles": settings.HAVEN_MAP_TILES, "attribution": settings.HAVEN_MAP_ATTRIBUTION, "centre": centre}
    return render(
        request, "helppoints/coord_form.html", {"form": form, "point": point, "map_config": config}, status=status
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def coord_new(request: HttpRequest) -> HttpResponse:
    form = HelpPointForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.create_point(by=request.user, **form.service_fields())
        except services.Refused as refused:
            form.add_error(None, str(REFUSED[refused.why]))
        else:
            messages.success(request, _("Help point added. It shows on the list and the map now."))
            return redirect("helppoints:coord-edit", public_id=point.public_id)
    return _form_page(request, form, None, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def coord_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    point = selectors.point_for_coordinator(request.user, public_id)
    if request.method == "POST":
        form = HelpPointForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                point = services.update_point(point=point, by=request.user, **form.service_fields())
            except services.Refused as refused:
                form.add_error(None, str(REFUSED[refused.why]))
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helppoints:coord-edit", public_id=point.public_id)
    else:
        form = HelpPointForm(initial=HelpPointForm.initial_of(point), user=request.user)
    return _form_page(request, form, point, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def coord_shown(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Hide a point (it closed, or moved) or show it again: ``shown`` is "0" or "1"."""
    point = selectors.point_for_coordinator(request.user, public_id)
    shown = request.POST.get("shown") == "1"
    services.set_shown(point=point, by=request.user, shown=shown)
    messages.success(
        request, _("The point is shown again.") if shown else _("The point is hidden from the list and the map.")
    )
    return redirect("helppoints:coord")
