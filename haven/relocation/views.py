"""The employer's pages: the company, a new relocation request with its roster, the team's progress."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.imports.reading import MAX_BYTES, FileRefused
from haven.lib import charts, ratelimit
from haven.relocation import roster, selectors, services
from haven.relocation.forms import CompanyForm, RequestForm
from haven.workspaces.services import DeskRefused
from haven.workspaces.texts import refusal

ALREADY_FILED = _("This request was filed already; its case codes were shown then, once. Here is the team's page.")
NO_DESKS = _("No desk is free at this space on: %(days)s. Choose another space, other dates, or no desks.")


def _days(refused: DeskRefused) -> str:
    return ", ".join(formats.date_format(d, "j E") for d in refused.days[:7])


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    companies = list(selectors.companies_of(request.user))  # type: ignore[arg-type]
    form = CompanyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        company = services.create_company(by=request.user, **form.cleaned_data)
        messages.success(request, str(_("The company is in Haven. File its first relocation request.")))
        return redirect("relocation:new", company.slug)
    requests = [(c, list(c.requests.select_related("region"))) for c in companies]
    return render(
        request, "relocation/index.html", {"requests": requests, "form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest, company: str) -> HttpResponse:
    """One request: the city, dates, budget and desks, and the roster (checked whole, taken whole)."""
    found = selectors.companies_of(request.user).filter(slug=company).first()  # type: ignore[arg-type]
    if found is None:
        raise Http404
    form = RequestForm(
        request.POST if request.method == "POST" else None, request.FILES or None,
        initial={"submission_token": uuid.uuid4()},
    )  # fmt: skip
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("relocation", request):
            return render(request, "registry/too_many.html", status=429)
        data = form.cleaned_data
        try:
            upload = data["roster_file"]
            # A bigger file is refused, not read whole.
            table = (
                roster.read(upload.name, upload.read(MAX_BYTES + 1))
                if upload
                else roster.from_text(data["roster_text"])
            )
            checked = roster.check(
                table, region_slug=data["region"].slug, district_id=str(data["district"].pk) if data["district"] else "",
                first_night=data["first_night"], leaving_on=data["leaving_on"],
            )  # fmt: skip
            row_errors = checked.errors
            if not row_errors:
                filed = services.file_request(
                    company=found, by=request.user, rows=checked.rows, region=data["region"], district=data["district"],
                    first_night=data["first_night"], leaving_on=data["leaving_on"], company_pays=data["company_pays"],
                    budget_per_night=data["budget_per_night"], currency=data["currency"], workspace=data["workspace"],
                    language=(request.LANGUAGE_CODE or "ru")[:8], submission_token=data["submission_token"],
                )  # fmt: skip
                # The codes are shown once, in the answer to this POST: never stored, not even in the session.
                return render(request, "relocation/codes.html", {"filed": filed, "company": found})
        except FileRefused as refused:
            form.add_error("roster_file" if data["roster_file"] else "roster_text", str(refused))
        except services.AlreadyFiled as filed:
            again = services.codes_again(request=filed.request, by=request.user)
            if again is not None:  # the same form a moment ago: its answer was lost, so new codes
                return render(request, "relocation/codes.html", {"filed": again, "company": found})
            messages.info(request, str(ALREADY_FILED))
            return redirect("relocation:progress", filed.request.public_id)
        except DeskRefused as refused:
            form.add_error(
                "workspace", str(NO_DESKS) % {"days": _days(refused)} if refused.why == "full" else refusal(refused)
            )
    status = 400 if form.errors or row_errors else 200
    return render(
        request, "relocation/new.html", {"form": form, "company": found, "row_errors": row_errors}, status=status
    )


@require_GET
@login_required
def progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """How many of the team have a place and a desk, night by night."""
    found = selectors.request_for(request.user, public_id)  # type: ignore[arg-type]
    if found is None:
        raise Http404
    nights = selectors.nights(found)
    households = found.households.count()
    chart = charts.bars(
        str(_("Households housed and desks booked, night by night")), [n.night.strftime("%d.%m") for n in nights],
        [charts.Series(str(_("Housed")), [n.housed for n in nights], "bar-a"),
         charts.Series(str(_("Seated")), [n.seated for n in nights], "bar-b")],
        label_every=max(1, -(-len(nights) // 7)),
    )  # fmt: skip
    in_pool = selectors.still_looking(found)
    context = {"req": found, "nights": nights, "chart": chart, "households": households, "in_pool": in_pool}
    return render(request, "relocation/progress.html", context)
