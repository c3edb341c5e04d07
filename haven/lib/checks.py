"""Deploy checks: refuse the development secrets in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning


@register(deploy=True)
def check_production_secrets(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.DEV_FIELD_KEY in settings.HAVEN_FIELD_KEYS:
        errors.append(
            Error(
                "HAVEN_FIELD_KEYS still holds the development key.",
                hint="Generate one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`.",
                id="haven.E001",
            )
        )
    if settings.HAVEN_CODE_KEY == settings.DEV_CODE_KEY:
        errors.append(Error("HAVEN_CODE_KEY is the development key.", id="haven.E002"))
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(Error("SECRET_KEY is the development key.", id="haven.E003"))
    if settings.SECRET_KEY.encode() in {k.encode() for k in settings.HAVEN_FIELD_KEYS}:
        errors.append(Error("HAVEN_FIELD_KEYS must not reuse SECRET_KEY.", id="haven.E004"))
    return errors


@register(deploy=True)
def check_no_demo_logins(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The demo's logins have a published password and TOTP secrets."""
    from django.db import DatabaseError

    from haven.accounts.models import User

    try:
        demo = User.objects.filter(email__endswith="@demo.haven").exists()
    except DatabaseError:  # no database yet: nothing to find
        return []
    if demo:
        return [
            Error(
                "The demo logins (…@demo.haven) exist in this database; their password is public.",
                hint="Deploy on a fresh database; never run seed_demo in production.",
                id="haven.E005",
            )
        ]
    return []


@register(deploy=True)
def check_background_worker(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """In production a matching run must not hold a web request for its whole run."""
    backend = str(getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", ""))
    if "Immediate" in backend:
        return [
            CheckWarning(
                "Background tasks run inside web requests (HAVEN_TASKS_BACKEND=immediate).",
                hint="Set HAVEN_TASKS_BACKEND=database and run `manage.py db_worker` beside the app servers.",
                id="haven.W001",
            )
        ]
    return []


@register(deploy=True)
def check_telegram_webhook(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A bot with a token but no webhook secret hears nothing: the webhook refuses every update."""
    if getattr(settings, "HAVEN_TELEGRAM_TOKEN", "") and not getattr(settings, "HAVEN_TELEGRAM_WEBHOOK_SECRET", ""):
        return [
            CheckWarning(
                "HAVEN_TELEGRAM_TOKEN is set but HAVEN_TELEGRAM_WEBHOOK_SECRET is not: the webhook refuses every update.",
                hint="Set a long random HAVEN_TELEGRAM_WEBHOOK_SECRET, then run `manage.py telegram_webhook`.",
                id="haven.W002",
            )
        ]
    return []
