"""Leases for background work: how the clock tells a worker that died from a long job.

A job (a matching run, an import) is claimed with one conditional update that adds 1
to its ``attempts`` and stamps ``heartbeat_at``. While it runs, ``heartbeat`` keeps
stamping from a thread of its own. A job still "running" whose heartbeat is older than
``LOST_AFTER`` lost its worker (killed, out of memory, machine gone): the clock puts it
back in the queue, or gives up after ``MAX_ATTEMPTS``.

``attempts`` is also the fencing token: a worker writes its results only where the
job's attempts still equal the ones it claimed, so a worker that was only frozen and
wakes after its job was handed on cannot overwrite the new attempt's work
(``Superseded``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

BEAT_EVERY = 10.0  # seconds
LOST_AFTER = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 3


class Superseded(Exception):
    """The job was handed to another worker after this one was taken as lost."""


@contextmanager
def heartbeat(model: type[models.Model], pk: int, *, every: float = BEAT_EVERY, **still: object) -> Iterator[None]:
    """Stamp ``heartbeat_at`` on the row every ``every`` seconds while the block runs, as
    long as the row still matches ``still`` (its status and attempt): a worker whose job
    was handed on must not keep the new attempt's lease alive."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    model._default_manager.filter(pk=pk, **still).update(heartbeat_at=timezone.now())
                except Exception as exc:  # the database went away a moment: the next beat tries again
                    logger.warning("heartbeat of %s %s failed: %s", model.__name__, pk, type(exc).__name__)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


def lost(now: dt.datetime) -> models.Q:
    """Running jobs whose worker stopped beating."""
    return models.Q(heartbeat_at__lt=now - LOST_AFTER) | models.Q(heartbeat_at__isnull=True)


def recover_lost(
    model: type[models.Model], *, running: str, queued: str, failed: dict[str, Any], enqueue: Callable[[str], None],
    now: dt.datetime, **requeued: Any,
) -> int:  # fmt: skip
    """Queue again the jobs of ``model`` whose worker died; how many. One lost
    ``MAX_ATTEMPTS`` times gets ``failed`` instead. Each change is conditional on the
    attempt it saw, so two clocks at once recover a job once; its task is handed to
    the backend once the change is committed."""
    count = 0
    jobs = model._default_manager.filter(status=running).filter(lost(now))
    for pk, public_id, attempts in jobs.values_list("pk", "public_id", "attempts"):
        this_attempt = model._default_manager.filter(pk=pk, status=running, attempts=attempts)
        if attempts >= MAX_ATTEMPTS:
            this_attempt.update(**failed)
            continue
        with transaction.atomic():
            if this_attempt.update(status=queued, heartbeat_at=now, **requeued):
                transaction.on_commit(partial(enqueue, str(public_id)))
                count += 1
    return count
