"""Sending the outbox in the background (Django's tasks API)."""

from __future__ import annotations

from django.tasks import task

from haven.notify import services


@task()
def send_outbox_task() -> None:
    services.send_due()
