"""Who may read which audit entries."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from haven.accounts.selectors import coordinated_regions
from haven.audit.models import Entry


def audit_entries_for(user: Any) -> QuerySet[Entry]:
    """Administrators: every entry. Coordinators: their cities' entries and their own."""
    entries = Entry.objects.select_related("actor", "region").order_by("-at", "-pk")
    if user.is_superuser:
        return entries
    return entries.filter(Q(region__in=coordinated_regions(user)) | Q(actor=user))
