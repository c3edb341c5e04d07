from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from haven.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by services, never edited by hand."""

    list_display = ["at", "actor", "action", "subject_kind", "subject_id", "region", "why"]
    list_filter = ["action", "subject_kind", "region", "why"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
