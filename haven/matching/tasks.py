"""Background work of matching, through Django's tasks API.

Which backend runs it is a setting (``TASKS``): at once in the request for tests and
the demo, or a database queue served by ``manage.py db_worker`` in a deployment.
"""

from __future__ import annotations

from django.tasks import task

from haven.matching import services


@task()
def run_match_task(run_id: str) -> None:
    """Run the engine for one queued run (a public id); does nothing if it is not queued."""
    services.execute_run(run_id=run_id)
