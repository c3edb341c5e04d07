"""Public pages of help points: the list (no script at all), the map (Leaflet, with the
same points listed under it) and the poster. The coordinators' pages are in
coord_views.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from haven.accounts.models import Region
from haven.accounts.selectors import active_regions
from haven.helppoints import poster, selectors
from haven.helppoints.forms import FilterForm, PosterForm


def _city(request: HttpRequest) -> Region | None:
    """The city asked for, else the arrival's own, else the first; an unknown slug falls back too
    (the form says so)."""
    slug = request.GET.get("city", "")
    found = active_regions().filter(slug=slug).first() if slug and len(slug) <= 40 else None
    return found or selectors.default_region(request)


def _filtered(request: HttpRequest) -> dict[str, Any]:
    region = _city(request)
    form = FilterForm(request.GET or None, region=region)
    form.is_valid()  # what is valid filters; what is not is said above the list
    data = getattr(form, "cleaned_data", {})
    points = (
        selectors.shown(region=region, district=data.get("district"), kind=data.get("kind") or "")
        if region is not None
        else []
    )
    found = selectors.rows(points, open_only=bool(data.get("open_now")))
    query = {"city": region.slug if region else "", "district": data["district"].slug if data.get("district") else "",
             "kind": data.get("kind") or "", "open_now": "on" if data.get("open_now") else ""}  # fmt: skip
    return {
        "form": form, "region": region, "rows": found, "cities": list(active_regions()),
        "query": urlencode({key: value for key, value in query.items() if value}),
    }  # fmt: skip


def _status(context: dict[str, Any]) -> int:
    return 400 if context["form"].errors else 200


@require_GET
def points(request: HttpRequest) -> HttpResponse:
    context = _filtered(request)
    return render(request, "helppoints/list.html", context, status=_status(context))


@require_GET
def points_map(request: HttpRequest) -> HttpResponse:
    context = _filtered(request)
    region = context["region"]
    centre = selectors.centre_of(region, context["rows"]) if region is not None else None
    context |= {
        "markers": selectors.map_data(context["rows"]),
        "map_config": {
            "tiles": settings.HAVEN_MAP_TILES,
            "attribution": settings.HAVEN_MAP_ATTRIBUTION,
            "centre": list(centre) if centre else None,
        },
        "unplaced": [r for r in context["rows"] if not r.point.on_map],
    }
    return render(request, "helppoints/map.html", context, status=_status(context))


@require_GET
def poster_page(request: HttpRequest) -> HttpResponse:
    """The poster's form; sent (GET, so a volunteer can keep the link) it answers the PDF."""
    if not request.GET:
        region = selectors.default_region(request)
        initial = {"city": region.slug if region else "", "languages": [code for code, _ in settings.LANGUAGES]}
        return render(request, "helppoints/poster.html", {"form": PosterForm(initial=initial)})
    form = PosterForm(request.GET)
    if not form.is_valid():
        return render(request, "helppoints/poster.html", {"form": form}, status=400)
    region = active_regions().get(slug=form.cleaned_data["city"])
    chosen = [code for code, _ in settings.LANGUAGES if code in form.cleaned_data["languages"]]
    pdf = poster.render(region=region, place=form.cleaned_data["place"], languages=chosen)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(form.cleaned_data["place"]) or "poster"
    response["Content-Disposition"] = f'inline; filename="haven-help-{region.slug}-{name}.pdf"'
    return response
