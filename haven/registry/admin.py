from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from haven.registry.models import Household


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """An overview without contact details; coordinators open households in the back-office,
    where every view is audited."""

    list_display = ["public_id", "region", "status", "adults", "children", "needed_from", "needed_until"]
    list_filter = ["region", "status"]
    fields = ("public_id", "region", "status", "adults", "children", "needed_from", "needed_until", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
