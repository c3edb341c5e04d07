"""The world the access matrix walks (tests/test_access.py): one of each of Almaty's
records, a logged-in browser for each kind of person, and the values that fill each
address's parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from conftest import activate_totp, logged_in, make_coordinator, make_user
from haven.accounts.models import Membership, Role


def build_world(almaty: Any, bishkek: Any, host: Any) -> dict[str, Any]:
    """Almaty's records, a browser for each kind of person, and the values that fill each
    address's parameters with an object of Almaty's."""
    from haven.queues import services as queues
    from haven.queues.links import token as ticket_token
    from haven.queues.models import PointStaff
    from haven.queues.tests.conftest import make_point
    from haven.registry.services import register_household
    from haven.relocation import services as relocation
    from haven.stays.tests.helpers import a_household, an_offer, proposed
    from haven.workspaces import services as desks
    from haven.workspaces.links import token as booking_token
    from haven.workspaces.models import SpaceManager
    from haven.workspaces.tests.conftest import make_space

    today = timezone.localdate()
    arrival = register_household(
        alias="Алексей", adults=1, children=0, languages=["ru"], region=almaty, needed_from=today,
        needed_until=today + dt.timedelta(days=3), contact_telegram="@alexei_k",
    )  # fmt: skip
    coord_a = make_coordinator("ekaterina@example.org", almaty)
    offer = an_offer(almaty, host)
    stay = proposed(arrival.household, offer, by=coord_a)
    other = a_household(almaty, "Ирина")
    point = make_point(almaty, weekdays="0123456", opens_at=dt.time(0), closes_at=dt.time(23, 59))
    ticket = queues.take_ticket(point=point, service=point.services.get(letter="R"), by_kiosk=True)
    space = make_space(almaty, desks=5)
    booking = desks.book(workspace=space, first_day=today, last_day=today, desks=1, user=host)
    people = {
        "stranger": make_user("stranger@example.org"), "host": host, "coord_a": coord_a,
        "coord_b": make_coordinator("aibek@example.org", bishkek), "staff": make_user("marat@example.org"),
        "manager": make_user("aigerim@example.org"), "employer": make_user("olga@example.org"),
        "viewer": make_user("viewer@example.org"), "admin": make_user("admin@example.org", is_staff=True, is_superuser=True),
    }  # fmt: skip
    Membership.objects.create(user=people["viewer"], region=almaty, role=Role.VIEWER)
    activate_totp(people["viewer"])
    activate_totp(people["admin"])
    PointStaff.objects.create(point=point, user=people["staff"])
    SpaceManager.objects.create(workspace=space, user=people["manager"])
    company = relocation.create_company(name="Steppe", contact="hr@steppe.example", by=people["employer"])
    request = relocation.file_request(
        company=company, by=people["employer"], rows=[], region=almaty, district=None, first_night=today,
        leaving_on=today + dt.timedelta(days=3), company_pays=False, budget_per_night=None, currency="",
    ).request  # fmt: skip
    from decimal import Decimal

    from haven.rentals import services as rentals

    rentals.accept_pledge(host)
    flat = rentals.save_listing(
        landlord=host, region=almaty, district=almaty.districts.first(), address="ул. Абая 1, кв. 2", rooms=2,
        area_m2=50, floor=3, furnished=True, pets_ok=False, children_ok=True, rent=Decimal(250000), currency="KZT",
        deposit=Decimal(0), min_term_months=3, available_from=today, description="Светлая квартира",
    )  # fmt: skip
    complaint = rentals.report_discrimination(listing=flat, kind="ad", text="")
    from haven.checklists.tests.conftest import make_route

    route = make_route(almaty, by=coord_a, steps=2)
    from haven.helppoints.tests.conftest import make_point

    help_point = make_point(almaty, by=coord_a)
    from haven.guide.links import token as clock_token
    from haven.guide.models import RuleSet
    from haven.guide.services import save_clock
    from haven.guide.stayclock import Trip

    clock = save_clock(
        household=arrival.household, rule_set=RuleSet.objects.get(slug="schengen"), trips=[Trip(today, None)]
    )
    clients = {name: logged_in(user) for name, user in people.items()}
    clients["anonymous"] = Client()
    clients["arrival"] = Client()
    clients["arrival"].post("/code/", {"code": arrival.code})
    values = {
        "public_id": {
            "hosting:edit-offer": offer.public_id, "hosting:offer-status": offer.public_id,
            "stays:host-stay": stay.public_id, "stays:host-move": stay.public_id, "stays:guest-stay": stay.public_id,
            "stays:guest-move": stay.public_id, "stays:coordinator-cancel": stay.public_id,
            "backoffice:offer": offer.public_id, "backoffice:vet": offer.public_id, "relocation:progress": request.public_id,
            **dict.fromkeys(
                ["rentals:listing", "rentals:ask", "rentals:edit", "rentals:withdraw", "rentals:photos", "rentals:report",
                 "rentals:review"], flat.public_id,
            ),
            "rentals:decide-report": complaint.public_id,
            "helppoints:coord-edit": help_point.public_id, "helppoints:coord-shown": help_point.public_id,
            "guide:clock-saved": clock.public_id, "guide:clock-forget": clock.public_id,
            **dict.fromkeys(
                ["checklists:route", "checklists:tick", "checklists:coord-route", "checklists:coord-new-step"],
                route.public_id,
            ),
        },
        "token": {
            "queues:ticket": ticket_token(ticket.public_id), "queues:leave": ticket_token(ticket.public_id),
            "queues:kiosk-ticket": ticket_token(ticket.public_id), "workspaces:booking": booking_token(booking.code),
            "workspaces:booking-move": booking_token(booking.code),
            "guide:clock-link": clock_token(str(clock.public_id), "n1"),
        },
        "default": {
            "public_id": other.public_id, "slug": point.slug, "key": point.kiosk_key, "letter": "R",
            "counter_id": point.counters.get(label="1").pk, "move": "accept", "what": "close", "company": company.slug,
            "row": 1, "action": "import", "pk": 1, "token": "forged", "step_id": route.steps.first().public_id,
        },
    }  # fmt: skip
    return {"clients": clients, "values": values, "space": space}
