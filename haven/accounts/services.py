"""Who holds which role in a region: changed by the region's lead coordinators, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from haven.accounts.models import Membership, Region, Role, User
from haven.audit import services as audit
from haven.audit.models import Action


class TeamRefused(Exception):
    def __init__(self, why: str) -> None:  # "no-account", "self", "last-lead"
        super().__init__(why)
        self.why = why


@transaction.atomic
def add_member(*, region: Region, email: str, role: str, by: Any) -> Membership:
    """Give a person with an account a role in the region (they set up a second factor at their next login)."""
    if role not in Role.values:
        raise ValueError(role)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise TeamRefused("no-account")
    membership, _ = Membership.objects.get_or_create(user=user, region=region, role=role)
    audit.record(
        actor=by, action=Action.TEAM, subject_kind="user", subject_id=str(user.public_id), region=region,
        detail=f"added {role}",
    )  # fmt: skip
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: Any) -> None:
    """Take a role away; a lead cannot remove their own lead role, nor the region's last lead."""
    locked = Membership.objects.select_for_update().select_related("user", "region").get(pk=membership.pk)
    if locked.role == Role.LEAD:
        if locked.user == by:
            raise TeamRefused("self")
        if Membership.objects.filter(region=locked.region, role=Role.LEAD).count() <= 1:
            raise TeamRefused("last-lead")
    audit.record(
        actor=by, action=Action.TEAM, subject_kind="user", subject_id=str(locked.user.public_id),
        region=locked.region, detail=f"removed {locked.role}",
    )  # fmt: skip
    locked.delete()
