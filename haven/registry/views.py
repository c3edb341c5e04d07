"""Pages for arrivals: register, keep the code, come back with it, change or erase."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.forms import district_choices
from haven.accounts.models import Region
from haven.lib import ratelimit
from haven.lib.codes import format_code
from haven.lib.qr import svg as qr_svg
from haven.registry import services
from haven.registry.forms import CodeForm, ConfirmForm, HouseholdForm, RegisterForm
from haven.registry.models import Household
from haven.registry.selectors import SESSION_KEY, household_by_code, household_for_arrival

# A second press of "send" within this time shows a new code instead of the lost one.
REISSUE_WINDOW = dt.timedelta(minutes=15)


def enter_household(request: HttpRequest, household: Household) -> None:
    """Remember in this browser that its user holds the household's code."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(household.public_id)
    request.session.set_expiry(settings.HAVEN_ARRIVAL_SESSION_SECONDS)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/too_many.html", status=429)


def _show_code(request: HttpRequest, household: Household, code: str) -> HttpResponse:
    """The code page, answered to the POST itself: the code is never kept, not even in the session."""
    enter_household(request, household)
    shown = format_code(code)
    qr = qr_svg(shown, scale=6)
    return render(request, "registry/done.html", {"household": household, "code": shown, "qr": qr})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            if not ratelimit.allow("register", request):
                return _too_many(request)
            data = dict(form.cleaned_data)
            # A form without its token (an old page, a script) still registers, only
            # without protection against a second press.
            token = data.pop("submission_token") or uuid.uuid4()
            data["language"] = (request.LANGUAGE_CODE or "ru")[:8]
            try:
                registration = services.register_household(submission_token=token, **data)
            except services.DuplicateSubmission as dup:
                # The same form again: the answer to the first press may never have
                # reached the phone. Only this form knows the token, so it gets a new
                # code; the first one stops working.
                if timezone.now() - dup.household.created_at <= REISSUE_WINDOW:
                    return _show_code(request, dup.household, services.reissue_code(dup.household))
                messages.info(request, _("This form was already sent. Use the case code you received."))
                return redirect("registry:lookup")
            return _show_code(request, registration.household, registration.code)
    else:
        lang = (request.LANGUAGE_CODE or "ru")[:2]
        form = RegisterForm(initial={"submission_token": uuid.uuid4(), "languages": [lang]})
    return render(request, "registry/register.html", {"form": form})


@require_GET
def district_options(request: HttpRequest) -> HttpResponse:
    """The district choices of one city, swapped into the form by htmx."""
    slug = request.GET.get("region", "")
    valid = bool(re.fullmatch(r"[-a-z0-9]{1,40}", slug))
    region = Region.objects.filter(slug=slug, is_active=True).first() if valid else None
    context = {"groups": district_choices(region)[1:], "any": request.GET.get("any") == "1"}
    return render(request, "registry/register.html#district-options", context)


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("code-lookup", request):
            return _too_many(request)
        household = household_by_code(form.cleaned_data["code"])
        if household is not None:
            enter_household(request, household)
            services.mark_seen(household)
            return redirect("registry:mine")
        form.add_error("code", _("We found no request with this code. Check it and try again."))
    return render(request, "registry/lookup.html", {"form": form})


def _arrival_or_lookup(request: HttpRequest) -> Household | None:
    household = household_for_arrival(request)
    if household is None:
        messages.info(request, _("Enter your case code to see your request."))
    return household


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    household = _arrival_or_lookup(request)
    if household is None:
        return redirect("registry:lookup")
    from haven.stays.selectors import stays_for_household  # stays link back to this page

    return render(request, "registry/mine.html", {"household": household, "stays": stays_for_household(household)})


def _initial(household: Household) -> dict[str, Any]:
    fields = ["alias", "adults", "children", "pets", "step_free", "women_only", "languages", "needed_from",
              "needed_until", "contact_telegram", "contact_phone", "contact_email"]  # fmt: skip
    initial = {name: getattr(household, name) for name in fields}
    initial["region"] = household.region.slug
    initial["district"] = str(household.district_id or "")
    return initial


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    household = _arrival_or_lookup(request)
    if household is None:
        return redirect("registry:lookup")
    form = HouseholdForm(request.POST or None, initial=_initial(household), current_region=household.region)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(household, **form.cleaned_data)
        except services.ChangeRefused:
            form.add_error(
                None,
                _(
                    "A host is keeping beds for your group, counted for its size and city. To change them, "
                    "ask the coordinators or say no to that place first."
                ),
            )
            return render(request, "registry/edit.html", {"form": form, "household": household}, status=400)
        messages.success(request, _("Your request is updated."))
        return redirect("registry:mine")
    return render(request, "registry/edit.html", {"form": form, "household": household})


@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    household = _arrival_or_lookup(request)
    if household is None:
        return redirect("registry:lookup")
    services.withdraw_household(household)
    messages.success(request, _("Your request is withdrawn. You can open it again with the same code."))
    return redirect("registry:mine")


@require_POST
def reopen(request: HttpRequest) -> HttpResponse:
    household = _arrival_or_lookup(request)
    if household is None:
        return redirect("registry:lookup")
    if household.needed_until <= timezone.localdate():
        messages.info(request, _("Your dates have passed. Choose new dates to open your request again."))
        return redirect("registry:edit")
    services.reopen_household(household)
    messages.success(request, _("Your request is open again."))
    return redirect("registry:mine")


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    household = _arrival_or_lookup(request)
    if household is None:
        return redirect("registry:lookup")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.erase_household(household)
        request.session.flush()
        messages.success(request, _("Everything about you is erased."))
        return redirect("home")
    return render(request, "registry/erase.html", {"form": form, "household": household})


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    """Sign out of the code on this device (a shared or borrowed phone)."""
    request.session.flush()
    messages.info(request, _("This device no longer shows your request. Your code still works."))
    return redirect("home")


STILL_REFUSED = {
    "forged": (400, gettext_lazy("This link is not valid. Open your request with your case code instead.")),
    "expired": (410, gettext_lazy("This link has expired. Open your request with your case code instead.")),
    "used": (410, gettext_lazy("This link was already used. Open your request with your case code instead.")),
    "gone": (410, gettext_lazy("This request is no longer there.")),
}


@require_http_methods(["GET", "POST"])
def still_needed(request: HttpRequest, token: str) -> HttpResponse:
    """A coordinator's "do you still need a place?": two buttons, one press, no code needed."""
    from haven.registry import links

    answer = request.POST.get("answer")
    try:
        if request.method == "POST" and answer in ("yes", "no"):
            household = links.household_of(token, use=True)
        else:
            household = links.household_of(token, use=False)
    except links.LinkRefused as refused:
        status, text = STILL_REFUSED[refused.why]
        return render(request, "registry/still_refused.html", {"text": text}, status=status)
    if request.method == "POST" and answer in ("yes", "no"):
        services.answer_still_needed(household=household, still=answer == "yes")
        enter_household(request, household)
        if answer == "yes":
            messages.success(request, _("Thank you. Your request stays open; coordinators keep looking."))
        else:
            messages.success(request, _("Thank you. Your request is withdrawn. You can open it again with your code."))
        return redirect("registry:mine")
    return render(
        request, "registry/still.html", {"household": household}, status=400 if request.method == "POST" else 200
    )
