"""Two app nodes behind a proxy, two task workers on Redis, one PostgreSQL: nothing lost, nothing twice.

    uv run --group load python -m bench.two_nodes                    # 30 users, 2 minutes, a worker killed
    uv run --group load python -m bench.two_nodes --minutes 0.5 --users 10 --kill-at 0   # a quick look

On this machine it starts what a deployment of several machines runs (docs/operations.md):
nginx in front of two gunicorn "nodes" on two ports, two RQ workers
(``manage.py rqworker``, ``HAVEN_TASKS_BACKEND=rq``), the clock (``manage.py tick``)
once per node, so twice at once, all on one fresh database (``haven_two_nodes``,
dropped first) and one Redis database (``--redis-url``, emptied first) for the cache,
the rate limits and the queue. Mail goes to an SMTP sink of its own that counts what
arrives.

It seeds the demo and hosts with proposals (as ``bench/load.py``), then runs
``bench/locustfile.py``'s people through the proxy while a coordinator, from here,
starts a matching run in every city every ``--match-every`` seconds and queues sheet
imports. ``--kill-at`` seconds in, it waits until a worker is inside an import and
SIGKILLs that worker and the process running the job, as if its machine died; a new
worker takes its place (as systemd would start it again), and the clock hands the
import on once its lease has run out (60 s).

When the load is over and the queues are empty it checks the database: what
``bench/load.py`` checks (every acknowledged registration once and opened by its code,
every ticket once and no number twice, every thanked accept once, no offer over its
beds), and every message sent at most once (the sink against the outbox), every
matching run done once (each household at most once in a run's proposals, as many as
it counted), every imported row there once. It prints requests per node (their access
logs) and exits 1 on any loss or duplicate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import load
from bench.mail_sink import MailSink

ROOT = load.ROOT
NGINX = """worker_processes 1;
pid {out}/nginx.pid;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {out}/nginx-tmp;
    proxy_temp_path {out}/nginx-tmp;
    upstream haven {{ {servers} keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://haven;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Only a node that refused the connection is skipped: a form sent is never sent twice.
            proxy_next_upstream error;
            add_header X-Haven-Node $upstream_addr always;
        }}
    }}
}}
"""


def node_env(args: argparse.Namespace, sink_port: int) -> dict[str, str]:
    return {
        **load.server_env(args), "HAVEN_TASKS_BACKEND": "rq", "REDIS_URL": args.redis_url, "HAVEN_PROXY_COUNT": "1",
        "HAVEN_MATCH_SECONDS": "2", "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink_port), "DJANGO_SETTINGS_MODULE": "haven.settings",
        **({"DATABASE_POOL": str(args.pool)} if args.pool else {}),
    }  # fmt: skip


class Processes:
    """Everything this run starts, each in a session of its own, and stopped at the end."""

    def __init__(self, out: Path, env: dict[str, str]) -> None:
        self.out, self.env = out, env
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        with (self.out / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        self.running[name] = process
        return process

    def manage(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        return self.start(name, sys.executable, "manage.py", *args)

    def stop(self, *names: str) -> None:
        chosen = [self.running.pop(n) for n in (names or list(self.running)) if n in self.running]
        for process in chosen:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in chosen:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Coordinator:
    """From this process, as coordinators do: matching runs in every city, and imports."""

    def __init__(self) -> None:
        from haven.accounts.models import Region, User

        self.user = User.objects.get(email="coordinator.almaty@demo.haven")
        self.regions = list(Region.objects.filter(slug__in=["almaty", "astana", "bishkek"]))
        self.runs: set[int] = set()
        self.imports: dict[int, int] = {}  # job pk -> rows
        self.asked = 0

    def match(self) -> None:
        from haven.matching import services as matching

        for region in self.regions:
            self.runs.add(matching.start_run(region=region, by=self.user).pk)

    def ask_still_needed(self, count: int) -> None:
        """A coordinator asks imported groups "still need a place?": a message each, by e-mail."""
        from haven.registry.models import Household
        from haven.registry.services import ask_still_needed

        for household in Household.objects.filter(alias__startswith="Импорт ").order_by("pk")[
            self.asked : self.asked + count
        ]:
            ask_still_needed(household=household, by=self.user)
            self.asked += 1

    def import_sheet(self, rows: int) -> Any:
        from django.utils import timezone

        from haven.imports import reading
        from haven.imports import services as imports

        k = len(self.imports)
        first = timezone.localdate()
        until = first + dt.timedelta(days=5)
        body = "".join(f"Импорт {k}-{n},1,{first:%d.%m.%Y},{until:%d.%m.%Y},i{k}-{n}@load.haven\n" for n in range(rows))
        table = reading.read_table(f"sheet{k}.csv", ("Имя,Взрослые,Заезд,Выезд,E-mail\n" + body).encode())
        job = imports.start(
            region=self.regions[0], by=self.user, source="two-nodes", file_name=f"sheet{k}.csv", table=table
        )
        job = imports.set_mapping(
            job=job,
            mapping={"alias": 0, "adults": 1, "needed_from": 2, "needed_until": 3, "contact_email": 4},
            remember=False,
        )
        self.imports[job.pk] = rows
        return imports.queue(job=job)


def kill_a_worker_mid_import(
    procs: Processes, coordinator: Coordinator, args: argparse.Namespace, events: list[str]
) -> None:
    """Queue a big import, wait until a worker runs it, and kill that worker and its job's process."""
    from django_rq import get_queue
    from rq import Worker

    from haven.imports.models import ImportJob, ImportStatus

    job = coordinator.import_sheet(args.kill_rows)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, processed__gt=0).exists()
        queue = get_queue("default")
        holder = next(
            (w for w in Worker.all(queue=queue) if (j := w.get_current_job()) and list(j.args) == [str(job.public_id)]),
            None,
        )
        name = next((n for n, p in procs.running.items() if holder and p.pid == int(holder.pid or 0)), None)
        if running and name:
            process = procs.running.pop(name)
            horses = children(process.pid)
            for pid in [*horses, process.pid]:  # the job first, then its worker: the machine is gone
                os.kill(pid, signal.SIGKILL)
            process.wait()
            done = ImportJob.objects.get(pk=job.pk)
            events.append(
                f"{time.monotonic() - STARTED:.0f} s: SIGKILL {name} (pid {process.pid}) and its job's process "
                f"{horses} inside import {job.pk}, {done.processed} of {done.total} rows committed"
            )
            time.sleep(5)
            procs.manage(f"{name}-again", "rqworker", "default", "--name", f"{name}-again")
            events.append(f"{time.monotonic() - STARTED:.0f} s: {name}-again started in its place")
            return
        time.sleep(0.05)
    events.append("no worker was seen inside the import: nothing killed")


STARTED = time.monotonic()


def coordinate(procs: Processes, args: argparse.Namespace, stop: threading.Event, events: list[str]) -> Coordinator:
    coordinator = Coordinator()

    def work() -> None:
        from django.db import connection

        try:
            coordinator.import_sheet(args.import_rows)
            killed, next_match = not args.kill_at, 0.0
            while not stop.wait(1):
                elapsed = time.monotonic() - STARTED
                if not killed and elapsed >= args.kill_at:
                    killed = True
                    kill_a_worker_mid_import(procs, coordinator, args, events)
                coordinator.ask_still_needed(args.asks)
                if elapsed >= next_match:
                    next_match = elapsed + args.match_every
                    coordinator.match()
        except Exception as exc:  # said in the report, not lost in a thread
            events.append(f"the coordinator's thread failed: {exc!r}")
        finally:
            connection.close()

    threading.Thread(target=work, daemon=True, name="coordinator").start()
    return coordinator


def drained() -> bool:
    from django.utils import timezone
    from django_rq import get_queue
    from rq import Worker

    from haven.imports.models import ImportJob, ImportStatus
    from haven.matching.models import MatchRun, RunStatus
    from haven.notify.models import Message, MessageState

    queue = get_queue("default")
    return not (
        MatchRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()
        or ImportJob.objects.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]).exists()
        or Message.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=timezone.now()).exists()
        or queue.count
        or any(w.get_current_job_id() for w in Worker.all(queue=queue))
    )


def check_work(coordinator: Coordinator, sink: MailSink) -> dict[str, Any]:
    """The background work: every message at most once, every run once, every imported row once."""
    from django.db.models import Count

    from haven.imports.models import ImportJob, ImportStatus
    from haven.matching.models import MatchRun, RunStatus, Suggestion
    from haven.notify import channels
    from haven.notify.models import Message, MessageState
    from haven.registry.models import Household

    problems: list[str] = []
    # Messages: the sink's count per address against the outbox's. Sent ones must have
    # arrived; only one taken and never recorded (its sender killed) may have arrived too.
    may_have_gone, sent = Counter[str](), Counter[str]()
    for message in Message.objects.select_related("to_user", "to_household", "to_ticket").exclude(channel=""):
        channel = channels.CHANNELS.get(message.channel)
        address = (
            channel.address(user=message.to_user, household=message.to_household or message.to_ticket)
            if channel
            else None
        )
        if address and message.state == MessageState.SENT:
            sent[address.lower()] += 1
        if address and message.state in (MessageState.SENT, MessageState.SENDING, MessageState.FAILED):
            may_have_gone[address.lower()] += 1
    arrived = Counter(address for mail in sink.received for address in mail.to)
    twice = sum(max(0, arrived[a] - may_have_gone[a]) for a in arrived)
    lost = sum(max(0, sent[a] - arrived[a]) for a in sent)
    problems += [f"{twice} messages arrived more often than the outbox sent them"] * bool(twice)
    problems += [f"{lost} messages recorded as sent never arrived"] * bool(lost)
    states = Counter(Message.objects.values_list("state", flat=True))

    runs = list(MatchRun.objects.filter(pk__in=coordinator.runs))
    not_done = Counter(r.status for r in runs if r.status != RunStatus.DONE)
    problems += [f"matching runs not done: {dict(not_done)}"] * bool(not_done)
    doubled = (
        Suggestion.objects.filter(run__in=runs).values("run_id", "household_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    problems += [f"{doubled.count()} households proposed twice in one run"] * doubled.exists()
    counted = Counter(Suggestion.objects.filter(run__in=runs).values_list("run_id", flat=True))
    miscounted = [r.pk for r in runs if r.status == RunStatus.DONE and counted[r.pk] != (r.stats or {}).get("assigned")]
    problems += [f"{len(miscounted)} runs stored other proposals than they counted"] * bool(miscounted)

    imported: dict[str, Any] = {}
    for pk, rows in coordinator.imports.items():
        job = ImportJob.objects.get(pk=pk)
        k = list(coordinator.imports).index(pk)
        aliases = Counter(Household.objects.filter(alias__startswith=f"Импорт {k}-").values_list("alias", flat=True))
        once = sum(1 for n in range(rows) if aliases[f"Импорт {k}-{n}"] == 1)
        imported[f"import {k}"] = f"{job.status}, attempt {job.attempts}, {once} of {rows} rows there once"
        if job.status != ImportStatus.DONE or once != rows or sum(aliases.values()) != rows:
            problems.append(f"import {k}: {job.status}, {once} of {rows} rows once, {sum(aliases.values())} in all")
        # A batch run twice would hold its rows as duplicates of themselves: none may wait.
        if job.imported != rows or job.duplicates:
            problems.append(f"import {k}: {job.imported} of {rows} counted imported, {len(job.duplicates)} held")
    return {
        "messages in the outbox by state": dict(states),
        "groups asked 'still need a place?'": coordinator.asked,
        "mails that reached the sink": len(sink.received),
        "matching runs": f"{len(runs)} queued, {sum(r.status == RunStatus.DONE for r in runs)} done, "
        f"{sum(r.attempts > 1 for r in runs)} after a second attempt, {sum(counted.values())} proposals",
        **imported,
        "problems": problems,
    }


def per_node(out: Path, nodes: int) -> dict[str, int]:
    return {f"node-{n}": len((out / f"node-{n}-access.log").read_text().splitlines()) for n in range(1, nodes + 1)}


def rq_figures() -> dict[str, int]:
    from django_rq import get_queue

    queue = get_queue("default")
    return {
        "finished": queue.finished_job_registry.count,
        "failed": queue.failed_job_registry.count,
        "started and never finished (a killed worker's, until RQ's clean-up)": queue.started_job_registry.count,
        "left in the queue": queue.count,
    }


def report(args: argparse.Namespace, rows: list[dict[str, str]], figures: dict[str, Any], events: list[str]) -> str:
    lines = [
        f"# Two nodes: {args.users} users, {args.minutes:g} min, nginx -> 2 x gunicorn x{args.workers}, "
        "2 RQ workers, 2 clocks, one PostgreSQL, one Redis",
        "",
        "| action | requests | failures | req/s | median ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Requests/s']):.1f} "
            f"| {r['50%']} | {r['95%']} | {r['99%']} |"
            for r in rows
        ),
        "",
        *(f"- {e}" for e in events),
        "",
        "## Nothing lost, nothing twice",
        "",
    ]
    problems = figures.pop("problems")
    lines += [f"- {k}: {v}" for k, v in figures.items()]
    lines += ["- problems: " + ("none" if not problems else "; ".join(problems))]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per node")
    parser.add_argument("--port", type=int, default=8770, help="the proxy's; the nodes take the next two")
    parser.add_argument("--database", default="haven_two_nodes")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11", help="its database is emptied first")
    parser.add_argument("--pool", type=int, default=0, help="DATABASE_POOL for every process (needs psycopg_pool)")
    parser.add_argument("--hosts", type=int, default=6, help="hosts with proposals waiting")
    parser.add_argument("--proposals", type=int, default=40, help="proposals per host")
    parser.add_argument("--match-every", type=int, default=15, help="seconds between matching runs in every city")
    parser.add_argument("--import-rows", type=int, default=200, help="rows of the import queued at the start")
    parser.add_argument("--asks", type=int, default=5, help="groups asked 'still need a place?' each second")
    parser.add_argument("--kill-at", type=float, default=30, help="seconds in; 0: kill no worker")
    parser.add_argument("--kill-rows", type=int, default=1500, help="rows of the import the killed worker runs")
    parser.add_argument("--drain", type=float, default=150, help="seconds to wait for the queues after the load")
    parser.add_argument("--out", type=Path, default=Path("/tmp/haven-two-nodes"))
    args = parser.parse_args()
    if args.database in {"haven", "test_haven", "postgres"}:
        sys.exit("--database: choose a database of its own, it is dropped first")
    nginx = (
        shutil.which("nginx")
        or shutil.which("nginx", path="/usr/sbin")
        or sys.exit("nginx not found: apt-get install nginx-light")
    )
    gunicorn = shutil.which("gunicorn") or sys.exit("gunicorn not found: run with `uv run --group load`")
    shutil.rmtree(args.out, ignore_errors=True)
    (args.out / "nginx-tmp").mkdir(parents=True)
    (args.out / "acks.jsonl").write_text("")

    sink = MailSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = node_env(args, sink.server_address[1])
    os.environ.update(env)  # this process enqueues runs and imports and checks, as the nodes do
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    hosts = load.prepare(args, env)

    ports = [args.port + 1, args.port + 2]
    servers = "".join(f"server 127.0.0.1:{p};" for p in ports)
    (args.out / "nginx.conf").write_text(NGINX.format(out=args.out, servers=servers, port=args.port))
    procs = Processes(args.out, env)
    events: list[str] = []
    stop = threading.Event()
    try:
        for n, port in enumerate(ports, 1):
            procs.start(
                f"node-{n}", gunicorn, "haven.wsgi:application", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
                "--timeout", "60", "--access-logfile", str(args.out / f"node-{n}-access.log"),
            )  # fmt: skip
            procs.manage(f"worker-{n}", "rqworker", "default", "--name", f"worker-{n}")
            procs.manage(f"clock-{n}", "tick", "--every", "10")
        procs.start(
            "nginx",
            nginx,
            "-c",
            str(args.out / "nginx.conf"),
            "-p",
            str(args.out),
            "-e",
            str(args.out / "nginx-error.log"),
        )
        for port in [args.port, *ports]:
            load.wait_until_up(f"http://127.0.0.1:{port}/")
        global STARTED
        STARTED = time.monotonic()
        coordinator = coordinate(procs, args, stop, events)
        load.run_locust(args, env, hosts, args.out)
        events.append(f"{time.monotonic() - STARTED:.0f} s: the load ended")
        stop.set()
        deadline = time.monotonic() + args.drain
        while not drained() and time.monotonic() < deadline:
            time.sleep(1)
        events.append(f"{time.monotonic() - STARTED:.0f} s: queues {'empty' if drained() else 'NOT empty'}")
    finally:
        stop.set()
        procs.stop()
    figures = {
        **{f"requests to {k}": v for k, v in per_node(args.out, len(ports)).items()},
        **{f"RQ jobs {k}": v for k, v in rq_figures().items()},
    }
    checked = load.check(args.out)
    work = check_work(coordinator, sink)
    problems = checked.pop("problems") + work.pop("problems")
    nodes = [v for k, v in figures.items() if k.startswith("requests to")]
    problems += ["a node served no request"] * (min(nodes) == 0)
    text = report(args, load.latency_table(args.out), {**figures, **checked, **work, "problems": problems}, events)
    (args.out / "report.md").write_text(text)
    print(text)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
