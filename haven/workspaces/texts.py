"""What a person is told when a desk cannot be booked, by the service's reason."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from haven.workspaces.services import AHEAD_DAYS, MAX_DAYS, DeskRefused

REFUSED = {
    "not-taking": _("This space is not taking bookings now."),
    "order": _("The last day must not be before the first."),
    "past": _("That day is over. Choose today or a later day."),
    "too-long": _("One booking covers at most %(max)s days; book the rest later."),
    "too-far": _("Bookings open %(ahead)s days ahead; choose an earlier first day."),
    "too-many": _("This space does not have that many desks."),
    "closed-days": _("The space is closed on all of those days."),
    "full": _("No desk is free on: %(days)s. You can join the waitlist: the first free desk is offered to you."),
    "already-waiting": _("You are already on this space's waitlist for those days."),
    "ended": _("This booking is no longer active."),
    "already": _("This desk is already yours."),
    "lapsed": _("This offer was not taken in time and went to the next person."),
    "unknown-code": _("No booking here has this code."),
    "not-booked": _("This booking is not active."),
    "not-today": _("This booking is not for today."),
    "below-booked": _("Some coming days have more desks booked than that; keep more desks or cancel bookings first."),
    "booked-day": _("Desks are booked on that day; tell those people before closing it."),
    "booked-weekday": _(
        "Desks are booked on %(days)s; keep the space open on those weekdays, or cancel those bookings first."
    ),
}


def refusal(refused: DeskRefused) -> str:
    text = str(REFUSED.get(refused.why, REFUSED["not-taking"]))
    days = ", ".join(formats.date_format(d, "j E") for d in refused.days[:7])
    return text % {"days": days, "max": MAX_DAYS, "ahead": AHEAD_DAYS} if "%(" in text else text
