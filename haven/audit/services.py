"""Writing to the audit trail. Every view of personal data goes through ``record``."""

from __future__ import annotations

from typing import Any

from haven.audit.models import Action, Entry, Why


def record(
    *,
    actor: Any,
    action: Action,
    subject_kind: str,
    subject_id: str = "",
    region: Any = None,
    why: Why = Why.PAGE,
    detail: str = "",
) -> Entry:
    """Append one entry. ``detail`` must hold no personal data (a status, a field name)."""
    return Entry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_kind=subject_kind,
        subject_id=str(subject_id),
        region=region,
        why=why,
        detail=detail[:200],
    )


def forget_subject(*, subject_kind: str, subject_id: str) -> int:
    """Blank the subject id of every entry about this record (after erasure)."""
    return Entry.objects.filter(subject_kind=subject_kind, subject_id=str(subject_id)).update(subject_id="", detail="")


def record_listing(*, actor: Any, subject_kind: str, subjects: list[tuple[Any, Any]]) -> int:
    """One entry per record shown in a list page: (public id, region) pairs."""
    entries = [
        Entry(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=Action.LISTED,
            subject_kind=subject_kind,
            subject_id=str(public_id),
            region=region,
            why=Why.PAGE,
        )
        for public_id, region in subjects
    ]
    Entry.objects.bulk_create(entries)
    return len(entries)
