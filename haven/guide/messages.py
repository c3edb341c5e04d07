"""The calculator's refusals in the reader's language (the engine speaks English only)."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from haven.guide.stayclock import BadTrips

MESSAGES = {
    "usage": _("These dates cannot be read."),
    "after_check_day": _(
        "A trip begins on %(entry)s, after the day you check, and would not be counted: check a later day, or "
        "give it as the trip you plan."
    ),
    "plan_while_there": _(
        "A trip still goes on at the planned entry on %(entry)s: give the day you leave first, on or before it."
    ),
    "out_of_range": _("%(day)s is outside the years %(first)s to %(last)s: check the year."),
    "exit_before_entry": _("The trip that began on %(entry)s ends before it began, on %(exit)s."),
    "open_not_last": _(
        "The trip that began on %(entry)s has no exit date, but another trip comes after it: give its exit date."
    ),
    "overlap": _("The trips that began on %(first)s and on %(second)s overlap: one must end before the next begins."),
    "stay_range": _("A planned stay must be 1 to %(most)s days."),
    "window_range": _("A window must be 1 to %(most)s days, not %(window)s."),
    "limit_not_below_window": _("The limit must be less than its window: 1 to %(most)s days, not %(limit)s."),
    "limit_range": _("A limit must be 1 to %(most)s days, not %(limit)s."),
    "period_months": _("A calendar period must be 1, 2, 3, 4, 6 or 12 months, not %(months)s."),
    "period_limit": _("The limit must be 1 to %(most)s days, less than the period, not %(limit)s."),
    "within_range": _("Registration must be due within 1 to %(most)s days, not %(within)s."),
    "since_after_until": _("A rule in force from %(since)s cannot end before that, on %(until)s."),
    "twice_at_once": _(
        "Two rules of the same kind are in force at once from %(since)s: end the old one the day before the new "
        "one begins."
    ),
    "per_entry_unreachable": _(
        "%(per_entry)s days per entry can never be used when at most %(limit)s days in any %(window)s are allowed."
    ),
}
_DATES = {"day", "entry", "exit", "first", "second", "since", "until"}


def explain(bad: BadTrips) -> str:
    params: dict[str, object] = {}
    for key, value in bad.params.items():
        if key in _DATES and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date_format(dt.date.fromisoformat(value), "j E Y")
        params[key] = value
    return str(MESSAGES[bad.code]) % params
