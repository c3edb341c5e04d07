"""Importing in the background (Django's tasks API): the page shows the progress."""

from __future__ import annotations

from django.tasks import task

from haven.imports import services


@task()
def run_import_task(job_id: str) -> None:
    services.run(job_id)
