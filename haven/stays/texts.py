"""What a refused move says to the person who tried it, in their language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

REFUSED = {
    "dates": gettext_lazy("These dates do not fit together."),
    "window": gettext_lazy("The place is not available on these dates."),
    "too-long": gettext_lazy("That is longer than this place takes."),
    "full": gettext_lazy("The beds are already taken on some of these nights."),
    "overlap": gettext_lazy("This group already has a stay on some of these nights."),
    "offer-closed": gettext_lazy("This place is not taking guests now."),
    "rules": gettext_lazy("This place's rules do not fit this group (pets, children, step-free access or women only)."),
    "closed": gettext_lazy("This group is no longer looking for a place."),
    "past": gettext_lazy("The first night has already passed."),
    "expired": gettext_lazy("This proposal has expired: it was not answered in time."),
    "already": gettext_lazy("You have already said yes to this."),
    "reason": gettext_lazy("Choose a reason."),
    "too-early": gettext_lazy("Not yet: wait until the first night has begun (for a no-show, until it has passed)."),
    "not-longer": gettext_lazy("Choose a day after the current last day."),
    "note": gettext_lazy("Write a note of up to 500 characters."),
    "wrong-state": gettext_lazy("This cannot be done at this stage of the stay."),
    "not-declined": gettext_lazy("This proposal was declined."),
    "not-expired": gettext_lazy("This proposal has expired: it was not answered in time."),
    "not-cancelled": gettext_lazy("This stay was cancelled."),
    "not-checked-out": gettext_lazy("This stay is over."),
    "not-no-show": gettext_lazy("This stay is over: the guest did not arrive."),
}


def refused_text(why: str) -> str:
    return str(REFUSED.get(why, REFUSED["wrong-state"]))
