"""What a person is told when the queue refuses something, by the service's reason."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from haven.queues.services import QueueRefused, local

REFUSED = {
    "service-closed": _("This service is not taking tickets now."),
    "closed-today": _("The point is closed today. You can book a time on another day."),
    "not-yet-open": _(
        "The point opens at %(opens)s; tickets are given from then. You can also book a time on another day."
    ),
    "after-hours": _("The point is closed for today. You can book a time on another day."),
    "closed-for-tickets": _("Today's queue takes no more tickets. You can book a time on another day."),
    "full": _("All of today's tickets have been given. You can book a time on another day."),
    "duplicate": _("You already have ticket %(code)s in this line."),
    "slot-unavailable": _("This time cannot be booked. Please choose one of the times shown."),
    "slot-full": _("Someone has just taken this time. Please choose another."),
    "ticket-finished": _("This ticket is no longer in the queue."),
    "counter-paused": _("This counter is paused. Open it to call visitors."),
    "counter-closed": _("This counter is closed. Open it to call visitors."),
    "nobody-called": _("Nobody is called to this counter now."),
    "too-early": _("Please wait for the visitor until %(at)s before marking them as not come."),
    "same-service": _("The ticket is already in this line."),
    "not-this-counter": _("This counter does not call that service."),
    "finish-first": _("Finish with the visitor at this counter before closing it."),
}

DUPLICATE_CONTACT = _(
    "A ticket for this e-mail is already in this line. Open it from the page where it was taken, or leave the e-mail empty."
)
LEFT = _("You have left the queue. Your place went to the next person.")

# Refusals after which a later day's appointment is the way forward.
OFFER_APPOINTMENT = {"closed-today", "not-yet-open", "after-hours", "closed-for-tickets", "full"}


def refusal(refused: QueueRefused, point: Any) -> str:
    text = str(REFUSED.get(refused.why, REFUSED["service-closed"]))
    values = {"opens": formats.time_format(point.opens_at, "H:i")}
    if refused.ticket is not None:
        values["code"] = refused.ticket.code
    if refused.at is not None:
        values["at"] = formats.time_format(local(point, refused.at), "H:i")
    return text % values if "%(" in text else text
