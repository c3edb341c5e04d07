"""Registering a household in the chat: a few questions, each answer checked by the web's form.

The answers are the fields of ``registry.forms.RegisterForm``, typed as on the page (a
date as 25.10.2025 or 2025-10-25, the city by a button). Each answer is checked at once
by binding the form with the answers so far: the form's own message comes back, in the
chat's language, and the question is asked again. Nothing is saved until the last
answer; then the same service as the page registers the household, once (the draft's
token), and the chat gets the same case code.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from haven.accounts.selectors import active_regions
from haven.bot import services as bot_services
from haven.bot.models import Chat
from haven.bot.telegram import Out
from haven.lib.codes import format_code
from haven.registry import services
from haven.registry.forms import HouseholdForm, RegisterForm

STEPS = ("alias", "adults", "children", "region", "needed_from", "needed_until")


def _question(chat: Chat, step: str) -> Out:
    if step == "region":
        rows = [[(region.name, f"rg:{region.slug}")] for region in active_regions()]
        return Out(_("In which city do you need a place?"), chat_id=chat.chat_id, buttons=rows)
    text = {
        "alias": _("What should we call you? Any name or nickname, not your legal name."),
        "adults": _("How many adults are you?"),
        "children": _("How many children are with you? Send 0 if none."),
        "needed_from": _("From which night do you need a place? Send the date, for example %(example)s."),
        "needed_until": _("On which morning will you leave? Send the date, for example %(example)s."),
    }[step]
    return Out(text % {"example": "25.10.2025"} if "%(" in text else text, chat_id=chat.chat_id)


def begin(chat: Chat) -> list[Out]:
    chat.step, chat.draft = f"reg:{STEPS[0]}", {"token": str(uuid.uuid4()), "answers": {}}
    return [
        Out(_("Let us register your request for a place to stay. Send /cancel to stop."), chat_id=chat.chat_id),
        _question(chat, STEPS[0]),
    ]


def _data(chat: Chat, answers: dict[str, str]) -> dict[str, Any]:
    """What the page would post: the answers, the chat's language as the one spoken, any district, no contact."""
    return {"languages": [chat.language], "district": "", **answers}


def _errors(form: HouseholdForm, fields: list[str]) -> list[str]:
    return [str(error) for name in fields for error in form.errors.get(name, [])]


def answer(chat: Chat, text: str) -> list[Out]:
    step = chat.step.removeprefix("reg:")
    if step not in STEPS:
        chat.step, chat.draft = "", {}
        return []
    answers = {**chat.draft.get("answers", {}), step: text.strip()}
    form = HouseholdForm(data=_data(chat, answers))
    form.is_valid()
    # Only what was asked so far: the questions still to come are not errors yet.
    errors = _errors(form, [name for name in STEPS if name in answers])
    if errors:
        return [Out(escape("\n".join(errors)), chat_id=chat.chat_id), _question(chat, step)]
    chat.draft = {**chat.draft, "answers": answers}
    following = STEPS.index(step) + 1
    if following < len(STEPS):
        chat.step = f"reg:{STEPS[following]}"
        return [_question(chat, STEPS[following])]
    return _register(chat, answers)


def _register(chat: Chat, answers: dict[str, str]) -> list[Out]:
    from haven.bot.dialogue import allow  # the dialogue routes here

    token = chat.draft.get("token") or str(uuid.uuid4())
    chat.step, chat.draft = "", {}
    form = RegisterForm(data={**_data(chat, answers), "submission_token": token})
    if not form.is_valid():  # a day passed between the questions (the first night is now in the past)
        return [Out(escape("\n".join(_errors(form, list(STEPS)))), chat_id=chat.chat_id), *begin(chat)]
    if not allow("register", chat):
        return [Out(_("Too many tries from this chat. Wait a few minutes and try again."), chat_id=chat.chat_id)]
    data = dict(form.cleaned_data)
    data.pop("submission_token")
    try:
        registration = services.register_household(submission_token=uuid.UUID(token), language=chat.language, **data)
    except services.DuplicateSubmission as dup:
        bot_services.link_household(chat=chat, household=dup.household)
        return [Out(_("This form was already sent. Use the case code you received."), chat_id=chat.chat_id)]
    bot_services.link_household(chat=chat, household=registration.household)
    lines = [
        _("Your request is registered"),
        _("Your case code") + f": <b>{format_code(registration.code)}</b>",
        "<b>"
        + _("Keep this code.")
        + "</b> "
        + _(
            "Write it down or take a photo of this screen. It is the only way back to your request, and nobody "
            "can tell it to you again: we do not store it."
        ),
        _("This chat will tell you when a place is found. Send /status to see your request."),
    ]
    return [Out("\n\n".join(lines), chat_id=chat.chat_id)]
