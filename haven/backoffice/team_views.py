"""A lead coordinator's page: who holds which role in her cities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import services as accounts
from haven.accounts.models import Membership
from haven.accounts.selectors import led_regions
from haven.backoffice.forms import (
    MemberForm,
)

TEAM_REFUSED = {
    "no-account": gettext_lazy("Nobody has a Haven account with this e-mail. Ask them to sign up first."),
    "self": gettext_lazy("You cannot remove your own lead role; another lead can."),
    "last-lead": gettext_lazy("A city keeps at least one lead coordinator."),
}


def _lead_regions(request: HttpRequest) -> Any:
    regions = led_regions(request.user)  # type: ignore[arg-type]
    if not regions.exists():
        raise Http404
    return regions


@require_http_methods(["GET", "POST"])
@login_required
def team(request: HttpRequest) -> HttpResponse:
    """A lead coordinator's page: who holds which role in her cities; add or remove."""
    regions = _lead_regions(request)
    form = MemberForm(request.POST or None, regions=[(r.slug, r.name) for r in regions])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            region = regions.get(slug=form.cleaned_data["region"])
            try:
                accounts.add_member(
                    region=region, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user
                )
            except accounts.TeamRefused as refused:
                form.add_error("email", str(TEAM_REFUSED[refused.why]))
            else:
                messages.success(request, _("Added. They will set up a second factor at their next login."))
                return redirect("backoffice:team")
        status = 400
    members = Membership.objects.filter(region__in=regions).select_related("user", "region").order_by("region", "role")
    return render(request, "backoffice/team.html", {"form": form, "members": members}, status=status)


@require_POST
@login_required
def remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    regions = _lead_regions(request)
    membership = Membership.objects.filter(pk=pk, region__in=regions).first()
    if membership is None:
        raise Http404
    try:
        accounts.remove_member(membership=membership, by=request.user)
    except accounts.TeamRefused as refused:
        messages.error(request, str(TEAM_REFUSED[refused.why]))
    else:
        messages.success(request, _("Removed."))
    return redirect("backoffice:team")
