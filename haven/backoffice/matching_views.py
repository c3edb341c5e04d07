"""The coordinator's matching pages: run the engine for a city, then accept or reject its suggestions.

A run works in the background; its page shows a progress bar that htmx refreshes
every two seconds (a plain "Refresh" link does the same without JavaScript), and
once the run is done, the suggestions. Listing them is audited like any list of
households.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.selectors import coordinated_regions
from haven.audit import services as audit
from haven.backoffice.views import coordinator_required
from haven.matching import services as matching
from haven.matching.models import RunMode, RunStatus
from haven.matching.selectors import (
    region_for_coordinator,
    run_for_coordinator,
    runs_for_coordinator,
    suggestion_for_coordinator,
    suggestions_of,
    updatable_regions,
    with_legs,
)

RUNS_LISTED = 20
SUGGESTIONS_PER_PAGE = 50


@require_GET
@coordinator_required
def matching_home(request: HttpRequest) -> HttpResponse:
    regions = coordinated_regions(request.user)  # type: ignore[arg-type]
    context = {
        "regions": regions,
        "updatable": updatable_regions(regions),
        "runs": runs_for_coordinator(request.user)[:RUNS_LISTED],
    }
    return render(request, "backoffice/matching.html", context)


@require_POST
@coordinator_required
def start_run(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_for_coordinator(request.user, slug)
    mode = request.POST.get("mode", RunMode.FULL)
    run = matching.start_run(region=region, by=request.user, mode=mode if mode in RunMode.values else RunMode.FULL)
    return redirect("backoffice:matching-run", public_id=run.public_id)


@require_GET
@coordinator_required
def run_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    run = run_for_coordinator(request.user, public_id)
    context: dict[str, object] = {"run": run}
    if run.status == RunStatus.DONE:
        page = Paginator(suggestions_of(run), SUGGESTIONS_PER_PAGE).get_page(request.GET.get("page"))
        audit.record_listing(
            actor=request.user,
            subject_kind="household",
            subjects=[(s.household.public_id, s.household.region) for s in page],
        )
        context.update(page=page, rows=with_legs(run, page))
    return render(request, "backoffice/matching_run.html", context)


@require_GET
@coordinator_required
def run_progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The progress fragment that htmx polls; once the run has finished, the whole page reloads."""
    run = run_for_coordinator(request.user, public_id)
    response = render(request, "backoffice/matching_run.html#progress", {"run": run})
    if run.is_finished:
        response["HX-Refresh"] = "true"
    return response


def _decide(request: HttpRequest, public_id: UUID, *, accept: bool) -> HttpResponse:
    suggestion = suggestion_for_coordinator(request.user, public_id)
    try:
        if accept:
            matching.accept_suggestion(suggestion=suggestion, by=request.user)
            messages.success(request, _("Suggestion accepted."))
        else:
            matching.reject_suggestion(suggestion=suggestion, by=request.user)
            messages.success(request, _("Suggestion rejected. These hosts will not be suggested for this group again."))
    except matching.DecisionRefused as refused:
        if refused.why == "closed":
            messages.error(request, _("This group is no longer looking for a place."))
        elif refused.why == "placed":
            messages.error(request, _("This group already has an accepted place."))
        elif refused.why == "full":
            messages.error(request, _("These beds were given to another group meanwhile. Run matching again."))
        elif refused.why == "changed":
            messages.error(
                request, _("These places changed since the run (dates, rules or the host). Run matching again.")
            )
        else:
            messages.error(request, _("Someone has already decided on this suggestion."))
    url = reverse("backoffice:matching-run", kwargs={"public_id": suggestion.run.public_id})
    page = request.POST.get("page", "")
    if page.isdigit():
        url += f"?page={page}"
    return redirect(f"{url}#s-{suggestion.public_id}")


@require_POST
@coordinator_required
def accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _decide(request, public_id, accept=True)


@require_POST
@coordinator_required
def reject(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _decide(request, public_id, accept=False)
