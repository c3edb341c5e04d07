"""A ticket in a service point's queue, and the stay clock, from the chat.

Both go through what the pages use: ``queues.services.take_ticket`` (the chat's last
ticket counts as the one this "phone" holds) and ``guide.selectors.reckon`` for the
simple case of one entry and no exit yet.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from haven.accounts.forms import DATE_FORMATS
from haven.bot.answers import day
from haven.bot.models import Chat
from haven.bot.telegram import Out
from haven.guide import stayclock
from haven.guide.messages import explain
from haven.guide.selectors import Reckoning, reckon, rule_sets, today_in
from haven.queues import services as queues
from haven.queues.models import Service
from haven.queues.selectors import open_points, place_of
from haven.queues.texts import refusal


def on_button(chat: Chat, kind: str, rest: str) -> list[Out]:
    if kind == "qp":
        return services_of(chat, rest)
    if kind == "qs":
        return take(chat, rest)
    return clock_ask(chat, rest)


# --- queues -----------------------------------------------------------------------------------


def points(chat: Chat) -> list[Out]:
    rows = [[(point.name, f"qp:{point.slug}")] for point in open_points().order_by("region__slug", "slug")[:20]]
    if not rows:
        return [Out(_("No service point takes tickets here now."), chat_id=chat.chat_id)]
    return [Out(_("Which service point?"), chat_id=chat.chat_id, buttons=rows)]


def services_of(chat: Chat, slug: str) -> list[Out]:
    point = open_points().filter(slug=slug[:60]).first()
    if point is None:
        return [Out(_("This service point is not taking tickets now."), chat_id=chat.chat_id)]
    rows = [
        [(f"{s.letter} · {s.name}", f"qs:{s.pk}")] for s in point.services.filter(is_active=True).order_by("letter")
    ]
    return [Out(_("Which service?"), chat_id=chat.chat_id, buttons=rows)]


def take(chat: Chat, service_pk: str) -> list[Out]:
    service = (
        Service.objects.select_related("point").filter(pk=service_pk, point__is_active=True).first()
        if service_pk.isdigit() and len(service_pk) <= 12
        else None
    )
    if service is None:
        return [Out(_("This service is not taking tickets now."), chat_id=chat.chat_id)]
    point = service.point
    held = [chat.ticket.public_id] if chat.ticket is not None else []
    try:
        ticket = queues.take_ticket(point=point, service=service, language=chat.language, held=held)
    except queues.QueueRefused as refused:
        return [Out(escape(refusal(refused, point)), chat_id=chat.chat_id)]
    chat.ticket = ticket
    lines = [_("Your ticket is %(code)s at %(point)s.") % {"code": ticket.code, "point": escape(point.name)}]
    place = place_of(ticket)
    if place is not None:
        lines.append(
            ngettext("%(count)s person is ahead of you.", "%(count)s people are ahead of you.", place.ahead)
            % {"count": place.ahead}
        )
        if place.minutes is not None:
            lines.append(_("Expected wait: about %(minutes)s min.") % {"minutes": place.minutes})
    lines.append(_("I will write to you here when your turn is near."))
    return [Out("\n".join(lines), chat_id=chat.chat_id)]


# --- the stay clock ------------------------------------------------------------------------------


def clock_rules(chat: Chat) -> list[Out]:
    rows = [[(rule_set.name, f"cr:{rule_set.slug}")] for rule_set in rule_sets()[:20]]
    if not rows:
        return [Out(_("No stay rules are available now."), chat_id=chat.chat_id)]
    return [Out(_("Which country's rules?"), chat_id=chat.chat_id, buttons=rows)]


def clock_ask(chat: Chat, slug: str) -> list[Out]:
    if not rule_sets().filter(slug=slug[:40]).exists():
        return [Out(_("These rules are no longer available."), chat_id=chat.chat_id)]
    chat.step, chat.draft = "clock", {"rule_set": slug}
    text = _("On which day did you enter? Send the date, for example %(example)s.") % {"example": "25.10.2025"}
    return [Out(text, chat_id=chat.chat_id)]


def clock_answer(chat: Chat, text: str) -> list[Out]:
    rule_set = rule_sets().filter(slug=chat.draft.get("rule_set", "")).first()
    if rule_set is None:
        chat.step, chat.draft = "", {}
        return [Out(_("These rules are no longer available."), chat_id=chat.chat_id)]
    try:
        entry: dt.date = forms.DateField(input_formats=DATE_FORMATS).clean(text)
    except forms.ValidationError as bad:
        return [Out(escape(" ".join(bad.messages)), chat_id=chat.chat_id)]
    on = today_in(chat.household.region if chat.household else None)
    try:
        result = reckon(rule_set=rule_set, trips=[stayclock.Trip(entry, None)], on=on)
    except stayclock.BadTrips as bad:
        return [Out(escape(explain(bad)), chat_id=chat.chat_id)]
    chat.step, chat.draft = "", {}
    return [Out(clock_text(result), chat_id=chat.chat_id)]


def clock_text(result: Reckoning) -> str:
    """The clock page's answer (its sentences, so its translations) for one entry and no exit."""
    a = result.answer
    lines = [f"<b>{escape(result.rule_set.name)}</b>"]
    if a.unlimited:
        lines.append(_("No limit on days"))
    elif a.last_legal_day is not None:
        lines.append(
            ngettext("%(days)s day left, today included", "%(days)s days left, today included", a.days_left)
            % {"days": a.days_left}
        )
        lines.append(
            _("Your last legal day is <strong>%(day)s</strong>: leave by the end of that day.")
            % {"day": day(a.last_legal_day)}
        )
    else:
        lines.append(_("No days left"))
        lines.append(
            _("Staying today already breaks the rules: leave as soon as you can, or ask a lawyer about an extension.")
        )
    deadline = a.registration_deadline
    if deadline and a.last_legal_day and deadline <= a.last_legal_day:
        if deadline < a.on:
            lines.append(_("Registration was due by <strong>%(day)s</strong>.") % {"day": day(deadline)})
        else:
            lines.append(_("Register by <strong>%(day)s</strong> if you stay that long.") % {"day": day(deadline)})
    return "\n".join(lines)
