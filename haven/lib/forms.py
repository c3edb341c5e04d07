"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# What a database integer key holds (PostgreSQL's bigint; SQLite's INTEGER likewise).
MAX_KEY = 2**63 - 1


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by their keys. Django looks keys up with ``pk__in``, and SQLite
    raises OverflowError for a number past 64 bits (Django's single choice field copes):
    such a key, or anything not a whole number, is a choice that is not in the list."""

    def clean(self, value: Any) -> Any:
        for key in value if isinstance(value, list | tuple) else []:
            text = str(key).strip()
            if not text.lstrip("-").isdigit() or not -MAX_KEY <= int(text) <= MAX_KEY:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super().clean(value)
