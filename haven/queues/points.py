"""Setting a point up: its settings, services and counters, and who works there. Each audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from haven.audit import services as audit
from haven.audit.models import Action
from haven.queues.models import Counter, PointStaff, Service, ServicePoint, new_kiosk_key


def record(by: Any, point: ServicePoint, what: str) -> None:
    audit.record(
        actor=by,
        action=Action.QUEUE,
        subject_kind="service-point",
        subject_id=point.slug,
        region=point.region,
        detail=what,
    )


@transaction.atomic
def save_point(*, point: ServicePoint, by: Any, changed: Iterable[str] = ()) -> ServicePoint:
    """Create or change a point's settings (a form has validated them)."""
    point.full_clean()
    point.save()
    record(by, point, "settings " + ", ".join(sorted(changed))[:180] if changed else "settings")
    return point


@transaction.atomic
def save_service(*, service: Service, by: Any) -> Service:
    service.full_clean()
    service.save()
    record(by, service.point, f"service {service.letter}")
    return service


@transaction.atomic
def save_counter(*, counter: Counter, services: Iterable[Service], by: Any) -> Counter:
    counter.full_clean()
    counter.save()
    counter.services.set([s for s in services if s.point_id == counter.point_id])
    record(by, counter.point, f"counter {counter.label}")
    return counter


class StaffRefused(Exception):
    def __init__(self, why: str) -> None:  # "no-account"
        super().__init__(why)
        self.why = why


@transaction.atomic
def add_staff(*, point: ServicePoint, email: str, by: Any) -> PointStaff:
    from haven.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise StaffRefused("no-account")
    staff, _ = PointStaff.objects.get_or_create(point=point, user=user)
    audit.record(
        actor=by,
        action=Action.TEAM,
        subject_kind="user",
        subject_id=str(user.public_id),
        region=point.region,
        detail=f"added staff of {point.slug}",
    )
    return staff


@transaction.atomic
def remove_staff(*, staff: PointStaff, by: Any) -> None:
    audit.record(
        actor=by, action=Action.TEAM, subject_kind="user", subject_id=str(staff.user.public_id), region=staff.point.region,
        detail=f"removed staff of {staff.point.slug}",
    )  # fmt: skip
    staff.delete()


@transaction.atomic
def new_kiosk_link(*, point: ServicePoint, by: Any) -> ServicePoint:
    """A new secret for the kiosk's link, when the old one got out: the old link stops working."""
    point.kiosk_key = new_kiosk_key()
    point.save(update_fields=["kiosk_key"])
    record(by, point, "new kiosk link")
    return point
