"""Coordinators' pages for onward checklists: routes and their steps, in three languages.

A coordinator edits the routes that start from their cities and those from any city; any
other route is a 404, as a missing one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.selectors import coordinated_regions
from haven.backoffice.views import coordinator_required
from haven.checklists import selectors, services
from haven.checklists.forms import MoveForm, RouteForm, StepForm

REFUSED = {
    "too-many-steps": gettext_lazy("A route has at most 40 steps: split it into two routes."),
}


def _route_url(route_id: UUID, anchor: str = "") -> str:
    return reverse("checklists:coord-route", args=[route_id]) + anchor


@require_GET
@coordinator_required
def routes(request: HttpRequest) -> HttpResponse:
    return render(
        request, "checklists/coord_list.html", {"routes": list(selectors.routes_for_coordinator(request.user))}
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def new_route(request: HttpRequest) -> HttpResponse:
    form = RouteForm(request.POST or None, regions=coordinated_regions(request.user))  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        created = services.create_route(by=request.user, **form.cleaned_data)
        messages.success(request, _("Route saved. Now add its steps."))
        return redirect(_route_url(created.public_id))
    return render(request, "checklists/coord_route_new.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def edit_route(request: HttpRequest, public_id: UUID) -> HttpResponse:
    route = selectors.route_for_coordinator(request.user, public_id)
    form = RouteForm(
        request.POST if request.method == "POST" else None, initial=model_to_dict(route),
        regions=coordinated_regions(request.user),  # type: ignore[arg-type]
    )  # fmt: skip
    if route.region_id is None:  # a route of every city: no one coordinator may make it their city's
        form.fields["region"].disabled = True
    if request.method == "POST" and form.is_valid():
        services.update_route(route=route, by=request.user, **form.cleaned_data)
        messages.success(request, _("Route saved."))
        return redirect(_route_url(route.public_id))
    context = {"route": route, "form": form, "steps": list(route.steps.all())}
    return render(request, "checklists/coord_route.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def new_step(request: HttpRequest, public_id: UUID) -> HttpResponse:
    route = selectors.route_for_coordinator(request.user, public_id)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step = services.add_step(route=route, by=request.user, **form.cleaned_data)
        except services.Refused as refused:
            messages.error(request, str(REFUSED[refused.why]))
            return redirect(_route_url(route.public_id, "#steps"))
        messages.success(request, _("Step added."))
        return redirect(_route_url(route.public_id, f"#step-{step.public_id}"))
    context = {"route": route, "form": form, "step": None}
    return render(request, "checklists/coord_step.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@coordinator_required
def edit_step(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = selectors.step_for_coordinator(request.user, step_id)
    form = StepForm(request.POST if request.method == "POST" else None, initial=model_to_dict(step))
    if request.method == "POST" and form.is_valid():
        services.update_step(step=step, by=request.user, **form.cleaned_data)
        messages.success(request, _("Step saved."))
        return redirect(_route_url(step.route.public_id, f"#step-{step.public_id}"))
    context = {"route": step.route, "form": form, "step": step}
    return render(request, "checklists/coord_step.html", context, status=400 if form.errors else 200)


@require_POST
@coordinator_required
def move_step(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = selectors.step_for_coordinator(request.user, step_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_step(step=step, by=request.user, up=form.cleaned_data["direction"] == "up")
    return redirect(_route_url(step.route.public_id, f"#step-{step.public_id}"))


@require_POST
@coordinator_required
def remove_step(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = selectors.step_for_coordinator(request.user, step_id)
    services.remove_step(step=step, by=request.user)
    messages.success(request, _("Step removed."))
    return redirect(_route_url(step.route.public_id, "#steps"))
