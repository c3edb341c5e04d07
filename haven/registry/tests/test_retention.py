"""Households are kept no longer than the retention period, and the audit trail forgets them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action, Entry, Why
from haven.registry import retention
from haven.registry.models import Household
from haven.registry.services import register_household, withdraw_household

pytestmark = pytest.mark.django_db


def a_household(region: Any, first: int, last: int, alias: str = "Алексей") -> Household:
    today = timezone.localdate()
    return register_household(
        alias=alias, adults=1, children=0, languages=["ru"], region=region, contact_email="a@example.org",
        needed_from=today + dt.timedelta(days=first), needed_until=today + dt.timedelta(days=last),
    ).household  # fmt: skip


def test_a_need_over_for_longer_than_the_period_is_erased_and_forgotten(almaty, settings, coordinator):
    settings.HAVEN_RETENTION_DAYS = 30
    old = a_household(almaty, 0, 3)
    recent = a_household(almaty, 0, 3, "Ирина")
    audit.record(
        actor=coordinator, action=Action.VIEWED, subject_kind="household", subject_id=str(old.public_id), region=almaty
    )
    later = timezone.now() + dt.timedelta(days=34)
    Household.objects.filter(pk=recent.pk).update(needed_until=timezone.localdate() + dt.timedelta(days=20))
    assert retention.purge(now=later) == 1
    assert list(Household.objects.all()) == [recent]
    assert not Entry.objects.filter(subject_id=str(old.public_id)).exists()
    assert Entry.objects.filter(action=Action.ERASED, why=Why.RETENTION, region=almaty).count() == 1
    assert Entry.objects.filter(action=Action.VIEWED, actor=coordinator).exists()  # that someone looked is kept


def test_a_withdrawn_household_is_erased_once_left_alone_for_the_period(almaty, settings):
    settings.HAVEN_RETENTION_DAYS = 10
    household = a_household(almaty, 0, 60)
    withdraw_household(household)
    assert retention.purge(now=timezone.now() + dt.timedelta(days=5)) == 0
    assert retention.purge(now=timezone.now() + dt.timedelta(days=11)) == 1


def test_two_clocks_that_saw_the_same_household_erase_it_once(almaty, settings, monkeypatch):
    settings.HAVEN_RETENTION_DAYS = 10
    household = a_household(almaty, 0, 3)
    later = timezone.now() + dt.timedelta(days=14)
    seen = retention.expired(now=later)  # what the second clock read before the first erased it
    assert retention.purge(now=later) == 1
    monkeypatch.setattr(retention, "expired", lambda now=None: seen)
    assert retention.purge(now=later) == 0
    assert not Household.objects.filter(pk=household.pk).exists()
    assert Entry.objects.filter(action=Action.ERASED, why=Why.RETENTION).count() == 1


def test_a_household_still_staying_is_kept(almaty, settings, host, coordinator):
    from haven.stays import services as stays
    from haven.stays.tests.helpers import an_offer

    settings.HAVEN_RETENTION_DAYS = 1
    household = a_household(almaty, 0, 3)
    offer = an_offer(almaty, host)
    (stay,) = stays.propose(
        household=household,
        legs=[stays.LegRequest(offer, household.needed_from, household.needed_until)],
        by=coordinator,
    )
    stays.host_accept(stay=stay, by=host)
    stays.guest_confirm(stay=stay)
    from haven.stays.models import Stay

    Stay.objects.filter(pk=stay.pk).update(end=timezone.localdate() + dt.timedelta(days=30))  # extended
    assert retention.purge(now=timezone.now() + dt.timedelta(days=6)) == 0
