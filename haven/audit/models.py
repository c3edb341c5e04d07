"""The audit trail: who saw or changed whose data, when, and why.

An entry names its subject only by kind and opaque public id, never by content, so
the trail itself holds no personal data. When a household erases itself, the ids in
its entries are blanked (see ``forget_subject``): the trail keeps that a coordinator
looked, not at whom.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    LISTED = "listed", _("Shown in a list")
    REVEALED_CONTACT = "revealed-contact", _("Revealed contact details")
    VETTED = "vetted", _("Changed vetting")
    PRIORITY = "priority", _("Changed priority")
    ASKED_STILL_NEEDED = "asked-still-needed", _("Asked whether a place is still needed")
    EXPORTED = "exported", _("Exported a list")
    IMPORTED = "imported", _("Imported a sheet")
    TEAM = "team", _("Changed a region's team")
    QUEUE = "queue", _("Changed a queue")
    WORKSPACE = "workspace", _("Changed a workspace")
    ACCEPTED_SUGGESTION = "accepted-suggestion", _("Accepted a suggestion")
    REJECTED_SUGGESTION = "rejected-suggestion", _("Rejected a suggestion")
    ERASED = "erased", _("Erased on request")
    RENTAL = "rental", _("Decided on a rental or a report")
    RULES = "rules", _("Changed a stay rule set")
    HELP_POINT = "help-point", _("Changed a help point")
    CHECKLIST = "checklist", _("Changed an onward checklist")
    API_TOKEN = "api-token", _("Made or revoked a partner's API token")


class Why(models.TextChoices):
    """Why personal data was shown: chosen by the coordinator, or set by the page."""

    PAGE = "page", _("Opened the record")
    MATCHING = "matching", _("To arrange a place to stay")
    FOLLOW_UP = "follow-up", _("To check whether the need is still there")
    SAFETY = "safety", _("A safety concern")
    OWNER = "owner", _("Requested by the person themselves")
    RETENTION = "retention", _("Kept no longer than the retention period")


class Entry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("who")
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    subject_kind = models.CharField(_("kind of record"), max_length=30)
    subject_id = models.CharField(_("record"), max_length=40, blank=True, db_index=True)
    region = models.ForeignKey(
        "accounts.Region", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("region")
    )
    why = models.CharField(_("why"), max_length=20, choices=Why.choices, default=Why.PAGE)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject_kind}"
