"""A city's figures: the coordinators' dashboard, and the public numbers (aggregates only)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from haven.accounts.selectors import viewed_regions
from haven.backoffice.dashboard import SUPPRESS_BELOW, cached_city_figures, cached_public_figures
from haven.backoffice.views import viewer_allowed
from haven.lib import charts


@require_GET
@viewer_allowed
def dashboard(request: HttpRequest) -> HttpResponse:
    """One city's figures as server-drawn charts (a city of hers chosen with ?city=)."""
    regions = list(viewed_regions(request.user))  # type: ignore[arg-type]
    if not regions:
        raise Http404
    region = next((r for r in regions if r.slug == request.GET.get("city")), regions[0])
    today = timezone.localdate()
    figures = cached_city_figures(region, today)
    short = [d.strftime("%d.%m") for d in figures.days]
    nights = [d.strftime("%d.%m") for d in figures.nights]
    context = {
        "regions": regions,
        "region": region,
        "figures": figures,
        "arrivals_chart": charts.bars(
            _("Groups registered per day"),
            short,
            [charts.Series(_("groups"), figures.arrivals, "bar-a")],
            label_every=3,
        ),
        "nights_chart": charts.bars(
            _("People still without a bed vs free beds, per night"),
            nights,
            [
                charts.Series(_("people without a bed"), figures.needs, "bar-a"),
                charts.Series(_("free beds"), figures.free_beds, "bar-b"),
            ],
            label_every=3,
        ),
        "rows": list(zip(figures.nights, figures.needs, figures.free_beds, strict=True)),
    }
    return render(request, "backoffice/dashboard.html", context)


@require_GET
def public_numbers(request: HttpRequest) -> HttpResponse:
    """For anyone: per city, aggregates only, counts under 5 hidden."""
    context = {"cities": cached_public_figures(timezone.localdate()), "threshold": SUPPRESS_BELOW}
    return render(request, "backoffice/numbers.html", context)
