"""Matching runs in the admin, read-only and without households.

Suggestions and exclusions name households, which are not in the admin (see
``haven/registry/admin.py``); coordinators see them in the back-office, audited.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from haven.matching.models import MatchRun


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["public_id", "region", "status", "progress", "score", "upper_bound", "created_at"]
    list_filter = ["region", "status"]
    fields = ("public_id", "region", "requested_by", "status", "progress", "score", "upper_bound", "stats", "error",
              "created_at", "started_at", "finished_at")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
