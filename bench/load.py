"""Haven under load, on this machine only: gunicorn on PostgreSQL, a task worker, locust.

    uv run --group load python -m bench.load                         # 50 users, 10 minutes
    uv run --group load python -m bench.load --minutes 1 --users 20  # a quick look
    uv run --group load python -m bench.load --restart-postgres-at 300

It makes a database of its own (``haven_load``, dropped first), fills it with the demo,
adds hosts with proposals waiting, starts gunicorn and ``db_worker`` on it, and lets
locust's users (``bench/locustfile.py``) register households and look up their codes,
take queue tickets and accept proposals on 127.0.0.1 for the time given. With
``--restart-postgres-at`` it restarts PostgreSQL (the whole local server: never run
it beside CI) that many seconds in, to see requests fail cleanly and Haven recover.

Afterwards it checks the database against what people were told: every registration
shown a case code is there exactly once and its code opens it; every ticket given is
there once and no number was given twice; every accept thanked was recorded once and
no offer holds more people than beds on any night. It prints throughput and latency
per action (and writes ``report.md``, locust's CSV files and the acknowledgements to
``--out``); it exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "haven-load-2022"  # noqa: S105 - the load's own throwaway hosts


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: PostgreSQL's client programs are needed")
    return found


def server_env(args: argparse.Namespace) -> dict[str, str]:
    big = "1000000/60"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DEBUG": "0", "SECRET_KEY": "load-test-only-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0", "HAVEN_TASKS_BACKEND": "database", "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # One address sends all the load: the per-address limits would stop it at once.
        "HAVEN_RATE_REGISTER": big, "HAVEN_RATE_CODE_LOOKUP": big, "HAVEN_RATE_QUEUE_TICKET": big,
    }  # fmt: skip


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(args: argparse.Namespace, env: dict[str, str]) -> list[str]:
    """A fresh database with the demo, and hosts whose proposals wait; the hosts' e-mails."""
    connect = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run([pg_tool("dropdb"), *connect, "--if-exists", "--force", args.database], check=True)
    subprocess.run([pg_tool("createdb"), *connect, args.database], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "seed_demo", "--households", "60", "--offers", "30")
    return django_in(env, lambda: add_hosts_with_proposals(args.hosts, args.proposals))


def django_in(env: dict[str, str], work: Any) -> Any:
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "HAVEN_TASKS_BACKEND")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    import django

    django.setup()
    return work()


def add_hosts_with_proposals(hosts: int, proposals: int) -> list[str]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from haven.accounts.models import Region, User
    from haven.hosting.services import create_offer
    from haven.queues.models import ServicePoint
    from haven.registry.services import register_household
    from haven.stays import services as stays

    almaty = Region.objects.get(slug="almaty")
    coordinator = User.objects.get(email="coordinator.almaty@demo.haven")
    ServicePoint.objects.filter(slug="almaty-centre").update(daily_limit=1_000_000, one_ticket_per_person=False)
    today = timezone.localdate()
    password = make_password(PASSWORD)
    emails = []
    for n in range(hosts):
        email = f"load.host{n:03d}@load.haven"
        host = User.objects.create(email=email, password=password, display_name=f"Load host {n}")
        EmailAddress.objects.create(user=host, email=email, verified=True, primary=True)
        offer = create_offer(
            host=host, kind="room", region=almaty, district=almaty.districts.first(), address=f"ул. Нагрузки {n}",
            beds=2, max_households=1, max_nights=3, languages=["ru"], available_from=today, available_until=None,
            price_per_night=None, currency="", rules="",
        )  # fmt: skip
        for k in range(proposals):  # one after another: 3 nights each
            start = today + dt.timedelta(days=3 * k)
            household = register_household(
                alias=f"Гость {n}-{k}", region=almaty, needed_from=start, needed_until=start + dt.timedelta(days=3),
                adults=1, children=0, languages=["ru"],
            ).household  # fmt: skip
            stays.propose(
                household=household, legs=[stays.LegRequest(offer, start, start + dt.timedelta(days=3))], by=coordinator
            )
        emails.append(email)
    return emails


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our own loopback server
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server did not answer at {url}")


def restart_postgres_after(seconds: float, log: list[str]) -> threading.Thread:
    def restart() -> None:
        time.sleep(seconds)
        # The cluster that listens on 5432: pg_lsclusters prints "version name port ...".
        listing = subprocess.run([pg_tool("pg_lsclusters"), "--no-header"], capture_output=True, text=True, check=True)
        version, name = next(line.split()[:2] for line in listing.stdout.splitlines() if line.split()[2] == "5432")
        started = time.monotonic()
        log.append(f"PostgreSQL restart at {seconds:.0f} s")
        subprocess.run(
            [pg_tool("pg_ctlcluster"), "--skip-systemctl-redirect", version, name, "restart", "-m", "fast"], check=False
        )
        log.append(f"PostgreSQL back after {time.monotonic() - started:.1f} s")

    thread = threading.Thread(target=restart, daemon=True)
    thread.start()
    return thread


def run_locust(args: argparse.Namespace, env: dict[str, str], hosts: list[str], out: Path) -> None:
    locust = shutil.which("locust") or sys.exit("locust not found: run with `uv run --group load`")
    load_env = {
        **env, "HAVEN_LOAD_ACKS": str(out / "acks.jsonl"), "HAVEN_LOAD_HOSTS": json.dumps(hosts),
        "HAVEN_LOAD_PASSWORD": PASSWORD,
    }  # fmt: skip
    subprocess.run(
        [
            locust, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{int(args.minutes * 60)}s",
            "--host", f"http://127.0.0.1:{args.port}", "--csv", str(out / "locust"), "--stop-timeout", "15",
        ],
        cwd=ROOT, env=load_env, check=False,
    )  # fmt: skip


def check(out: Path) -> dict[str, Any]:
    """What people were told, against what the database holds."""
    from django.db import connections
    from django.db.models import Count, Q

    connections.close_all()  # this process's connection may predate a restart of PostgreSQL

    from haven.hosting.models import Offer
    from haven.queues import links
    from haven.queues.models import Ticket
    from haven.registry.models import Household
    from haven.registry.selectors import household_by_code
    from haven.stays.models import Stay, StayEvent
    from haven.stays.services import occupancy

    acks = [json.loads(line) for line in (out / "acks.jsonl").read_text().splitlines() if line.strip()]
    by_kind = Counter(a["kind"] for a in acks if a["kind"] != "sent")
    problems: list[str] = []

    registrations = [a for a in acks if a["kind"] == "registration"]
    tokens = [a["token"] for a in registrations]
    if len(set(tokens)) != len(tokens):
        problems.append("a submission token was acknowledged twice")
    found = Counter(
        str(t) for t in Household.objects.filter(submission_token__in=tokens).values_list("submission_token", flat=True)
    )
    missing = [t for t in tokens if found[t] == 0]
    twice = [t for t in tokens if found[t] > 1]
    wrong_code = [
        a["token"]
        for a in registrations
        if (h := household_by_code(a["code"])) is None or str(h.submission_token) != a["token"]
    ]
    loaded = Household.objects.filter(alias__startswith="Load ").count()
    # Every household the load made came from a form it sent (none from nowhere).
    sent = {a["token"] for a in acks if a["kind"] == "sent"}
    made = {
        str(t) for t in Household.objects.filter(alias__startswith="Load ").values_list("submission_token", flat=True)
    }
    problems += [f"{len(made - sent)} households were made from no form sent"] * bool(made - sent)
    problems += [f"{len(missing)} acknowledged registrations are missing"] * bool(missing)
    problems += [f"{len(twice)} registrations are there twice"] * bool(twice)
    problems += [f"{len(wrong_code)} case codes do not open their request"] * bool(wrong_code)

    tickets = [links.public_id_of(a["token"]) for a in acks if a["kind"] == "ticket"]
    ticket_rows = Ticket.objects.filter(public_id__in=[t for t in tickets if t]).count()
    if ticket_rows != len(tickets):
        problems.append(f"{len(tickets) - ticket_rows} acknowledged tickets are missing")
    reused = Ticket.objects.values("service_id", "day", "number").annotate(n=Count("id")).filter(n__gt=1).count()
    problems += [f"{reused} ticket numbers were given twice"] * bool(reused)

    accepted = [a["stay"] for a in acks if a["kind"] == "accept"]
    events = Counter(
        str(s)
        for s in StayEvent.objects.filter(move="accept", stay__public_id__in=accepted).values_list(
            "stay__public_id", flat=True
        )
    )
    not_once = [s for s in accepted if events[s] != 1]
    problems += [f"{len(not_once)} thanked accepts are not recorded exactly once"] * bool(not_once)
    twice_accepted = (
        StayEvent.objects.filter(move="accept").values("stay_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    problems += [f"{twice_accepted} stays were accepted twice"] * bool(twice_accepted)
    offers = list(Offer.objects.filter(Q(stays__isnull=False)).distinct())
    over = [
        key
        for key, (people, households) in occupancy(offers).items()
        if people > next(o.beds for o in offers if o.pk == key[0])
    ]
    problems += [f"{len(over)} offer-nights hold more people than beds"] * bool(over)
    return {
        "acknowledged": dict(by_kind),
        "registrations in the database": loaded,
        "registrations not acknowledged (the person gave up)": loaded - len(set(tokens) - set(missing)),
        "tickets in the database": Ticket.objects.count(),
        "accepted stays": Stay.objects.filter(host_accepted_at__isnull=False).count(),
        "problems": problems,
    }


def latency_table(out: Path) -> list[dict[str, str]]:
    with (out / "locust_stats.csv").open() as f:
        return list(csv.DictReader(f))


def report(args: argparse.Namespace, rows: list[dict[str, str]], checked: dict[str, Any], events: list[str]) -> str:
    lines = [
        f"# Haven under load: {args.users} users, {args.minutes:g} min, gunicorn x{args.workers} on PostgreSQL",
        "",
        "| action | requests | failures | req/s | median ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    lines += ["", *(f"- {e}" for e in events)]
    lines += ["", "## Exactly once", ""]
    lines += [f"- {k}: {v}" for k, v in checked.items() if k != "problems"]
    lines += ["- problems: " + ("none" if not checked["problems"] else "; ".join(checked["problems"]))]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="haven_load")
    parser.add_argument("--hosts", type=int, default=10, help="hosts with proposals waiting (one per host user)")
    parser.add_argument("--proposals", type=int, default=100, help="proposals per host")
    parser.add_argument("--restart-postgres-at", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--out", type=Path, default=Path("/tmp/haven-load"))
    parser.add_argument(
        "--check-only", action="store_true", help="check the database against --out's acknowledgements again"
    )
    args = parser.parse_args()
    if args.database in {"haven", "test_haven", "postgres"}:
        sys.exit("--database: choose a database of its own, it is dropped first")
    if args.check_only:
        checked = django_in(server_env(args), lambda: check(args.out))
        print(
            report(
                args, latency_table(args.out), checked, ["(checked again: the run's own settings are in its report.md)"]
            )
        )
        sys.exit(1 if checked["problems"] else 0)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "acks.jsonl").write_text("")
    env = server_env(args)
    hosts = prepare(args, env)
    gunicorn = shutil.which("gunicorn") or sys.exit("gunicorn not found: run with `uv run --group load`")
    log = (args.out / "servers.log").open("ab")
    servers = [
        subprocess.Popen(
            [gunicorn, "haven.wsgi:application", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        ),
        subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "-v0"], cwd=ROOT, env=env, stdout=log, stderr=log),
    ]  # fmt: skip
    events: list[str] = []
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}/")
        if args.restart_postgres_at is not None:
            restart_postgres_after(args.restart_postgres_at, events)
        run_locust(args, env, hosts, args.out)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    checked = check(args.out)
    text = report(args, latency_table(args.out), checked, events)
    (args.out / "report.md").write_text(text)
    print(text)
    sys.exit(1 if checked["problems"] else 0)


if __name__ == "__main__":
    main()
