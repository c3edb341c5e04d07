"""Reads about people and regions, with the rules of who may see what."""

from __future__ import annotations

from django.db.models import QuerySet

from haven.accounts.models import District, Region, Role, User


def active_regions(keep: Region | None = None) -> QuerySet[Region]:
    """Regions open for registrations, and ``keep`` (a record's own region, even if closed)."""
    qs = Region.objects.filter(is_active=True)
    return (qs | Region.objects.filter(pk=keep.pk)).distinct() if keep else qs


def districts_of(region: Region | None, keep: Region | None = None) -> QuerySet[District]:
    qs = District.objects.select_related("region").filter(region__in=active_regions(keep))
    return qs.filter(region=region) if region else qs


def coordinated_regions(user: User) -> QuerySet[Region]:
    """The regions this person coordinates; empty for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    return Region.objects.filter(memberships__user=user, memberships__role=Role.COORDINATOR).distinct()


def is_coordinator(user: User) -> bool:
    return coordinated_regions(user).exists()


def needs_second_factor(user: User) -> bool:
    """Coordinators and administrators may not work without a second factor."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or is_coordinator(user)))
