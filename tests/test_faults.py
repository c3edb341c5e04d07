"""Faults, for real, on PostgreSQL: a worker killed mid-run, a sender killed mid-send, a
database that goes away.

Each test starts Haven's own worker (``manage.py db_worker``) or clock (``manage.py
tick``) as a process against the test database and kills it with SIGKILL at a moment
the test chooses: a lock the test holds stops the worker mid-job (a run inside the
transaction that stores its proposals, an import inside a batch), and it dies there. Then the clock
recovers, a new worker finishes, and the test checks that nothing was half-written,
lost or done twice.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from bench.mail_sink import MailSink
from conftest import logged_in, need_data
from haven.imports import reading
from haven.imports import services as imports
from haven.imports.models import ImportJob, ImportStatus
from haven.lib import lease
from haven.matching import services as matching
from haven.matching.models import RunStatus, Suggestion
from haven.matching.tests.test_services import household_in, offer_in
from haven.notify import services as notify
from haven.notify.models import Message, MessageState
from haven.registry.models import Household

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the locks that stop a worker mid-job are PostgreSQL's",
    ),
]

ROOT = Path(settings.BASE_DIR)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def haven_process(*args: str, log: Path, **env: str) -> subprocess.Popen[bytes]:
    """``manage.py <args>`` as a process of its own on the test database."""
    environment = {
        **os.environ, "DATABASE_URL": database_url(), "HAVEN_TASKS_BACKEND": "database",
        "HAVEN_MATCH_SECONDS": "2", "DEBUG": "0", **env,
    }  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, stdout=out, stderr=out)


def wait_for(what: Callable[[], Any], *, seconds: float = 60, why: str = "") -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := what():
            return found
        time.sleep(0.02)
    raise AssertionError(f"waited {seconds} s for {why or what}")


@contextmanager
def holding(sql: str, *params: Any) -> Iterator[psycopg.Connection[Any]]:
    """A second connection that holds the lock ``sql`` takes until the block ends."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    ) as locker:
        locker.execute(sql, params)
        try:
            yield locker
        finally:
            locker.rollback()


def waiting_on_a_lock(locker: psycopg.Connection[Any]) -> list[int]:
    locker.execute("SELECT pg_stat_clear_snapshot()")  # else the locker's transaction sees one frozen view
    rows = locker.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchall()
    return [pid for (pid,) in rows]


def kill(process: subprocess.Popen[bytes], locker: psycopg.Connection[Any], backends: list[int]) -> None:
    """SIGKILL the process; end its server sessions too, as PostgreSQL does when it
    notices the client gone (their open transactions roll back)."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    for pid in backends:
        locker.execute("SELECT pg_terminate_backend(%s)", (pid,))


def after_the_lease() -> dt.datetime:
    return timezone.now() + lease.LOST_AFTER + dt.timedelta(seconds=1)


def test_a_worker_killed_mid_match_leaves_nothing_and_the_run_is_done_once_after_restart(
    almaty, host, coordinator, tmp_path
):
    for n in range(6):
        household_in(almaty, f"Семья {n}")
    for _ in range(4):
        offer_in(almaty, host)
    with override_settings(TASKS=DATABASE_TASKS):
        run = matching.start_run(region=almaty, by=coordinator)
    # Suggestions locked against writing: the worker claims the run, solves it, and waits
    # inside the transaction that stores its proposals, the run marked done in it.
    with holding("LOCK TABLE matching_suggestion IN SHARE MODE") as locker:
        worker = haven_process("db_worker", "--no-reload", "--interval", "0.1", log=tmp_path / "worker.log")
        try:
            stuck = wait_for(lambda: waiting_on_a_lock(locker), why="the worker to store its proposals")
            run.refresh_from_db()
            assert (run.status, run.attempts) == (RunStatus.RUNNING, 1)
            kill(worker, locker, stuck)
        finally:
            worker.kill()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert not Suggestion.objects.exists()  # nothing half-written

    with override_settings(TASKS=DATABASE_TASKS):
        assert matching.recover_lost(now=after_the_lease()) == 1  # the clock's round
    worker = haven_process("db_worker", "--no-reload", "--batch", "--interval", "0.1", log=tmp_path / "worker.log")
    assert worker.wait(timeout=120) == 0, (tmp_path / "worker.log").read_text()
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.DONE, 2), (tmp_path / "worker.log").read_text()
    households = list(Suggestion.objects.filter(run=run).values_list("household_id", flat=True))
    assert len(households) == run.stats["assigned"] == 4
    assert len(set(households)) == len(households)


def test_a_worker_killed_mid_import_leaves_whole_batches_and_the_import_ends_with_each_row_once(
    almaty, coordinator, tmp_path
):
    rows = 600
    first = timezone.localdate()
    body = "".join(f"Группа {n},1,{first:%d.%m.%Y},{first + dt.timedelta(days=3):%d.%m.%Y}\n" for n in range(rows))
    table = reading.read_table("many.csv", ("Имя,Взрослые,Заезд,Выезд\n" + body).encode())
    job = imports.start(region=almaty, by=coordinator, source="s", file_name="many.csv", table=table)
    imports.set_mapping(job=job, mapping={"alias": 0, "adults": 1, "needed_from": 2, "needed_until": 3}, remember=False)
    with override_settings(TASKS=DATABASE_TASKS):
        imports.queue(job=job)
    worker = haven_process("db_worker", "--no-reload", "--interval", "0.1", log=tmp_path / "worker.log")
    try:
        wait_for(lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).exists(), why="the claim")
        # The job's row locked: the batch under way waits to record its progress, its rows written but not committed.
        with holding("SELECT 1 FROM imports_importjob WHERE id = %s FOR UPDATE", job.pk) as locker:
            stuck = wait_for(lambda: waiting_on_a_lock(locker), why="the worker to end a batch")
            kill(worker, locker, stuck)
    finally:
        worker.kill()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert job.processed < rows
    assert Household.objects.count() == job.imported == job.processed  # whole batches only, the killed one gone

    with override_settings(TASKS=DATABASE_TASKS):
        assert imports.recover_lost(now=after_the_lease()) == 1
    worker = haven_process("db_worker", "--no-reload", "--batch", "--interval", "0.1", log=tmp_path / "worker.log")
    assert worker.wait(timeout=120) == 0, (tmp_path / "worker.log").read_text()
    job.refresh_from_db()
    assert (job.status, job.imported, job.attempts) == (ImportStatus.DONE, rows, 2)
    aliases = list(Household.objects.values_list("alias", flat=True))
    assert sorted(aliases) == sorted(f"Группа {n}" for n in range(rows))


@pytest.fixture
def sink() -> Iterator[MailSink]:
    server = MailSink()
    server.hold.set()  # the first mail is taken and never answered: its sender dies there
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_a_sender_killed_after_the_mail_went_out_never_sends_it_again(host, sink, tmp_path):
    with override_settings(TASKS=DUMMY_TASKS):  # nothing sent from here: the clock process sends
        message = notify.enqueue(
            key="fault:host", template="stay_cancelled_host", language="ru", to_user=host,
            context={"stay": "00000000-0000-0000-0000-000000000000"},
        )  # fmt: skip
    mail = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    port = str(sink.server_address[1])
    clock = haven_process("tick", log=tmp_path / "tick.log", EMAIL_PORT=port, **mail)
    try:
        wait_for(lambda: sink.received, why="the mail to arrive")
        clock.send_signal(signal.SIGKILL)
        clock.wait(timeout=10)
    finally:
        clock.kill()
    message.refresh_from_db()
    assert message.state == MessageState.SENDING  # delivered, but not recorded as sent

    sink.hold.clear()
    again = haven_process("tick", log=tmp_path / "tick.log", EMAIL_PORT=port, **mail)
    assert again.wait(timeout=60) == 0, (tmp_path / "tick.log").read_text()
    assert len(sink.received) == 1  # not twice
    assert notify.give_up_interrupted(now=timezone.now() + notify.INTERRUPTED_AFTER + dt.timedelta(seconds=1)) == 1
    message.refresh_from_db()
    assert (message.state, message.last_error) == (MessageState.FAILED, "Interrupted")
    assert Message.objects.count() == 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_a_database_gone_away_gets_a_clear_503_and_haven_recovers_when_it_is_back(almaty, host):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    hosting = logged_in(host)
    hosting.raise_request_exception = False  # the error is the answer under test
    original = dict(connection.settings_dict)
    try:
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())  # as if PostgreSQL were down
        page = client.post("/register/", need_data(almaty))  # noticed in the view
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
        assert "могло не сохраниться" in page.content.decode()
        page = hosting.get("/host/stays/")  # noticed in a middleware, loading the user
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert not Household.objects.exists()  # nothing half-saved
    page = client.post("/register/", need_data(almaty))
    assert page.status_code == 200  # back: the next request connects afresh
    assert page.context["code"]
    assert Household.objects.count() == 1
