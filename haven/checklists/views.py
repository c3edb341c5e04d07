"""Pages of onward checklists for everyone: the routes, a route's steps, and ticking a
step off for the household whose case code was entered in this browser. The
coordinators' pages are in coord_views.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.checklists import selectors, services
from haven.checklists.forms import TickForm
from haven.checklists.models import Route
from haven.registry.selectors import household_for_arrival


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    household = household_for_arrival(request)
    routes = selectors.shown_routes(household)
    progress = selectors.progress_by_route(household, routes)
    rows = [(route, progress.get(route.pk)) for route in routes]
    return render(request, "checklists/index.html", {"rows": rows, "household": household})


def _route_context(route: Route, household: Any) -> dict[str, Any]:
    steps = list(route.steps.all())
    done = selectors.done_steps(household, route)
    return {
        "route": route,
        "household": household,
        "rows": [(number, step, step.pk in done) for number, step in enumerate(steps, start=1)],
        "progress": selectors.Progress(len(done), len(steps)),
    }


@require_GET
def route(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found = selectors.shown_route(public_id)
    return render(request, "checklists/route.html", _route_context(found, household_for_arrival(request)))


def _back(request: HttpRequest, found: Route, anchor: str = "") -> HttpResponse:
    """To the route's page (with the messages): by htmx's own redirect when it asked."""
    url = reverse("checklists:route", args=[found.public_id]) + anchor
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def tick(request: HttpRequest, public_id: UUID, step_id: UUID) -> HttpResponse:
    found = selectors.shown_route(public_id)
    step = selectors.step_of(found, step_id)
    household = household_for_arrival(request)
    if household is None:
        messages.info(request, _("Enter your case code first: the steps you tick off are kept for your household."))
        return _back(request, found)
    form = TickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed. Press the button beside the step again."))
        return _back(request, found)
    try:
        services.tick(household=household, step=step, done=form.cleaned_data["done"])
    except services.Refused:
        messages.error(request, _("This route is no longer shown, so its steps cannot be ticked off."))
        return redirect("checklists:index")
    if not request.headers.get("HX-Request"):
        return _back(request, found, f"#step-{step.public_id}")
    # htmx: the step as it is now, and the progress bar beside it (out of band).
    context = _route_context(found, household)
    row = next(row for row in context["rows"] if row[1].pk == step.pk)
    html = render_to_string("checklists/route.html#step", {**context, "row": row}, request)
    html += render_to_string("checklists/route.html#progress", {**context, "oob": True}, request)
    return HttpResponse(html)
