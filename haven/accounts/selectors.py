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


COORDINATING = (Role.COORDINATOR, Role.LEAD)


def _regions_as(user: User, roles: tuple[str, ...]) -> QuerySet[Region]:
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    return Region.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def coordinated_regions(user: User) -> QuerySet[Region]:
    """The regions this person coordinates (as coordinator or lead); empty for everyone else."""
    return _regions_as(user, COORDINATING)


def viewed_regions(user: User) -> QuerySet[Region]:
    """The regions whose figures this person may see: coordinators, leads and viewers."""
    return _regions_as(user, (*COORDINATING, Role.VIEWER))


def led_regions(user: User) -> QuerySet[Region]:
    """The regions whose team this person manages."""
    return _regions_as(user, (Role.LEAD,))


def is_coordinator(user: User) -> bool:
    return coordinated_regions(user).exists()


def needs_second_factor(user: User) -> bool:
    """Anyone with a role in a region, and administrators, may not work without a second factor."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or viewed_regions(user).exists()))
