"""Validation shared by every form that takes text or contacts from people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TELEGRAM = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")


def reject_invisible(value: str) -> None:
    """Refuse control, format (bidi overrides, zero-width) and unassigned characters."""
    for ch in value:
        if ch in "\n\r\t":
            continue
        if unicodedata.category(ch).startswith("C"):
            raise ValidationError(_("Please remove invisible or control characters from this text."), code="invisible")


def clean_alias(value: str) -> str:
    value = " ".join(value.split())
    reject_invisible(value)
    if not any(ch.isalnum() for ch in value):
        raise ValidationError(_("Use at least one letter or digit."), code="no_letters")
    return value


def clean_telegram(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if value.startswith("https://t.me/") or value.startswith("t.me/"):
        value = value.rsplit("/", 1)[-1]
    value = value.removeprefix("@")
    if not _TELEGRAM.match(value):
        raise ValidationError(
            _("A Telegram username has 5 to 32 Latin letters, digits or underscores, like @alexei_k."),
            code="telegram",
        )
    return "@" + value


def clean_phone(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not _PHONE_CHARS.match(value) or not 7 <= len(digits) <= 15:
        raise ValidationError(_("Enter a phone number with its country code, like +7 701 123 45 67."), code="phone")
    return ("+" if value.startswith("+") else "") + digits


def refuse_invisible_in(form: Any, names: Iterable[str]) -> None:
    """In a form's ``clean``: an error on each named text field holding invisible characters."""
    for name in names:
        value = form.cleaned_data.get(name)
        if not isinstance(value, str):
            continue
        try:
            reject_invisible(value)
        except ValidationError as error:
            form.add_error(name, error)
