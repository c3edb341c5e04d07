"""The provider's pages: listing a space, its settings and closed days, the door, figures and export."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.lib import charts
from haven.workspaces import selectors, services
from haven.workspaces.forms import CheckInForm, CloseDayForm, WorkspaceForm
from haven.workspaces.models import Booking, BookingState, Workspace
from haven.workspaces.texts import refusal

FIGURE_DAYS = 30
RESERVED = {"new", "mine", "b"}  # paths of the workspace pages themselves


def _managed(request: HttpRequest, slug: str) -> Workspace:
    found = selectors.space_for_manager(request.user, slug)  # type: ignore[arg-type]
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        workspace = form.instance
        workspace.slug = _free_slug(workspace.name)
        services.create_workspace(workspace=workspace, by=request.user)
        messages.success(request, str(_("Your space is listed. People can book its desks now.")))
        return redirect("workspaces:manage", workspace.slug)
    return render(request, "workspaces/edit.html", {"form": form, "space": None}, status=400 if form.errors else 200)


def _free_slug(name: str) -> str:
    from django.utils.text import slugify

    from haven.workspaces.models import new_slug_suffix

    base = slugify(name, allow_unicode=False)[:40] or "space"
    if base in RESERVED:
        base = f"{base}-space"
    slug = base
    while Workspace.objects.filter(slug=slug).exists():
        slug = f"{base}-{new_slug_suffix()}"
    return slug


@require_http_methods(["GET", "POST"])
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Settings and closed days, and the coming month's occupancy as a chart."""
    workspace = _managed(request, slug)
    form = WorkspaceForm(request.POST if request.method == "POST" else None, instance=workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_workspace(workspace=form.instance, by=request.user, changed=form.changed_data)
        except services.DeskRefused as refused:
            form.add_error("desks", refusal(refused))
        else:
            messages.success(request, str(_("Saved.")))
            return redirect("workspaces:manage", workspace.slug)
    today = services.today_at(workspace)
    rows = selectors.occupancy(workspace, today, FIGURE_DAYS)
    chart = charts.bars(
        str(_("Desks booked per day, the coming month")), [d.strftime("%d.%m") for d, _b, _c in rows],
        [charts.Series(str(_("Booked")), [b for _d, b, _c in rows], "bar-a"),
         charts.Series(str(_("Desks")), [c for _d, _b, c in rows], "bar-b")],
        label_every=5,
    )  # fmt: skip
    context = {
        "space": workspace, "form": form, "chart": chart, "rows": rows, "close_form": CloseDayForm(),
        "closed": workspace.closed_days.filter(day__gte=today), "waiting": workspace.waitlist.filter(state="waiting").count(),
    }  # fmt: skip
    return render(request, "workspaces/manage.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def days(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = _managed(request, slug)
    if request.POST.get("reopen"):
        try:
            day = dt.date.fromisoformat(request.POST["reopen"][:10])
        except ValueError:
            raise Http404 from None
        services.reopen_day(workspace=workspace, day=day, by=request.user)
        messages.success(request, str(_("The day is open again.")))
        return redirect("workspaces:manage", workspace.slug)
    form = CloseDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("workspaces:manage", workspace.slug)
    try:
        services.close_day(workspace=workspace, by=request.user, **form.cleaned_data)
    except services.DeskRefused as refused:
        messages.error(request, refusal(refused))
    else:
        messages.success(request, str(_("The day is closed.")))
    return redirect("workspaces:manage", workspace.slug)


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """The door: a booking's code, scanned (the QR opens this page with it) or typed, marks today's arrival."""
    workspace = _managed(request, slug)
    form = CheckInForm(
        request.POST if request.method == "POST" else None, initial={"code": request.GET.get("code", "")[:20]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking, again = services.check_in(workspace=workspace, code=form.cleaned_data["code"], by=request.user)
        except services.DeskRefused as refused:
            form.add_error("code", refusal(refused))
        else:
            text = (
                _("%(code)s was already checked in today.")
                if again
                else _("%(code)s is checked in: %(desks)s desk(s).")
            )
            messages.success(request, str(text) % {"code": booking.shown_code, "desks": booking.desks})
            return redirect("workspaces:check-in", workspace.slug)
    today = services.today_at(workspace)
    todays = (
        Booking.objects.filter(
            workspace=workspace, state=BookingState.ACTIVE, first_day__lte=today, last_day__gte=today
        )
        .prefetch_related("check_ins")
        .order_by("created_at")
    )
    rows = [(b, any(c.day == today for c in b.check_ins.all())) for b in todays]
    return render(
        request,
        "workspaces/check_in.html",
        {"space": workspace, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """Bookings as CSV: codes, days, desks, states. No names or contacts: Haven has none to give."""
    workspace = _managed(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bookings-{workspace.slug}-{timezone.localdate():%Y%m%d}.csv"'
    )
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(["code", "first_day", "last_day", "desks", "state", "booked_by", "created_at", "checked_in_days"])
    for b in (
        Booking.objects.filter(workspace=workspace).prefetch_related("check_ins").order_by("first_day", "created_at")
    ):
        writer.writerow([
            b.shown_code, b.first_day.isoformat(), b.last_day.isoformat(), b.desks, b.state,
            "household" if b.household_id else "account", timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
            len(b.check_ins.all()),
        ])  # fmt: skip
    return response
