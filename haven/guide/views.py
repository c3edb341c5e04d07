"""The guide's pages: the stay clock (a form, a saved clock per household) and its JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.guide import links, selectors, services, stayclock
from haven.guide.forms import MAX_ROWS, TRIP_ROWS, ClockForm, trip_formset
from haven.guide.messages import explain
from haven.guide.models import Clock, RuleSet
from haven.lib import ratelimit
from haven.registry.selectors import household_for_arrival

MAX_BODY = 64 * 1024


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"household": household_for_arrival(request)})


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/rules.html", {"rule_sets": selectors.rule_sets()})


@require_http_methods(["GET", "POST"])
def clock(request: HttpRequest) -> HttpResponse:
    household = household_for_arrival(request)
    today = selectors.today_in(household.region if household else None)
    if request.method == "GET":
        initial: dict[str, Any] = {"on": today}
        trips: list[dict[str, Any]] = []
        if household is not None:
            found = selectors.rule_set_for_country(household.region.country)
            initial["rule_set"] = found
            trips = [{"entry": household.needed_from}]  # the day it arrived, as it told us
        context = {
            "form": ClockForm(initial=initial), "trips": trip_formset(initial=trips),
            "saved_results": selectors.saved_results(household) if household is not None else [],
        }  # fmt: skip
        return _page(request, household, context)
    return _reckon_posted(request, household)


@require_http_methods(["GET", "POST"])
def clock_saved(request: HttpRequest, public_id: UUID) -> HttpResponse:
    household = household_for_arrival(request)
    saved = selectors.clock_of(household, public_id)
    if request.method == "POST":
        return _reckon_posted(request, household, saved)
    today = selectors.today_in(saved.household.region)
    planned = saved.planned_entry if saved.planned_entry and saved.planned_entry >= today else None
    initial = {
        "rule_set": saved.rule_set, "document": saved.document, "on": today,
        "planned_entry": planned,
        "planned_days": saved.planned_days,
    }  # fmt: skip
    trips = [{"entry": t.entry, "exit": t.exit} for t in saved.trips.all()]
    context: dict[str, Any] = {"form": ClockForm(initial=initial), "trips": trip_formset(initial=trips), "saved": saved}
    try:
        context["result"] = selectors.reckon_saved(saved)
    except stayclock.BadTrips as bad:
        messages.error(request, explain(bad))
    return _page(request, household, context)


@require_GET
def clock_link(request: HttpRequest, token: str) -> HttpResponse:
    """A reminder's link: the clock as it stands today, read only."""
    try:
        saved = links.clock_of(token)
    except links.LinkRefused as refused:
        return render(request, "guide/link_refused.html", {"why": refused.why}, status=410)
    context: dict[str, Any] = {"saved": saved, "read_only": True}
    try:
        context["result"] = selectors.reckon_saved(saved)
    except stayclock.BadTrips as bad:
        messages.error(request, explain(bad))
    return render(request, "guide/clock_link.html", context)


@require_POST
def forget(request: HttpRequest, public_id: UUID) -> HttpResponse:
    saved = selectors.clock_of(household_for_arrival(request), public_id)
    services.forget_clock(clock=saved)
    messages.success(request, _("The clock and its dates are deleted."))
    return redirect("guide:clock")


def _reckon_posted(request: HttpRequest, household: Any, saved: Clock | None = None) -> HttpResponse:
    data = request.POST.copy()
    if "more" in request.POST:  # more rows for trips, nothing worked out yet: no errors shown
        rows = _int(data.get("trip-TOTAL_FORMS"), TRIP_ROWS)
        data["trip-TOTAL_FORMS"] = str(min(rows + TRIP_ROWS, MAX_ROWS))
        more = {"form": ClockForm(initial=data.dict()), "trips": trip_formset(data), "saved": saved}
        return _page(request, household, more)
    form = ClockForm(data)
    trips = trip_formset(data)
    context: dict[str, Any] = {"form": form, "trips": trips, "saved": saved}
    if not (form.is_valid() and trips.is_valid()):
        return _page(request, household, context, status=400)
    clean = form.cleaned_data
    try:
        result = selectors.reckon(
            rule_set=clean["rule_set"], trips=trips.trips(), on=clean["on"], document=clean["document"],
            planned_entry=clean["planned_entry"], planned_days=clean["planned_days"],
        )  # fmt: skip
    except stayclock.BadTrips as bad:
        form.add_error(None, explain(bad))
        return _page(request, household, context, status=400)
    if "save" in request.POST:
        if household is None:
            messages.info(request, _("To keep these dates and get reminders, enter your household's code first."))
        else:
            kept = services.save_clock(
                household=household, rule_set=clean["rule_set"], trips=trips.trips(), document=clean["document"],
                planned_entry=clean["planned_entry"], planned_days=clean["planned_days"],
            )  # fmt: skip
            messages.success(request, _("Saved. We will remind you 7 and 2 days before each deadline."))
            return redirect("guide:clock-saved", public_id=kept.public_id)
    context["result"] = result
    return _page(request, household, context)


def _int(text: Any, default: int) -> int:
    try:
        return max(0, int(text))
    except (TypeError, ValueError):
        return default


def _page(request: HttpRequest, household: Any, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context.update(
        household=household,
        clocks=list(selectors.clocks_of(household)) if household is not None else [],
    )  # fmt: skip
    return render(request, "guide/clock.html", context, status=status)


# --- JSON ------------------------------------------------------------------------------


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def rules_json(request: HttpRequest) -> JsonResponse:
    def rule(r: Any) -> dict[str, Any]:
        return {
            "kind": r.kind, "days": r.days, "window": r.window, "months": r.months,
            "since": r.since.isoformat() if r.since else None, "until": r.until.isoformat() if r.until else None,
            "exempt": list(r.exempt or []),
        }  # fmt: skip

    return JsonResponse({
        "rule_sets": [
            {
                "code": s.slug, "country": s.country, "name": s.name, "applies_to": s.applies_to, "note": s.note,
                "source": s.source_url, "last_checked": s.last_checked.isoformat(),
                "rules": [rule(r) for r in s.rules.all()],
            }
            for s in selectors.rule_sets()
        ]
    })  # fmt: skip


@csrf_exempt  # a calculation: it changes nothing and reads nothing of anyone's
@require_POST
def clock_json(request: HttpRequest) -> JsonResponse:
    """The calculator over JSON: {"rules": "schengen"} or {"limit": 90, "window": 180},
    "trips": [{"entry": "2026-01-10", "exit": null}], "on": "2026-11-26", and maybe
    "stay" and "document". The answer has the command's keys and a few more."""
    if not ratelimit.allow("stay-clock", request):
        return _refuse(_("Too many requests: try again in a few minutes."), 429)
    if len(request.body) > MAX_BODY:
        return _refuse(_("The request is too large."), 413)
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(_("The request must be a JSON object."))
    if not isinstance(body, dict):
        return _refuse(_("The request must be a JSON object."))
    try:
        rules, trips, on, stay, document = _read(body)
        answer = stayclock.stay_clock(trips, on, rules, stay=stay, document=document)
    except stayclock.BadTrips as bad:
        return _refuse(explain(bad))
    except _Unreadable as bad:
        return _refuse(str(bad))
    return JsonResponse(answer.as_full_json())


class _Unreadable(ValueError):
    pass


def _date(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Unreadable(_("%(what)s must be a date like 2026-11-26.") % {"what": what}) from None


def _number(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unreadable(_("%(what)s must be a whole number.") % {"what": what})
    return value


def _read(body: dict[str, Any]) -> tuple[Any, list[stayclock.Trip], dt.date, int | None, str | None]:
    if "rules" in body:
        found = RuleSet.objects.filter(slug=str(body["rules"]), is_active=True).prefetch_related("rules").first()
        if found is None:
            raise _Unreadable(_("There is no rule set with that code; see /guide/rules.json."))
        rules: Any = found.engine_rules()
    else:
        rules = stayclock.Rule(_number(body.get("limit"), "limit"), _number(body.get("window"), "window"))
    raw = body.get("trips", [])
    if not isinstance(raw, list) or len(raw) > services.MAX_TRIPS:
        raise _Unreadable(_("trips must be a list of at most %(most)s trips.") % {"most": services.MAX_TRIPS})
    trips = []
    for item in raw:
        if not isinstance(item, dict):
            raise _Unreadable(_("Each trip must be an object with entry and exit."))
        exit_day = item.get("exit")
        trips.append(
            stayclock.Trip(_date(item.get("entry"), "entry"), None if exit_day is None else _date(exit_day, "exit"))
        )
    stay = None if body.get("stay") is None else _number(body["stay"], "stay")
    document = body.get("document")
    if document is not None and not isinstance(document, str):
        raise _Unreadable(_("document must be text."))
    return rules, trips, _date(body.get("on"), "on"), stay, document
