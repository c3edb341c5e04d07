"""The demo's queues: Almaty's registration centre with a morning behind it, and a
legal-aid desk in Bishkek.

The Almaty centre is open round the clock in the demo, so that whoever runs it at
night still sees a queue move; the Bishkek desk keeps office hours, to show how a
closed point offers a later day instead.
"""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urljoin

from django.utils import timezone

from haven.accounts.models import Region, User
from haven.demo import data
from haven.queues.models import Counter, CounterState, PointDay, PointStaff, Service, ServicePoint, Ticket, TicketState

ALMATY_SLUG = "almaty-centre"
HISTORY_DAYS = 13


def load(*, rng: random.Random, regions: dict[str, Region], staff: User, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    almaty = _point(
        regions["almaty"], ALMATY_SLUG, ("Миграционный центр Алматы", "Алматы көші-қон орталығы", "Almaty migration centre"),
        address="ул. Карасай батыра 95", weekdays="0123456", opens=dt.time(0, 0), closes=dt.time(23, 59), limit=400,
    )  # fmt: skip
    registration = _service(almaty, "R", ("Регистрация", "Тіркеу", "Registration"), 6)
    documents = _service(almaty, "D", ("Документы", "Құжаттар", "Documents"), 12)
    counters = [
        _counter(almaty, "1", [registration], CounterState.OPEN),
        _counter(almaty, "2", [registration, documents], CounterState.OPEN),
        _counter(almaty, "3", [documents], CounterState.PAUSED),
    ]
    PointStaff.objects.create(point=almaty, user=staff)
    _history(rng, almaty, [registration, documents], counters, now)

    bishkek = _point(
        regions["bishkek"], "bishkek-legal-aid", ("Юридическая помощь, Бишкек", "Заң көмегі, Бішкек", "Legal aid, Bishkek"),
        address="ул. Киевская 120", weekdays="01234", opens=dt.time(10), closes=dt.time(17), limit=60,
        timezone="Asia/Bishkek",
    )  # fmt: skip
    advice = _service(bishkek, "L", ("Консультация юриста", "Заңгер кеңесі", "A lawyer's advice"), 20)
    _counter(bishkek, "A", [advice], CounterState.OPEN)


def _point(region: Region, slug: str, names: tuple[str, str, str], *, address: str, weekdays: str, opens: dt.time,
           closes: dt.time, limit: int, timezone: str = "Asia/Almaty") -> ServicePoint:  # fmt: skip
    return ServicePoint.objects.create(
        slug=slug, region=region, name_ru=names[0], name_kk=names[1], name_en=names[2], address=address,
        weekdays=weekdays, opens_at=opens, closes_at=closes, daily_limit=limit, timezone=timezone,
        notify_ahead=3, appointment_percent=30, slot_minutes=30,
    )  # fmt: skip


def _service(point: ServicePoint, letter: str, names: tuple[str, str, str], minutes: int) -> Service:
    return Service.objects.create(
        point=point, letter=letter, name_ru=names[0], name_kk=names[1], name_en=names[2], default_minutes=minutes
    )


def _counter(point: ServicePoint, label: str, services: list[Service], state: str) -> Counter:
    counter = Counter.objects.create(point=point, label=label, state=state)
    counter.services.set(services)
    return counter


def _history(rng: random.Random, point: ServicePoint, services: list[Service], counters: list[Counter],
             now: dt.datetime) -> None:  # fmt: skip
    """Two weeks of served days for the figures, and today so far: served, one at a counter, some waiting."""
    today = timezone.localtime(now, point.zone).date()
    serves = {c.pk: set(c.services.all()) for c in counters[:2]}
    tickets: list[Ticket] = []
    taken: dict[dt.date, int] = {}
    for back in range(HISTORY_DAYS, -1, -1):
        day = today - dt.timedelta(days=back)
        start = dt.datetime.combine(day, dt.time(9), tzinfo=point.zone)
        end = now if back == 0 else dt.datetime.combine(day, dt.time(18), tzinfo=point.zone)
        if back == 0:
            start = min(start, now - dt.timedelta(hours=1))
            start = max(start, dt.datetime.combine(day, dt.time(0), tzinfo=point.zone))
        numbers = dict.fromkeys(services, 0)
        free_at = {c.pk: start for c in counters[:2]}
        arrival = start
        while True:
            arrival += dt.timedelta(minutes=rng.expovariate(1 / (2.5 if back else 4)))
            if arrival >= end:
                break
            service = services[0] if rng.random() < 0.7 else services[1]
            numbers[service] += 1
            ticket = Ticket(
                point=point, day=day, issued_for=service, service=service, letter=service.letter,
                number=numbers[service], queued_at=arrival, state=TicketState.WAITING, language="ru",
            )  # fmt: skip
            counter = min((c for c in counters[:2] if service in serves[c.pk]), key=lambda c: free_at[c.pk])
            called = max(arrival, free_at[counter.pk])
            minutes = rng.lognormvariate(1.6, 0.5) * (1.6 if service.letter == "D" else 1)
            finished = called + dt.timedelta(minutes=minutes)
            if called < now - dt.timedelta(minutes=20) or back:
                outcome = TicketState.NO_SHOW if rng.random() < 0.05 else TicketState.SERVED
                ticket.state, ticket.called_at, ticket.finished_at = outcome, called, finished
                ticket.counter = counter
                free_at[counter.pk] = finished if outcome == TicketState.SERVED else called + dt.timedelta(minutes=3)
            tickets.append(ticket)
        taken[day] = sum(numbers.values())
    Ticket.objects.bulk_create(tickets)
    PointDay.objects.bulk_create([PointDay(point=point, day=d, taken=n) for d, n in taken.items()])
    # One visitor at counter 1 right now.
    first = Ticket.objects.filter(point=point, day=today, state=TicketState.WAITING, service__letter="R").first()
    if first is not None:
        Ticket.objects.filter(pk=first.pk).update(
            state=TicketState.CALLED, counter=counters[0], called_at=now - dt.timedelta(minutes=2), calls=1
        )


def report_lines(base: str) -> list[str]:
    """What the demo command prints about the queues."""
    almaty = ServicePoint.objects.filter(slug=ALMATY_SLUG).first()
    if almaty is None:
        return []
    waiting = Ticket.objects.filter(
        point=almaty, state=TicketState.WAITING, day=timezone.localtime(timezone.now(), almaty.zone).date()
    ).count()
    return [
        f"Queue: {almaty.name_en}, {waiting} waiting now. Take a ticket on a phone at {urljoin(base, f'q/{almaty.slug}/')};",
        f"  the screen for the hall: {urljoin(base, f'q/{almaty.slug}/display/')};",
        f"  the kiosk at the door: {urljoin(base, f'q/{almaty.slug}/kiosk/{almaty.kiosk_key}/')};",
        f"  staff call tickets at {urljoin(base, f'q/{almaty.slug}/console/')} as {data.QUEUE_STAFF_EMAIL} "
        f"(password {data.DEMO_PASSWORD}, no TOTP).",
    ]
